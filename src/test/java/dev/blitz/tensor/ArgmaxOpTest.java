package dev.blitz.tensor;

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
        assertArrayEquals(new float[] {1, 0, 2, 0}, rows.toFloatArray(), "ties go to the first index");
        assertArrayEquals(new float[] {1, 0, 1}, x.argmax(0).toFloatArray());
        assertArrayEquals(rows.toFloatArray(), x.argmax(-1).toFloatArray());
        assertFalse(x.requiresGrad(true).argmax(1).requiresGrad(), "indices carry no gradient");
    }

    @Test
    void middleDimensionOfA3dTensor() {
        // [2, 3, 2]: out[o][i] = argmax over k of x[o][k][i]
        Tensor x = Tensor.of(new float[] {0, 5, 3, 1, 2, 8, 6, 0, 6, 2, 1, 9}, 2, 3, 2);
        Tensor idx = x.argmax(1);
        assertEquals(Shape.of(2, 2), idx.shape());
        assertArrayEquals(new float[] {1, 2, 0, 2}, idx.toFloatArray());
    }

    @Test
    void nanIsTheMaximum() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 5, Float.NaN}, 1, 4);
        assertArrayEquals(new float[] {1}, x.argmax(1).toFloatArray());
    }

    @Test
    void badDimensionsAreErrors() {
        Tensor x = Tensor.of(X, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> x.argmax(2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, 0).argmax(1));
    }
}
