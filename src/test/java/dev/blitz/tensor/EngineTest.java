package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What backward() does with graphs: accumulation, shared inputs, freed graphs, detach and requiresGrad. */
class EngineTest {

    private static Tensor leaf(float... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toFloatArray());
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {4, 8, 12}, x.grad().toFloatArray());
        try (var g = GradMode.noGrad()) {
            x.grad().zeroInPlace();
        }
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {3, 3, 3}, x.grad().toFloatArray());
    }

    @Test
    void aTensorUsedTwiceSumsBothPaths() {
        Tensor x = leaf(1, -2);
        x.mul(3f).add(x.mul(x)).sum().backward();
        assertArrayEquals(new float[] {3 + 2 * 1, 3 + 2 * -2}, x.grad().toFloatArray());

        // A diamond through non-leaves: a = 2x, b = a + a, c = b * a = 8x², dc/dx = 16x.
        Tensor y = leaf(0.5f, 3);
        Tensor a = y.mul(2f);
        Tensor b = a.add(a);
        b.mul(a).sum().backward();
        assertArrayEquals(new float[] {8, 48}, y.grad().toFloatArray());
        assertNull(a.grad(), "non-leaf tensors keep no .grad, as in PyTorch");
    }

    @Test
    void backwardWithAnExplicitGradient() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2f).add(1f);
        y.backward(Tensor.of(new float[] {1, 0.5f, -1}, 3));
        assertArrayEquals(new float[] {2, 1, -2}, x.grad().toFloatArray());

        Tensor z = leaf(4, 5);
        z.backward(Tensor.of(new float[] {0.25f, 2}, 2));
        assertArrayEquals(new float[] {0.25f, 2}, z.grad().toFloatArray());
    }

    @Test
    void secondBackwardThroughAFreedGraphFailsClearly() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.mul(x).sum();
        loss.backward(Tensor.scalar(1f), true);
        loss.backward();
        assertArrayEquals(new float[] {4, 8}, x.grad().toFloatArray());
    }

    @Test
    void detachCutsTheGraphButSharesMemory() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        Tensor d = y.detach();
        assertNull(d.gradFn());
        assertFalse(d.requiresGrad());
        assertArrayEquals(y.toFloatArray(), d.toFloatArray());
        // z = stop_gradient(x²) * x: the gradient is x², not 3x².
        d.mul(x).sum().backward();
        assertArrayEquals(new float[] {1, 4, 9}, x.grad().toFloatArray());

        Tensor w = Tensor.zeros(2);
        w.detach().fillInPlace(7f);
        assertArrayEquals(new float[] {7, 7}, w.toFloatArray());
    }

    @Test
    void onlyTensorsThatRequireGradGetGradients() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(new float[] {3, 4}, 2);
        assertNull(c.mul(c).gradFn(), "ops on tensors without requiresGrad record nothing");
        x.mul(c).sum().backward();
        assertArrayEquals(new float[] {3, 4}, x.grad().toFloatArray());
        assertNull(c.grad());
        assertTrue(x.mul(c).requiresGrad());
    }

    @Test
    void requiresGradFalseOnANonLeafIsRefused() {
        Tensor y = leaf(1).mul(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertTrue(e.getMessage().contains("MulBackward0") && e.getMessage().contains("detach()"), e.getMessage());
    }

    @Test
    void backwardOnATensorWithoutHistoryFailsClearly() {
        Tensor c = Tensor.ones(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, c::backward);
        assertTrue(e.getMessage().contains("does not require grad") && e.getMessage().contains("[1]"),
                e.getMessage());
    }

    @Test
    void backwardOnANonScalarNeedsAGradient() {
        Tensor y = leaf(1, 2, 3).mul(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar outputs") && e.getMessage().contains("[3]")
                && e.getMessage().contains("backward(gradient)"), e.getMessage());
    }

    @Test
    void aGradientOfTheWrongShapeIsRefused() {
        Tensor y = leaf(1, 2, 3).mul(2f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> y.backward(Tensor.ones(3, 1)));
        assertTrue(e.getMessage().contains("[3, 1]") && e.getMessage().contains("[3]"), e.getMessage());
    }
}
