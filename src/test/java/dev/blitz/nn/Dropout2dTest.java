package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Dropout2dTest {

    /** Every H × W plane of {@code y} (ones through dropout) is all 0 or all {@code 1 / (1 - p)}. */
    private static int zeroPlanes(float[] y, int planes, int area, float kept) {
        int zeros = 0;
        for (int p = 0; p < planes; p++) {
            float first = y[p * area];
            assertEquals(first == 0 ? 0f : kept, first, "plane " + p);
            for (int j = 1; j < area; j++) {
                assertEquals(first, y[p * area + j], "plane " + p + " is dropped whole or kept whole");
            }
            zeros += first == 0 ? 1 : 0;
        }
        return zeros;
    }

    @Test
    void dropsWholeChannels() {
        float[] y = new Dropout2d(0.5).forward(Tensor.ones(40, 50, 3, 3)).toFloatArray();
        int zeros = zeroPlanes(y, 2000, 9, 2f);
        assertEquals(0.5, zeros / 2000.0, 0.05);
    }

    @Test
    void takesAnUnbatchedImage() {
        float[] y = new Dropout2d(0.25).forward(Tensor.ones(30, 2, 2)).toFloatArray();
        zeroPlanes(y, 30, 4, 1f / 0.75f);
    }

    @Test
    void passesThroughInEvaluationPrintsAndRefusesOtherRanks() {
        Dropout2d dropout = new Dropout2d();
        Tensor x = Tensor.ones(2, 3, 4, 4);
        dropout.eval();
        assertSame(x, dropout.forward(x));
        assertArrayEquals(new float[16], F.dropout2d(Tensor.ones(1, 1, 4, 4), 1).toFloatArray());
        assertEquals("Dropout2d(p=0.5, inplace=False)", dropout.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.dropout2d(Tensor.ones(4, 5), 0.5));
        assertEquals("dropout2d: expected a 3D (C, H, W) or 4D (N, C, H, W) input, got shape [4, 5]", e.getMessage());
    }
}
