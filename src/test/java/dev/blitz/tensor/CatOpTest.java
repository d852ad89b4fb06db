package dev.blitz.tensor;

import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatOpTest {
    private static final Tensor X = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    private static int[][] sizes(List<Tensor> pieces) {
        return pieces.stream().map(Tensor::size).toArray(int[][]::new);
    }

    @Test
    void catOfTheTorchCatDocExample() {
        Tensor rows = Tensor.cat(List.of(X, X, X), 0);
        assertArrayEquals(new int[] {6, 3}, rows.size());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, rows.toFloatArray());
        Tensor columns = Tensor.cat(new Tensor[] {X, X, X}, 1);
        assertArrayEquals(new int[] {2, 9}, columns.size());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 4, 5, 6}, columns.toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, 4, 2, 5, 3, 6}, Tensor.cat(X, X.T().contiguous().view(2, 3))
                .toFloatArray());
    }

    @Test
    void catPromotesAndSkipsLegacyEmptyTensors() {
        Tensor ints = Tensor.of(new long[] {1, 2});
        Tensor floats = Tensor.of(new float[] {0.5f});
        Tensor cat = Tensor.cat(ints, floats);
        assertEquals(DType.FLOAT32, cat.dtype());
        assertArrayEquals(new float[] {1, 2, 0.5f}, cat.toFloatArray());
        assertEquals(DType.FLOAT64, Tensor.cat(floats, Tensor.of(new double[] {1})).dtype());
        assertEquals(DType.BOOL, Tensor.cat(Tensor.of(new boolean[] {true}), Tensor.of(new boolean[] {false})).dtype());
        // A 1-D tensor of size 0 is skipped whatever the others' shape, as PyTorch's legacy rule.
        Tensor skipped = Tensor.cat(List.of(Tensor.zeros(0), X, Tensor.zeros(0)), 1);
        assertArrayEquals(new int[] {2, 3}, skipped.size());
        assertArrayEquals(new int[] {0}, Tensor.cat(Tensor.zeros(0), Tensor.zeros(0)).size());
    }

    @Test
    void catErrorsUsePyTorchsWording() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.cat(List.of(Tensor.zeros(2, 2), Tensor.zeros(3, 2)), 1));
        assertTrue(e.getMessage().contains("Sizes of tensors must match except in dimension 1. Expected size 2 but got"
                + " size 3 for tensor number 1 in the list."), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(X, Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("Tensors must have same number of dimensions: got 2 and 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(X, Tensor.scalar(1)));
        assertTrue(e.getMessage().contains("zero-dimensional tensor (at position 1) cannot be concatenated"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(), 0));
        assertTrue(e.getMessage().contains("expected a non-empty list of Tensors"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.stack(X, Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("stack expects each tensor to be equal size, but got [2, 3] at entry 0 and"
                + " [3, 2] at entry 1"), e.getMessage());
    }

    @Test
    void catGradientIsEachInputsSlice() {
        Tensor a = Tensor.zeros(2, 1).requiresGrad(true);
        Tensor b = Tensor.zeros(2, 2).to(DType.FLOAT64).requiresGrad(true);
        Tensor out = Tensor.cat(List.of(a, b), 1);
        assertEquals("CatBackward0", out.gradFn().name());
        out.backward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertArrayEquals(new float[] {1, 4}, a.grad().toFloatArray());
        assertArrayEquals(new double[] {2, 3, 5, 6}, b.grad().toDoubleArray());
        // The same leaf twice: its two slices add up.
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor.cat(x, x).backward(Tensor.of(new float[] {1, 2, 10, 20}));
        assertArrayEquals(new float[] {11, 22}, x.grad().toFloatArray());
    }

    @Test
    void stackAddsADimension() {
        Tensor y = X.mul(10);
        assertArrayEquals(new int[] {2, 2, 3}, Tensor.stack(X, y).size());
        assertArrayEquals(new float[] {1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60}, Tensor.stack(List.of(X, y), 1)
                .toFloatArray());
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60}, Tensor.stack(new Tensor[] {X, y}, -1)
                .toFloatArray());
        Tensor a = Tensor.zeros(2).requiresGrad(true);
        Tensor s = Tensor.stack(List.of(a, a.mul(3)), 1);
        assertEquals("StackBackward0", s.gradFn().name());
        s.backward(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertArrayEquals(new float[] {1 + 6, 3 + 12}, a.grad().toFloatArray());
    }

    @Test
    void splitAndChunkOfTheDocExamples() {
        Tensor a = Tensor.of(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, 2);
        assertArrayEquals(new int[][] {{2, 2}, {2, 2}, {1, 2}}, sizes(a.split(2, 0)));
        assertArrayEquals(new long[] {8, 9}, a.split(2, 0).get(2).toLongArray());
        assertArrayEquals(new int[][] {{1, 2}, {4, 2}}, sizes(a.split(new int[] {1, 4}, 0)));
        assertArrayEquals(new long[] {2, 3, 4, 5, 6, 7, 8, 9}, a.split(new int[] {1, 4}, 0).get(1).toLongArray());
        Tensor r11 = Tensor.of(new float[11]);
        assertArrayEquals(new int[][] {{2}, {2}, {2}, {2}, {2}, {1}}, sizes(r11.chunk(6, 0)));
        assertArrayEquals(new int[][] {{2}, {2}, {2}, {2}, {2}, {2}}, sizes(Tensor.zeros(12).chunk(6, 0)));
        assertArrayEquals(new int[][] {{3}, {3}, {3}, {3}, {1}}, sizes(Tensor.zeros(13).chunk(6, 0)));
        assertArrayEquals(new int[][] {{0}, {0}, {0}}, sizes(Tensor.zeros(0).chunk(3, 0)));
        // Views: a write through a piece shows in the tensor.
        Tensor t = Tensor.zeros(4);
        t.chunk(2, 0).get(1).fillInPlace(7);
        assertArrayEquals(new float[] {0, 0, 7, 7}, t.toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.split(new int[] {1, 1}, 0));
        assertTrue(e.getMessage().contains("split_with_sizes expects split_sizes to sum exactly to 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.chunk(0, 0));
        assertTrue(e.getMessage().contains("chunk expects `chunks` to be greater than 0, got: 0"), e.getMessage());
    }

    @Test
    void repeatOfTheDocExampleAndItsGradient() {
        Tensor x = Tensor.of(new long[] {1, 2, 3});
        assertArrayEquals(new long[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3},
                x.repeat(4, 2).toLongArray());
        assertArrayEquals(new int[] {4, 6}, x.repeat(4, 2).size());
        assertArrayEquals(new int[] {4, 2, 3}, x.repeat(4, 2, 1).size());
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2, 3, 4, 3, 4}, m.repeat(2, 2).toFloatArray());
        Tensor leaf = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor tiled = leaf.repeat(2, 3);
        assertEquals("RepeatBackward0", tiled.gradFn().name());
        float[] w = new float[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        // Tiles [0 1 | 2 3 | 4 5] and [6 7 | 8 9 | 10 11]: element 0 collects the even weights, 1 the odd ones.
        tiled.backward(Tensor.of(w, 2, 6));
        assertArrayEquals(new float[] {30, 36}, leaf.grad().toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.repeat(2));
        assertTrue(e.getMessage().contains("Number of dimensions of repeat dims can not be smaller than number of"
                + " dimensions of tensor"), e.getMessage());
    }
}
