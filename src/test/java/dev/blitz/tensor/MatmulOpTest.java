package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatmulOpTest {
    private static double[] range(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    @Test
    void shapesOfTheTorchMatmulDocExamples() {
        assertArrayEquals(new int[] {}, Tensor.randn(3).matmul(Tensor.randn(3)).size());
        assertArrayEquals(new int[] {3}, Tensor.randn(3, 4).matmul(Tensor.randn(4)).size());
        assertArrayEquals(new int[] {10, 3}, Tensor.randn(10, 3, 4).matmul(Tensor.randn(4)).size());
        assertArrayEquals(new int[] {10, 3, 5}, Tensor.randn(10, 3, 4).matmul(Tensor.randn(10, 4, 5)).size());
        assertArrayEquals(new int[] {10, 3, 5}, Tensor.randn(10, 3, 4).matmul(Tensor.randn(4, 5)).size());
        // (j x 1 x n x m) @ (k x m x p) is (j x k x n x p).
        assertArrayEquals(new int[] {2, 3, 4, 6}, Tensor.randn(2, 1, 4, 5).matmul(Tensor.randn(3, 5, 6)).size());
    }

    @Test
    void valuesOfEachCase() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2);
        assertArrayEquals(new double[] {19, 22, 43, 50}, a.matmul(b).toDoubleArray());
        assertArrayEquals(new double[] {19, 22, 43, 50}, a.mm(b).toDoubleArray());
        Tensor v = Tensor.of(new double[] {1, -1});
        assertArrayEquals(new double[] {-1, -1}, a.matmul(v).toDoubleArray());
        assertArrayEquals(new double[] {-2, -2}, v.matmul(a).toDoubleArray());
        // torch.dot(torch.tensor([2, 3]), torch.tensor([2, 1])) is 7.
        assertEquals(7, Tensor.of(new float[] {2, 3}).dot(Tensor.of(new float[] {2, 1})).item());
        assertEquals(7, Tensor.of(new double[] {2, 3}).matmul(Tensor.of(new double[] {2, 1})).itemDouble());
        // A batch of two against one broadcast matrix: [[1, 2], [3, 4]] and [[5, 6], [7, 8]], each times b.
        Tensor batch = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        assertArrayEquals(new double[] {19, 22, 43, 50, 67, 78, 91, 106}, batch.matmul(b).toDoubleArray());
        assertArrayEquals(new double[] {23, 34, 31, 46, 67, 78, 91, 106}, b.matmul(batch).toDoubleArray());
        assertArrayEquals(batch.matmul(b).toDoubleArray(), batch.bmm(b.expand(2, 2, 2)).toDoubleArray());
    }

    @Test
    void outerOfTheTorchOuterDocExample() {
        Tensor v1 = Tensor.of(new float[] {1, 2, 3, 4});
        Tensor v2 = Tensor.of(new float[] {1, 2, 3});
        Tensor out = v1.outer(v2);
        assertArrayEquals(new int[] {4, 3}, out.size());
        assertArrayEquals(new float[] {1, 2, 3, 2, 4, 6, 3, 6, 9, 4, 8, 12}, out.toFloatArray());
        assertEquals(DType.INT64, Tensor.of(new long[] {1, 2}).outer(Tensor.of(new long[] {3})).dtype());
    }

    @Test
    void transposedAndStridedOperandsGiveWhatCopiesGive() {
        Tensor a = Tensor.of(range(24), 2, 3, 4);
        Tensor b = Tensor.of(range(20), 5, 4);
        double[] expected = a.matmul(b.mT().contiguous()).toDoubleArray();
        assertArrayEquals(expected, a.matmul(b.mT()).toDoubleArray());
        Tensor at = a.mT().contiguous().mT();
        assertArrayEquals(expected, at.matmul(b.mT()).toDoubleArray());
        Tensor every2nd = Tensor.of(range(40), 5, 8).slice(1, 1, 8, 2);
        assertArrayEquals(a.matmul(every2nd.contiguous().mT().contiguous()).toDoubleArray(),
                a.matmul(every2nd.mT()).toDoubleArray());
    }

    @Test
    void gradientsSumOverBroadcastBatches() {
        // d/dA sum(A @ B_i) over a batch of B: sum_i ones @ B_i^T.
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1, 0, 0, 1, 2, 0, 0, 2}, 2, 2, 2).requiresGrad(true);
        Tensor out = a.matmul(b);
        assertEquals("UnsafeViewBackward0", out.gradFn().name());
        out.sum().backward();
        assertArrayEquals(new double[] {3, 3, 3, 3}, a.grad().toDoubleArray());
        // d/dB_i = A^T @ ones = column sums of A, for each matrix of the batch.
        assertArrayEquals(new double[] {4, 4, 6, 6, 4, 4, 6, 6}, b.grad().toDoubleArray());
    }

    @Test
    void recordsPyTorchsNodes() {
        Tensor m = Tensor.randn(2, 2).requiresGrad(true);
        Tensor v = Tensor.randn(2).requiresGrad(true);
        assertEquals("DotBackward0", v.matmul(v).gradFn().name());
        assertEquals("MvBackward0", m.matmul(v).gradFn().name());
        assertEquals("MmBackward0", m.matmul(m).gradFn().name());
        assertEquals("SqueezeBackward4", v.matmul(m).gradFn().name());
        assertEquals("BmmBackward0", m.unsqueeze(0).bmm(m.unsqueeze(0)).gradFn().name());
        assertEquals("MulBackward0", v.outer(v).gradFn().name());
    }

    @Test
    void errorsUsePyTorchsWording() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertTrue(e.getMessage().contains("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4, 5)));
        assertTrue(e.getMessage().contains("(1x3 and 4x5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new long[] {1, 2}).matmul(Tensor.of(new long[] {3, 4})));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("torch.int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mm(Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("mat2 must be a matrix"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).bmm(Tensor.zeros(2, 4, 5)));
        assertTrue(e.getMessage().contains("Expected size for first two dimensions of batch2 tensor to be: [2, 3] but"
                + " got: [2, 4]."), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).dot(Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("1D tensors expected, but got 2D and 1D tensors"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).dot(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("inconsistent tensor size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(3).to(DType.FLOAT64)));
        assertTrue(e.getMessage().contains("torch.float32 and torch.float64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("need to be at least 1D, but they are 0D and 1D"), e.getMessage());
    }

    @Test
    void outWritesIntoTheGivenTensor() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor out = Tensor.zeros(2, 2);
        assertSame(out, a.matmul(a, out));
        assertArrayEquals(new float[] {7, 10, 15, 22}, out.toFloatArray());
        // Into a view: the column of a wider tensor.
        Tensor wide = Tensor.zeros(2, 3);
        a.matmul(a, wide.narrow(1, 1, 2));
        assertArrayEquals(new float[] {0, 7, 10, 0, 15, 22}, wide.toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.matmul(a, Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> a.matmul(a, Tensor.zeros(Shape.of(2, 2), DType.FLOAT64, a.device())));
        assertTrue(e.getMessage().contains("torch.float64"), e.getMessage());
        Tensor leaf = Tensor.zeros(2, 2).requiresGrad(true);
        e = assertThrows(IllegalArgumentException.class, () -> leaf.matmul(a, out));
        assertTrue(e.getMessage().contains("out=... arguments don't support automatic differentiation, but one of the"
                + " arguments requires grad"), e.getMessage());
        try (var g = GradMode.noGrad()) {
            assertSame(out, leaf.matmul(a, out));
        }
    }
}
