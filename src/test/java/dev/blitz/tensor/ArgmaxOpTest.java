package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArgmaxOpTest {
    private static final float[] X = {
            1, 7, 3,
            9, 2, 9,
            -1, -5, -0.5f,
            4, 4, 4};

    @Test
    void alongRowsAndColumns() {
        Tensor x = Tensor.of(X, 4, 3);
        Tensor rows = x.argmax(1);
        assertEquals(Shape.of(4), rows.shape());
        assertEquals(DType.INT64, rows.dtype());
        assertArrayEquals(new long[] {1, 0, 2, 0}, rows.toLongArray(), "ties go to the first index");
        assertArrayEquals(new long[] {1, 0, 1}, x.argmax(0).toLongArray());
        assertArrayEquals(rows.toLongArray(), x.argmax(-1).toLongArray());
        assertFalse(x.requiresGrad(true).argmax(1).requiresGrad(), "indices carry no gradient");
    }

    @Test
    void middleDimensionOfA3dTensor() {
        // [2, 3, 2]: out[o][i] = argmax over k of x[o][k][i]
        Tensor x = Tensor.of(new float[] {0, 5, 3, 1, 2, 8, 6, 0, 6, 2, 1, 9}, 2, 3, 2);
        Tensor idx = x.argmax(1);
        assertEquals(Shape.of(2, 2), idx.shape());
        assertArrayEquals(new long[] {1, 2, 0, 2}, idx.toLongArray());
    }

    @Test
    void nanIsTheMaximum() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 5, Float.NaN}, 1, 4);
        assertArrayEquals(new long[] {1}, x.argmax(1).toLongArray());
    }

    @Test
    void badDimensionsAreErrors() {
        Tensor x = Tensor.of(X, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> x.argmax(2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, 0).argmax(1));
    }
}
