package dev.blitz.tensor;

import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexOpsTest {
    private static final Tensor M = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);

    private static Tensor index(long[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    private static void assertMessage(String expected, Runnable op) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void indexSelectTakesRowsOrColumns() {
        Tensor indices = index(new long[] {0, 2}, 2);
        assertArrayEquals(new float[] {0, 1, 2, 3, 8, 9, 10, 11}, M.indexSelect(0, indices).toFloatArray());
        assertArrayEquals(new int[] {3, 2}, M.indexSelect(1, indices).size());
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10}, M.indexSelect(-1, indices).toFloatArray());
        assertArrayEquals(new float[] {0, 8}, M.T().indexSelect(1, indices).select(0, 0).toFloatArray());
        assertArrayEquals(new long[] {3, 3, 1}, Tensor.of(new long[] {1, 2, 3}).indexSelect(0,
                index(new long[] {2, 2, 0}, 3)).toLongArray());
    }

    @Test
    void indexSelectGradientAddsRepeatedPositions() {
        Tensor x = Tensor.zeros(3, 2).requiresGrad(true);
        Tensor out = x.indexSelect(0, index(new long[] {2, 0, 2}, 3));
        assertEquals("IndexSelectBackward0", out.gradFn().name());
        out.backward(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        assertArrayEquals(new float[] {3, 4, 0, 0, 1 + 5, 2 + 6}, x.grad().toFloatArray());
    }

    @Test
    void gatherOfTheTorchGatherDocExample() {
        Tensor t = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2);
        Tensor out = t.gather(1, index(new long[] {0, 0, 1, 0}, 2, 2));
        assertEquals(DType.INT64, out.dtype());
        assertArrayEquals(new long[] {1, 1, 4, 3}, out.toLongArray());
        // An index smaller than the input along the other dimensions.
        assertArrayEquals(new float[] {8, 1}, M.gather(0, index(new long[] {2, 0}, 1, 2)).toFloatArray());
    }

    @Test
    void gatherGradientScattersBackWithAdds() {
        Tensor x = Tensor.zeros(2, 3).to(DType.FLOAT64).requiresGrad(true);
        Tensor out = x.gather(1, index(new long[] {0, 0, 2, 1, 1, 1}, 2, 3));
        assertEquals("GatherBackward0", out.gradFn().name());
        out.backward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertArrayEquals(new double[] {3, 0, 3, 0, 15, 0}, x.grad().toDoubleArray());
    }

    @Test
    void scatterOfTheTorchScatterDocExamples() {
        Tensor src = Tensor.of(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5);
        Tensor zeros = Tensor.zeros(3, 5).to(DType.INT64);
        assertArrayEquals(new long[] {1, 0, 0, 4, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0},
                zeros.scatter(0, index(new long[] {0, 1, 2, 0}, 1, 4), src).toLongArray());
        assertArrayEquals(new long[] {1, 2, 3, 0, 0, 6, 7, 0, 0, 8, 0, 0, 0, 0, 0},
                zeros.scatter(1, index(new long[] {0, 1, 2, 0, 1, 4}, 2, 3), src).toLongArray());
        Tensor full = Tensor.full(dev.blitz.core.Shape.of(2, 4), 2, DType.FLOAT64, M.device());
        assertArrayEquals(new double[] {2, 2, 1.23, 2, 2, 2, 2, 1.23},
                full.scatter(1, index(new long[] {2, 3}, 2, 1), 1.23).toDoubleArray());
        // In place, as scatter_.
        zeros.scatterInPlace(0, index(new long[] {0, 1, 2, 0}, 1, 4), src);
        assertArrayEquals(new long[] {1, 0, 0, 4, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0}, zeros.toLongArray());
    }

    @Test
    void scatterAddOfTheTorchScatterAddDocExamples() {
        Tensor src = Tensor.ones(2, 5);
        assertArrayEquals(new float[] {1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0},
                Tensor.zeros(3, 5).scatterAdd(0, index(new long[] {0, 1, 2, 0, 0}, 1, 5), src).toFloatArray());
        Tensor zeros = Tensor.zeros(3, 5);
        zeros.scatterAddInPlace(0, index(new long[] {0, 1, 2, 0, 0, 0, 1, 2, 2, 2}, 2, 5), src);
        assertArrayEquals(new float[] {2, 0, 0, 1, 1, 0, 2, 0, 0, 0, 0, 0, 2, 1, 1}, zeros.toFloatArray());
    }

    @Test
    void scatterGradients() {
        Tensor x = Tensor.zeros(2, 2).requiresGrad(true);
        Tensor src = Tensor.zeros(1, 3).requiresGrad(true);
        Tensor out = x.scatter(1, index(new long[] {1}, 1, 1), src);
        assertEquals("ScatterBackward0", out.gradFn().name());
        out.backward(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        // The written position takes its gradient from src; src's unread entries get 0.
        assertArrayEquals(new float[] {1, 0, 3, 4}, x.grad().toFloatArray());
        assertArrayEquals(new float[] {2, 0, 0}, src.grad().toFloatArray());
        Tensor y = Tensor.zeros(2, 2).requiresGrad(true);
        Tensor added = y.scatterAdd(0, index(new long[] {1, 1}, 1, 2), src.narrow(1, 0, 2));
        assertEquals("ScatterAddBackward0", added.gradFn().name());
        assertEquals("ScatterBackward1", y.scatter(0, index(new long[] {0}, 1, 1), 5).gradFn().name());
        Tensor copy = y.mul(1);
        copy.scatterInPlace(0, index(new long[] {0}, 1, 1), 5);
        assertEquals("ScatterBackward1", copy.gradFn().name());
        assertThrows(IllegalStateException.class, () -> y.scatterInPlace(0, index(new long[] {0}, 1, 1), 5));
    }

    @Test
    void maskedSelectBroadcastsTheMask() {
        Tensor x = Tensor.of(new float[] {1, -2, 3, -4}, 2, 2);
        assertArrayEquals(new float[] {1, 3}, x.maskedSelect(x.gt(0)).toFloatArray());
        Tensor columns = Tensor.of(new boolean[] {false, true});
        assertArrayEquals(new float[] {-2, -4}, x.maskedSelect(columns).toFloatArray());
        assertArrayEquals(new int[] {0}, x.maskedSelect(Tensor.of(new boolean[] {false})).size());
        Tensor leaf = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor rows = Tensor.of(new boolean[] {true, true, false, true}, 2, 2);
        Tensor out = leaf.maskedSelect(rows);
        assertArrayEquals(new float[] {1, 2, 2}, out.toFloatArray());
        assertEquals("MaskedSelectBackward0", out.gradFn().name());
        out.backward(Tensor.of(new float[] {10, 20, 30}));
        assertArrayEquals(new float[] {10, 50}, leaf.grad().toFloatArray());
    }

    @Test
    void indexErrorsUsePyTorchsWording() {
        assertMessage("index 7 is out of bounds for dimension 0 with size 3",
                () -> M.indexSelect(0, index(new long[] {0, 7}, 2)));
        assertMessage("index -1 is out of bounds for dimension 1 with size 4",
                () -> M.gather(1, index(new long[] {-1}, 1, 1)));
        assertMessage("gather(): Expected dtype int64 for index", () -> M.gather(0, Tensor.zeros(1, 1)));
        assertMessage("index_select(): Expected dtype int64 for index", () -> M.indexSelect(0, Tensor.zeros(1)));
        assertMessage("Index is supposed to be a vector", () -> M.indexSelect(0, index(new long[] {0}, 1, 1)));
        assertMessage("Index tensor must have the same number of dimensions as input tensor",
                () -> M.gather(0, index(new long[] {0}, 1)));
        assertMessage("Size does not match at dimension 1 expected index [1, 5] to be smaller than self [3, 4] apart"
                + " from dimension 0", () -> M.gather(0, index(new long[5], 1, 5)));
        assertMessage("scatter(): Expected self.dtype to be equal to src.dtype",
                () -> M.scatter(0, index(new long[] {0}, 1, 1), Tensor.zeros(1, 1).to(DType.FLOAT64)));
        assertMessage("index 3 is out of bounds for dimension 0 with size 3",
                () -> M.scatter(0, index(new long[] {3}, 1, 1), 1));
        assertMessage("scatter_add(): expected a float32 or float64 tensor, got torch.int64",
                () -> M.to(DType.INT64).scatterAdd(0, index(new long[] {0}, 1, 1), Tensor.zeros(1, 1)));
        assertMessage("masked_select(): expected BoolTensor for mask, got torch.float32",
                () -> M.maskedSelect(Tensor.zeros(4)));
    }
}
