package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaxPool2dTest {

    @Test
    void halvesTheImageAndKeepsEachWindowsMaximum() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 2}, 1, 1, 4, 4);
        Tensor y = new MaxPool2d(2).forward(x);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.size());
        assertArrayEquals(new float[] {5, 8, 9, 2}, y.toFloatArray());
        assertArrayEquals(new int[] {1, 1, 2, 2}, new MaxPool2d(2).forward(Tensor.zeros(1, 1, 5, 5)).size());
    }

    @Test
    void aWindowLargerThanTheInputIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2d(2).forward(Tensor.zeros(1, 16, 1, 5)));
        assertEquals("max_pool2d: window 2x2 is larger than the (padded) input 1x5 of input shape [1, 16, 1, 5]",
                e.getMessage());
    }

    @Test
    void anInputWithoutFourDimensionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2d(2).forward(Tensor.zeros(6, 28, 28)));
        assertEquals("max_pool2d: expected a 4-D input (N, C, H, W), got shape [6, 28, 28]", e.getMessage());
    }
}
