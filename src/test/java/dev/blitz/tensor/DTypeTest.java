package dev.blitz.tensor;

import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensors of every dtype: made from Java arrays, promoted as PyTorch promotes them, converted and printed. */
class DTypeTest {
    @Test
    void nestedArraysGiveTheirDtype() {
        assertEquals(DType.INT64, Tensor.of(new long[][] {{1, 2}, {3, 4}}).dtype());
        assertEquals(DType.INT64, Tensor.of(new int[][] {{1, 2}, {3, 4}}).dtype());
        assertEquals(DType.FLOAT32, Tensor.of(new float[][] {{1, 2}, {3, 4}}).dtype());
        assertEquals(DType.FLOAT64, Tensor.of(new double[] {1, 2}).dtype());
        assertEquals(DType.BOOL, Tensor.of(new boolean[] {true, false}).dtype());
        assertArrayEquals(new int[] {2, 2}, Tensor.of(new int[][] {{1, 2}, {3, 4}}).size());
        assertArrayEquals(new long[] {1, 2, 3, 4}, Tensor.of(new int[][] {{1, 2}, {3, 4}}).toLongArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("not rectangular"), e.getMessage());
    }

    @Test
    void promotionFollowsPyTorch() {
        Tensor ints = Tensor.of(new long[] {1, 2});
        Tensor floats = Tensor.of(new float[] {0.5f, 0.25f}, 2);
        Tensor doubles = Tensor.of(new double[] {0.5, 0.25});
        assertEquals(DType.FLOAT32, ints.add(floats).dtype());
        assertEquals(DType.FLOAT64, floats.add(doubles).dtype());
        assertEquals(DType.INT64, ints.add(ints).dtype());
        assertEquals(DType.FLOAT32, ints.div(ints).dtype());
        assertEquals(DType.BOOL, ints.lt(floats).dtype());
        assertArrayEquals(new boolean[] {false, false}, ints.lt(floats).toBooleanArray());
        assertEquals(DType.FLOAT32, ints.add(0.5).dtype());
        assertEquals(DType.INT64, ints.add(2).dtype());
        assertArrayEquals(new long[] {3, 4}, ints.add(2).toLongArray());
    }

    @Test
    void conversionsAndPrinting() {
        Tensor t = Tensor.of(new double[] {2, 2.5, -1.75});
        assertEquals("tensor([ 2.0000,  2.5000, -1.7500], dtype=torch.float64)", t.toString());
        assertEquals("tensor([ 2,  2, -1])", t.to(DType.INT64).toString());
        assertEquals("tensor([True, True, True])", t.to(DType.BOOL).toString());
        assertEquals("tensor([1, 0])", Tensor.of(new boolean[] {true, false}).to(DType.INT64).toString());
        assertEquals(2.5, t.get("1").itemDouble());
        assertEquals(-1L, t.to(DType.INT64).get("2").itemLong());
    }

    @Test
    void itemOfManyElementsSaysHowMany() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2, 3).item());
        assertTrue(e.getMessage().contains("6 elements"), e.getMessage());
    }

    @Test
    void gradientsFlowBetweenFloat32AndFloat64() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        x.to(DType.FLOAT64).mul(Tensor.of(new double[] {0.5, 0.25, 2})).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new float[] {0.5f, 0.25f, 2}, x.grad().toFloatArray());
    }
}
