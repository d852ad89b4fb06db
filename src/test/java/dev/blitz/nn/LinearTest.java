package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinearTest {

    @Test
    void mapsTheLastDimension() {
        assertArrayEquals(new int[] {4, 120}, new Linear(400, 120).forward(Tensor.zeros(4, 400)).size());
        assertArrayEquals(new int[] {2, 3, 5}, new Linear(7, 5).forward(Tensor.zeros(2, 3, 7)).size());
    }

    @Test
    void theWrongFeatureCountIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Linear(400, 120).forward(Tensor.zeros(1, 256)));
        assertEquals("linear: input of shape [1, 256] has 256 features in its last dimension, but the layer expects "
                + "in_features=400 (weight shape [120, 400])", e.getMessage());
    }
}
