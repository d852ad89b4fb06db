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
        assertEquals("max_pool2d: Given input size: (16x1x5). Calculated output size: (16x0x2). Output size is too "
                + "small", e.getMessage());
    }

    @Test
    void anInputWithoutFourDimensionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2d(2).forward(Tensor.zeros(6, 28, 28)));
        assertEquals("max_pool2d: expected a 4-D input (N, C, H, W), got shape [6, 28, 28]", e.getMessage());
    }

    @Test
    void builderTakesPyTorchsTupleForms() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 2}, 1, 1, 2, 8);
        // 2x3 windows, stride (2, 3): columns 0-2 and 3-5 of the two rows.
        assertArrayEquals(new float[] {5, 9}, MaxPool2d.builder(2, 3).build().forward(x).toFloatArray());
        // 1x2 windows, stride (1, 4), padding (0, 1): columns -1..0, 3..4 and 7..8 of each row.
        assertArrayEquals(new float[] {1, 3, 1, 0, 9, 2},
                MaxPool2d.builder(1, 2).stride(1, 4).padding(0, 1).build().forward(x).toFloatArray());
        assertArrayEquals(new int[] {2, 3, 4, 3},
                MaxPool2d.builder(3).stride(2, 3).padding(1).build().forward(Tensor.zeros(2, 3, 8, 9)).size());
    }

    @Test
    void printsEveryOptionAsGivenAsPyTorch() {
        assertEquals("MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0, dilation=1, ceil_mode=False)",
                MaxPool2d.builder(2, 3).build().toString());
        assertEquals("MaxPool2d(kernel_size=3, stride=(2, 1), padding=(1, 0), dilation=1, ceil_mode=False)",
                MaxPool2d.builder(3).stride(2, 1).padding(1, 0).build().toString());
        assertEquals(new MaxPool2d(3, 1, 1).toString(), MaxPool2d.builder(3).stride(1).padding(1).build().toString());
    }

    @Test
    void paddingMoreThanHalfTheWindowIsRefusedWithPyTorchsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaxPool2d.builder(4, 2).padding(2, 2).build().forward(Tensor.zeros(1, 1, 6, 6)));
        assertEquals("max_pool2d: pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 "
                + "and dilation=1", e.getMessage());
    }
}
