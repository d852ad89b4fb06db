package dev.blitz.tensor;

import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In-place ops through views of tensors with history, as PyTorch's CopySlices: the base's history takes the
 * write in, the view's becomes a view of it. Expected gradients are derived by hand.
 */
class InPlaceViewAutogradTest {
    private static Tensor x34() {
        return Tensor.of(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}).requiresGrad(true);
    }

    private static void backwardRetainingGraph(Tensor loss) {
        loss.backward(Tensor.full(loss.shape(), 1, loss.dtype(), loss.device()), true);
    }

    @Test
    void theIssuesExample() {
        Tensor x = x34();
        Tensor y = x.mul(2);
        Tensor column = y.get(":, 1");
        column.mulInPlace(3);
        assertEquals("CopySlices", y.gradFn().name());
        assertEquals("AsStridedBackward0", column.gradFn().name());
        assertTrue(y.toString().endsWith("grad_fn=<CopySlices>)"), y.toString());
        y.set("0", 0);
        assertArrayEquals(new double[] {0, 0, 0, 0, 10, 36, 14, 16, 18, 60, 22, 24}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0, 2, 6, 2, 2, 2, 6, 2, 2}, x.grad().toDoubleArray());
    }

    @Test
    void fillsAndCopiesIntoSlicesOfResults() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}).requiresGrad(true);
        Tensor squares = x.mul(x);
        squares.get("1:3").fillInPlace(5);
        assertArrayEquals(new double[] {1, 5, 5, 16}, squares.toDoubleArray());
        squares.sum().backward();
        assertArrayEquals(new double[] {2, 0, 0, 8}, x.grad().toDoubleArray(), "2x outside the filled slice");

        x.setGrad(null);
        Tensor y = x.mul(3);
        y.get("0").copyFrom(Tensor.of(new double[] {7}, new int[0]));
        y.get("3").zeroInPlace();
        assertArrayEquals(new double[] {7, 6, 9, 0}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 3, 3, 0}, x.grad().toDoubleArray());

        x.setGrad(null);
        Tensor w = Tensor.of(new double[] {10, 20}).requiresGrad(true);
        Tensor z = x.mul(3);
        z.set("2:", w.mul(w));
        assertArrayEquals(new double[] {3, 6, 100, 400}, z.toDoubleArray());
        z.mul(Tensor.of(new double[] {1, 2, 3, 4})).sum().backward();
        assertArrayEquals(new double[] {3, 6, 0, 0}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {60, 160}, w.grad().toDoubleArray(), "2w times the loss weights 3, 4");
    }

    @Test
    void opsThatReadTheOldValuesOfASlice() {
        Tensor x = Tensor.of(new double[] {-2, -1, 1, 2}).requiresGrad(true);
        Tensor y = x.mul(1);
        y.get("1:").clampInPlace(0, 1.5);
        assertArrayEquals(new double[] {-2, 0, 1, 1.5}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {1, 0, 1, 0}, x.grad().toDoubleArray(), "zero where clamp cut");

        x.setGrad(null);
        Tensor z = x.mul(x);
        z.get("::2").addInPlace(x.get("1::2"));
        assertArrayEquals(new double[] {3, 1, 3, 4}, z.toDoubleArray());
        z.sum().backward();
        // z = [x0² + x1, x1², x2² + x3, x3²]
        assertArrayEquals(new double[] {-4, -1, 2, 5}, x.grad().toDoubleArray());
    }

    @Test
    void aChainOfTwoViews() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        Tensor y = x.mul(2);
        Tensor transposed = y.T();
        Tensor column = transposed.get("1");
        column.mulInPlace(Tensor.of(new double[] {3, 4}));
        assertArrayEquals(new double[] {2, 12, 6, 8, 40, 12}, y.toDoubleArray());
        assertEquals("CopySlices", y.gradFn().name());
        backwardRetainingGraph(y.sum());
        assertArrayEquals(new double[] {2, 6, 2, 2, 8, 2}, x.grad().toDoubleArray());

        x.setGrad(null);
        // The transposed view was made before the write: its history is regenerated to see it.
        assertEquals("AsStridedBackward0", transposed.gradFn().name());
        transposed.mul(Tensor.of(new double[][] {{1, 10}, {100, 1000}, {1, 1}})).sum().backward();
        assertArrayEquals(new double[] {2, 600, 2, 20, 8000, 2}, x.grad().toDoubleArray());
    }

    @Test
    void aSourceThatRequiresGradMakesAPlainBaseRecord() {
        Tensor w = Tensor.of(new float[] {2}, new int[0]).requiresGrad(true);
        Tensor z = Tensor.zeros(3);
        Tensor before = z.get("0:2");
        assertFalse(before.requiresGrad());
        z.set("1", w);
        assertTrue(z.requiresGrad());
        assertFalse(z.isLeaf());
        assertEquals("CopySlices", z.gradFn().name());
        assertArrayEquals(new float[] {0, 2, 0}, z.toFloatArray());
        backwardRetainingGraph(z.mul(Tensor.of(new float[] {5, 6, 7})).sum());
        assertArrayEquals(new float[] {6}, w.grad().toFloatArray());

        w.setGrad(null);
        assertTrue(before.requiresGrad(), "a view made before the write sees the new history");
        before.sum().backward();
        assertArrayEquals(new float[] {1}, w.grad().toFloatArray());

        Tensor v = Tensor.of(new float[] {4, 5}).requiresGrad(true);
        Tensor plain = Tensor.of(new float[] {1, 2, 3});
        plain.get("0:2").mulInPlace(v);
        assertArrayEquals(new float[] {4, 10, 3}, plain.toFloatArray());
        plain.sum().backward();
        assertArrayEquals(new float[] {1, 2}, v.grad().toFloatArray(), "the old values 1, 2, kept before the write");

        Tensor d = Tensor.of(new double[] {1.5}, new int[0]).requiresGrad(true);
        Tensor f = Tensor.zeros(2);
        f.set("1", d.mul(2));
        f.sum().backward();
        assertEquals(DType.FLOAT64, d.grad().dtype());
        assertArrayEquals(new double[] {2}, d.grad().toDoubleArray());
    }

    @Test
    void baseAndViewBothInTheLoss() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}).requiresGrad(true);
        Tensor y = x.mul(2);
        Tensor v = y.get("1:3");
        v.mulInPlace(5);
        assertArrayEquals(new double[] {20, 30}, v.toDoubleArray());
        // sum(y) + sum(v²) with y = [2x0, 10x1, 10x2, 2x3], v = [10x1, 10x2]
        y.sum().add(v.mul(v).sum()).backward();
        assertArrayEquals(new double[] {2, 410, 610, 2}, x.grad().toDoubleArray());

        x.setGrad(null);
        Tensor y2 = x.mul(2);
        Tensor v2 = y2.get("1:3");
        v2.mulInPlace(5);
        v2.sum().backward();
        assertArrayEquals(new double[] {0, 10, 10, 0}, x.grad().toDoubleArray());
    }

    @Test
    void aViewMadeBeforeAWriteThroughAnotherViewSeesIt() {
        Tensor x = x34();
        Tensor y = x.mul(2);
        Tensor column = y.get(":, 0");
        y.get("0").mulInPlace(10);
        column.sum().backward();
        assertArrayEquals(new double[] {20, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0}, x.grad().toDoubleArray());

        x.setGrad(null);
        Tensor y2 = x.mul(2);
        Tensor row = y2.get("1");
        y2.mulInPlace(3);
        row.sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0, 6, 6, 6, 6, 0, 0, 0, 0}, x.grad().toDoubleArray(),
                "an in-place op on the base itself");
    }

    @Test
    void anExpandedViewMadeBeforeAWriteAddsUpItsGradients() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3, 4}}).requiresGrad(true);
        Tensor y = x.mul(2);
        Tensor expanded = y.expand(3, 4);
        y.get("0, 0").mulInPlace(5);
        assertEquals("AsStridedBackward0", expanded.gradFn().name());
        // Each of y's elements is read three times: 3 * [10, 2, 2, 2].
        expanded.sum().backward();
        assertArrayEquals(new double[] {30, 6, 6, 6}, x.grad().toDoubleArray());

        x.setGrad(null);
        Tensor y2 = x.mul(2);
        Tensor row2 = y2.expand(3, 4).get("1");
        y2.get("0, 1").mulInPlace(5);
        row2.sum().backward();
        assertArrayEquals(new double[] {2, 10, 2, 2}, x.grad().toDoubleArray());
    }

    @Test
    void theLeafErrorsStay() {
        Tensor w = Tensor.ones(2, 3).requiresGrad(true);
        IllegalStateException leaf = assertThrows(IllegalStateException.class, () -> w.fillInPlace(0));
        assertTrue(leaf.getMessage().contains("a leaf Variable that requires grad is being used in an in-place"
                + " operation"), leaf.getMessage());
        IllegalStateException view = assertThrows(IllegalStateException.class, () -> w.get("0").mulInPlace(2));
        assertTrue(view.getMessage().contains("a view of a leaf Variable that requires grad"), view.getMessage());
        IllegalStateException chain = assertThrows(IllegalStateException.class,
                () -> w.T().get("1").copyFrom(Tensor.zeros(2).requiresGrad(true)));
        assertTrue(chain.getMessage().contains("a view of a leaf Variable that requires grad"), chain.getMessage());
        IllegalStateException set = assertThrows(IllegalStateException.class, () -> w.set("1, 1", 5));
        assertTrue(set.getMessage().contains("a view of a leaf Variable that requires grad"), set.getMessage());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, w.toFloatArray());
    }

    @Test
    void viewsThatCannotRecordAWriteAreRefused() {
        Tensor y = x34().mul(2);
        Tensor v;
        try (var g = GradMode.noGrad()) {
            v = y.get("0");
        }
        IllegalStateException noGrad = assertThrows(IllegalStateException.class, () -> v.fillInPlace(0));
        assertTrue(noGrad.getMessage().contains("a view was created in no_grad mode and is being modified inplace"
                + " with grad mode enabled"), noGrad.getMessage());
        IllegalStateException overlap = assertThrows(IllegalStateException.class,
                () -> y.get("0:1").expand(3, 4).addInPlace(1));
        assertTrue(overlap.getMessage().contains("more than one element of the written-to tensor refers to a single"
                + " memory location"), overlap.getMessage());
    }

    @Test
    void aTensorSavedBeforeAWriteThroughAViewFailsAtBackward() {
        Tensor x = x34();
        Tensor y = x.mul(2);
        Tensor squares = y.mul(y);
        y.get("1, 2").fillInPlace(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> squares.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());

        Tensor y2 = x.mul(2);
        Tensor product = y2.get("0").mul(y2.get("1"));
        y2.T().get("0").mulInPlace(3);
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> product.sum().backward());
        assertTrue(e2.getMessage().contains("modified by an inplace operation"), e2.getMessage());
    }

    @Test
    void finiteDifferencesAgree() {
        GradCheck.check(t -> {
            Tensor y = t[0].mul(1.5);
            y.get(":, 1:3").mulInPlace(t[1]);
            y.get("0").addInPlace(t[0].get("2"));
            y.T().get("3").sinInPlace();
            y.get("1:, ::2").subInPlace(t[1].get("1"));
            return y.mul(y);
        }, randn(1, 3, 4), randn(2, 2));
    }
}
