package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reductions against values PyTorch gives, derived by hand: sums, means, max/min, var/std, norms, softmax. */
class ReductionOpTest {
    private static final double NAN = Double.NaN;

    @Test
    void sumsAlongDimsWithAndWithoutKeepdim() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {5, 7, 9}, x.sum(0, false).toDoubleArray());
        Tensor rows = x.sum(-1, true);
        assertEquals(Shape.of(2, 1), rows.shape());
        assertArrayEquals(new double[] {6, 15}, rows.toDoubleArray());
        assertEquals(21, x.sum(new int[] {1, 0}, false).itemDouble());
        assertEquals(Shape.of(1, 1), x.sum(new int[] {0, 1}, true).shape());
        assertEquals(21, x.sum(new int[0], false).itemDouble(), "dim=[] sums everything, as in PyTorch");
        assertEquals(DType.FLOAT64, rows.dtype());
        assertArrayEquals(new double[] {6, 15}, x.T().sum(0, false).toDoubleArray(), "a transposed view");

        Tensor cube = Tensor.zeros(2, 3, 4);
        assertEquals(Shape.of(1, 3, 1), cube.sum(new int[] {0, 2}, true).shape());
        assertEquals(Shape.of(3), cube.sum(new int[] {0, -1}, false).shape());
        assertEquals(Shape.of(2, 1, 4), cube.max(1, true).values().shape());
        assertEquals(Shape.of(2, 4), cube.argmin(1).shape());
    }

    @Test
    void int64AndBoolSumToInt64() {
        Tensor big = Tensor.of(new long[] {1L << 53, 1, 7, -2}, 2, 2);
        Tensor columns = big.sum(0, false);
        assertEquals(DType.INT64, columns.dtype());
        assertArrayEquals(new long[] {(1L << 53) + 7, -1}, columns.toLongArray(), "exact beyond float precision");
        assertEquals((1L << 53) + 6, big.sum().itemLong());
        Tensor mask = Tensor.of(new boolean[][] {{true, false}, {true, true}});
        assertEquals(DType.INT64, mask.sum(1, false).dtype());
        assertArrayEquals(new long[] {1, 2}, mask.sum(1, false).toLongArray());
        assertEquals(3, mask.sum().itemLong());
        assertEquals(DType.INT64, mask.sum().dtype());
    }

    @Test
    void sumAndMeanGradientsBroadcastBack() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        Tensor s = x.sum(1, false);
        assertEquals("SumBackward1", s.gradFn().name());
        s.backward(Tensor.of(new double[] {10, 20}, 2));
        assertArrayEquals(new double[] {10, 10, 10, 20, 20, 20}, x.grad().toDoubleArray());

        Tensor y = Tensor.of(new double[][] {{1, 2}, {3, 6}}).requiresGrad(true);
        Tensor m = y.mean(0, false);
        assertArrayEquals(new double[] {2, 4}, m.toDoubleArray());
        assertEquals("MeanBackward1", m.gradFn().name());
        m.backward(Tensor.of(new double[] {1, 4}, 2));
        assertArrayEquals(new double[] {0.5, 2, 0.5, 2}, y.grad().toDoubleArray());
        assertArrayEquals(new double[] {1.5, 4.5}, y.mean(1, true).toDoubleArray());
        assertEquals(Shape.of(2, 1), y.mean(1, true).shape());
    }

    @Test
    void meanOfIntegersIsPyTorchsErrorAndOfNothingIsNaN() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {1, 2}, 2).mean(0, false));
        assertEquals("mean(): could not infer output dtype. Input dtype must be either a floating point or complex"
                + " dtype. Got: torch.int64", e.getMessage());
        assertTrue(Double.isNaN(Tensor.zeros(0).mean().itemDouble()));
        assertArrayEquals(new double[] {NAN, NAN}, Tensor.zeros(0, 2).mean(0, false).toDoubleArray());
    }

    @Test
    void maxOfAllSharesTheGradientAmongTies() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 2}, 4).requiresGrad(true);
        Tensor max = x.max();
        assertEquals(3, max.itemDouble());
        assertEquals(0, max.dim());
        assertEquals("MaxBackward1", max.gradFn().name());
        max.backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, x.grad().toDoubleArray());

        Tensor y = Tensor.of(new double[] {1, 3, 1}, 3).requiresGrad(true);
        Tensor min = y.min();
        assertEquals("MinBackward1", min.gradFn().name());
        min.backward();
        assertArrayEquals(new double[] {0.5, 0, 0.5}, y.grad().toDoubleArray());
        assertEquals(-7, Tensor.of(new long[] {4, -7, 0}, 3).min().itemLong());
        assertTrue(Tensor.of(new boolean[] {false, true}, 2).max().itemBoolean());
    }

    @Test
    void maxAlongADimGivesValuesAndTheFirstIndexOfTies() {
        Tensor x = Tensor.of(new double[][] {{1, 3, 3}, {2, 2, 1}}).requiresGrad(true);
        ValuesIndices max = x.max(1, false);
        assertArrayEquals(new double[] {3, 2}, max.values().toDoubleArray());
        assertEquals(DType.INT64, max.indices().dtype());
        assertArrayEquals(new long[] {1, 0}, max.indices().toLongArray());
        assertEquals("MaxBackward0", max.values().gradFn().name());
        assertFalse(max.indices().requiresGrad());
        max.values().backward(Tensor.of(new double[] {5, 7}, 2));
        assertArrayEquals(new double[] {0, 5, 0, 7, 0, 0}, x.grad().toDoubleArray(), "to the returned index only");

        Tensor y = Tensor.of(new double[][] {{1, 3, 3}, {2, 0, 1}}).requiresGrad(true);
        ValuesIndices min = y.min(0, true);
        assertEquals(Shape.of(1, 3), min.values().shape());
        assertArrayEquals(new double[] {1, 0, 1}, min.values().toDoubleArray());
        assertArrayEquals(new long[] {0, 1, 1}, min.indices().toLongArray());
        assertEquals("MinBackward0", min.values().gradFn().name());
        min.values().sum().backward();
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 1}, y.grad().toDoubleArray());
    }

    @Test
    void valuesAndIndicesPrintAsPyTorchsReturnTypes() {
        Tensor x = Tensor.of(new float[][] {{1, 3}, {2, 4}});
        assertEquals("torch.return_types.max(\nvalues=tensor([3., 4.]),\nindices=tensor([1, 1]))",
                x.max(1, false).toString());
        assertEquals("torch.return_types.min(\nvalues=tensor([[1., 3.]]),\nindices=tensor([[0, 0]]))",
                x.min(0, true).toString());
        assertEquals("torch.return_types.max(\nvalues=tensor([3., 4.], grad_fn=<MaxBackward0>),"
                + "\nindices=tensor([1, 1]))", x.detach().requiresGrad(true).max(1, false).toString());
        assertEquals("min", x.min(1, false).name());
    }

    @Test
    void maxPropagatesNanAndArgmaxPicksTheFirstNan() {
        Tensor x = Tensor.of(new double[] {1, NAN, 5, NAN}, 4).requiresGrad(true);
        assertTrue(Double.isNaN(x.min().itemDouble()));
        Tensor max = x.max();
        assertTrue(Double.isNaN(max.itemDouble()));
        max.backward();
        assertArrayEquals(new double[] {0, 0.5, 0, 0.5}, x.grad().toDoubleArray(), "the NaNs share it");
        assertEquals(1, x.argmax().itemLong());
        assertEquals(1, x.argmin().itemLong());
        ValuesIndices along = x.detach().view(2, 2).max(1, false);
        assertTrue(Double.isNaN(along.values().toDoubleArray()[0]) && Double.isNaN(along.values().toDoubleArray()[1]));
        assertArrayEquals(new long[] {1, 1}, along.indices().toLongArray());
        assertArrayEquals(new long[] {1}, Tensor.of(new float[] {1, Float.NaN, 5, Float.NaN}, 1, 4).argmax(1)
                .toLongArray());
    }

    @Test
    void argmaxAndArgminAreInt64() {
        Tensor x = Tensor.of(new float[][] {{1, 9}, {9, 2}});
        assertEquals(DType.INT64, x.argmax().dtype());
        assertEquals(1, x.argmax().itemLong(), "the flat index of the first maximum");
        assertEquals(0, x.argmin().itemLong());
        assertArrayEquals(new long[] {1, 0}, x.argmax(1).toLongArray());
        assertEquals(Shape.of(2, 1), x.argmax(1, true).shape());
        assertArrayEquals(new long[] {0, 1}, x.argmin(0, false).toLongArray());
        assertArrayEquals(new long[] {2, 1}, Tensor.of(new long[] {3, -1, 8, 0, 5, 5}, 2, 3).argmax(1).toLongArray());
        assertEquals(0, Tensor.scalar(4).argmax(0).itemLong(), "a 0-d tensor reduces along dim 0 or -1");
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new boolean[] {true}, 1).argmax());
        assertTrue(e.getMessage().startsWith("argmax(): ") && e.getMessage().contains("torch.bool"), e.getMessage());
    }

    @Test
    void emptyDimensions() {
        Tensor x = Tensor.zeros(0, 3);
        assertArrayEquals(new double[] {0, 0, 0}, x.sum(0, false).toDoubleArray());
        assertEquals(0, x.sum().itemDouble());
        assertEquals(Shape.of(0), x.max(1, false).values().shape());
        assertEquals(Shape.of(0), x.argmax(1).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> x.max(0, false));
        assertEquals("max(): Expected reduction dim 0 to have non-zero size.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.min(-2, true));
        assertEquals("min(): Expected reduction dim 0 to have non-zero size.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.argmax(0));
        assertEquals("argmax(): Expected reduction dim 0 to have non-zero size.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, x::max);
        assertTrue(e.getMessage().startsWith("max(): Expected reduction dim to be specified for input.numel() == 0"),
                e.getMessage());
        assertTrue(x.all().itemBoolean());
        assertFalse(x.any().itemBoolean());
        assertEquals(0, x.norm().itemDouble());
        e = assertThrows(IllegalArgumentException.class, () -> x.norm(Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().contains("empty tensor"), e.getMessage());
        assertEquals(Shape.of(0, 3), x.softmax(0).shape());
    }

    @Test
    void dimensionsAreCheckedAsPyTorchChecksThem() {
        Tensor x = Tensor.zeros(2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> x.sum(2, false));
        assertTrue(e.getMessage().startsWith("sum(): Dimension out of range (expected to be in range of [-2, 1], but"
                + " got 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.mean(new int[] {0, -2}, false));
        assertEquals("mean(): dim 0 appears multiple times in the list of dims", e.getMessage());
        Tensor scalar = Tensor.scalar(5);
        assertEquals(5, scalar.sum(0, false).item());
        assertEquals(Shape.of(), scalar.sum(-1, true).shape());
        assertEquals(5, scalar.max(0, true).values().item());
        e = assertThrows(IllegalArgumentException.class, () -> scalar.sum(1, false));
        assertTrue(e.getMessage().contains("[-1, 0], but got 1"), e.getMessage());
    }

    @Test
    void varianceAndStandardDeviationWithCorrection() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 4).requiresGrad(true);
        Tensor var = x.var();
        assertEquals(5.0 / 3, var.itemDouble(), 1e-15);
        assertEquals("VarBackward0", var.gradFn().name());
        assertEquals(1.25, x.var(new int[] {0}, 0, false).itemDouble(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3), x.std().itemDouble(), 1e-15);
        assertEquals(Math.sqrt(1.25), x.std(new int[0], 0, false).itemDouble(), 1e-15);
        var.backward();
        double[] g = x.grad().toDoubleArray();
        double[] expected = {-1, -1.0 / 3, 1.0 / 3, 1}; // 2 / (N - 1) * (x - mean)
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], g[i], 1e-15);
        }

        Tensor rows = Tensor.of(new double[][] {{1, 3}, {2, 6}});
        Tensor v = rows.var(1, true);
        assertEquals(Shape.of(2, 1), v.shape());
        assertArrayEquals(new double[] {2, 8}, v.toDoubleArray());
        assertArrayEquals(new double[] {Math.sqrt(2), Math.sqrt(8)}, rows.std(-1, false).toDoubleArray(), 1e-15);
        assertTrue(Double.isNaN(Tensor.of(new double[] {3}, 1).var().itemDouble()), "one element: 0 / 0");

        Tensor flat = Tensor.of(new double[] {2, 2, 2}, 3).requiresGrad(true);
        Tensor std = flat.std();
        assertEquals("StdBackward0", std.gradFn().name());
        assertEquals(0, std.itemDouble());
        std.backward();
        assertArrayEquals(new double[] {0, 0, 0}, flat.grad().toDoubleArray(), "0, not NaN, where std is 0");

        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {1, 2}, 2).var());
        assertTrue(e.getMessage().startsWith("var(): std and var only support floating point") && e.getMessage()
                .contains("torch.int64"), e.getMessage());
    }

    @Test
    void normsOfEveryOrder() {
        Tensor v = Tensor.of(new double[] {3, -4}, 2);
        assertEquals(5, v.norm().itemDouble());
        assertEquals(7, v.norm(1).itemDouble());
        assertEquals(4, v.norm(Double.POSITIVE_INFINITY).itemDouble());
        assertEquals(3, v.norm(Double.NEGATIVE_INFINITY).itemDouble());
        assertEquals(2, Tensor.of(new double[] {0, 3, -4}, 3).norm(0).itemDouble());
        assertEquals(6, Tensor.of(new double[] {3, 4, -5}, 3).norm(3).itemDouble(), 1e-14);
        Tensor rows = Tensor.of(new double[][] {{3, 4}, {6, 8}});
        Tensor n = rows.norm(2, new int[] {1}, true);
        assertEquals(Shape.of(2, 1), n.shape());
        assertArrayEquals(new double[] {5, 10}, n.toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {9, 12}, rows.norm(1, new int[] {0}, false).toDoubleArray());

        assertArrayEquals(new double[] {0.6, -0.8}, gradOf(v, t -> t.norm()), 1e-15);
        assertArrayEquals(new double[] {1, -1}, gradOf(v, t -> t.norm(1)));
        assertArrayEquals(new double[] {0, -1}, gradOf(v, t -> t.norm(Double.POSITIVE_INFINITY)));
        assertArrayEquals(new double[] {0.5, -0.5}, gradOf(Tensor.of(new double[] {2, -2}, 2),
                t -> t.norm(Double.POSITIVE_INFINITY)), "ties share the gradient");
        // d/dx (sum |x|^3)^(1/3) = x |x| / norm^2: [9, 16, -25] / 36
        assertArrayEquals(new double[] {0.25, 16.0 / 36, -25.0 / 36},
                gradOf(Tensor.of(new double[] {3, 4, -5}, 3), t -> t.norm(3)), 1e-14);
        Tensor zero = Tensor.zeros(Shape.of(3), DType.FLOAT64, Device.CPU);
        assertArrayEquals(new double[] {0, 0, 0}, gradOf(zero, t -> t.norm()), "0 at the origin, not NaN");
        assertArrayEquals(new double[] {0, 0, 0}, gradOf(zero, t -> t.norm(3)));
        assertEquals("LinalgVectorNormBackward0", v.detach().requiresGrad(true).norm().gradFn().name());

        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {3, 4}, 2).norm());
        assertTrue(e.getMessage().startsWith("norm(): ") && e.getMessage().contains("torch.int64"), e.getMessage());
    }

    private static double[] gradOf(Tensor x, java.util.function.UnaryOperator<Tensor> f) {
        Tensor leaf = x.detach().copy().requiresGrad(true);
        f.apply(leaf).backward();
        return leaf.grad().toDoubleArray();
    }

    @Test
    void softmaxAndLogSoftmax() {
        double ln3 = Math.log(3);
        Tensor x = Tensor.of(new double[] {0, ln3}, 2).requiresGrad(true);
        Tensor p = x.softmax(0);
        assertArrayEquals(new double[] {0.25, 0.75}, p.toDoubleArray(), 1e-15);
        assertEquals("SoftmaxBackward0", p.gradFn().name());
        p.backward(Tensor.of(new double[] {0, 1}, 2));
        // y * (g - sum(g * y)): [0.25 * -0.75, 0.75 * 0.25]
        assertArrayEquals(new double[] {-0.1875, 0.1875}, x.grad().toDoubleArray(), 1e-15);

        Tensor y = Tensor.of(new double[] {0, ln3}, 2).requiresGrad(true);
        Tensor logp = y.logSoftmax(-1);
        assertArrayEquals(new double[] {Math.log(0.25), Math.log(0.75)}, logp.toDoubleArray(), 1e-15);
        assertEquals("LogSoftmaxBackward0", logp.gradFn().name());
        logp.sum().backward();
        // g - exp(y) * sum(g): 1 - 2 * [0.25, 0.75]
        assertArrayEquals(new double[] {0.5, -0.5}, y.grad().toDoubleArray(), 1e-15);

        Tensor columns = Tensor.of(new float[][] {{1, 5}, {1, 5}}).softmax(0);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, columns.toFloatArray());
        assertEquals(1, Tensor.scalar(7).softmax(0).item());
        assertEquals(0, Tensor.scalar(7).logSoftmax(-1).item());
    }

    @Test
    void softmaxIsStableForHugeValues() {
        assertArrayEquals(new float[] {0.5f, 0.5f}, Tensor.of(new float[] {1000, 1000}, 2).softmax(0).toFloatArray());
        assertArrayEquals(new double[] {-1000, 0}, Tensor.of(new double[] {-1000, 0}, 2).logSoftmax(0)
                .toDoubleArray());
        assertArrayEquals(new double[] {-Math.log(2), -Math.log(2)}, Tensor.of(new double[] {1e300, 1e300}, 2)
                .logSoftmax(0).toDoubleArray(), 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {1, 2}, 2).softmax(0));
        assertTrue(e.getMessage().startsWith("softmax(): ") && e.getMessage().contains("torch.int64"), e.getMessage());
    }

    @Test
    void allAndAny() {
        Tensor x = Tensor.of(new double[][] {{1, 0}, {2, NAN}});
        assertEquals(DType.BOOL, x.all().dtype());
        assertFalse(x.all().itemBoolean());
        assertTrue(x.any().itemBoolean());
        assertArrayEquals(new boolean[] {false, true}, x.all(1, false).toBooleanArray(), "NaN is nonzero");
        assertArrayEquals(new boolean[] {true, true}, x.any(0, false).toBooleanArray());
        assertEquals(Shape.of(2, 1), x.any(-1, true).shape());
        assertTrue(Tensor.of(new long[] {3, -1}, 2).all().itemBoolean());
        assertFalse(Tensor.of(new boolean[] {false, false}, 2).any().itemBoolean());
    }
}
