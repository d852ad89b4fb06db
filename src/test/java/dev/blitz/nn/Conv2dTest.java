package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Conv2dTest {

    @Test
    void outputShapeFollowsStrideAndPadding() {
        assertArrayEquals(new int[] {2, 6, 28, 28}, new Conv2d(1, 6, 5).forward(Tensor.zeros(2, 1, 32, 32)).size());
        assertArrayEquals(new int[] {1, 4, 4, 3}, new Conv2d(3, 4, 3, 2, 1).forward(Tensor.zeros(1, 3, 7, 6)).size());
    }

    private static String rejection(Conv2d conv, Tensor input) {
        return assertThrows(IllegalArgumentException.class, () -> conv.forward(input)).getMessage();
    }

    @Test
    void inputWithoutABatchDimensionIsRefused() {
        assertEquals("conv2d: expected a 4-D input (N, C, H, W) for weight of shape [6, 1, 5, 5], but got input of "
                + "shape [1, 32, 32]; add a batch dimension with view(1, ...)",
                rejection(new Conv2d(1, 6, 5), Tensor.zeros(1, 32, 32)));
    }

    @Test
    void inputWithTheWrongChannelCountIsRefused() {
        assertEquals("conv2d: input of shape [1, 3, 32, 32] has 3 channels, but weight of shape [6, 1, 5, 5] "
                + "expects 1 input channels", rejection(new Conv2d(1, 6, 5), Tensor.zeros(1, 3, 32, 32)));
    }

    @Test
    void kernelLargerThanTheInputIsRefused() {
        assertEquals("conv2d: kernel 5x5 is larger than the (padded) input 4x8 of input shape [1, 1, 4, 8]",
                rejection(new Conv2d(1, 1, 5), Tensor.zeros(1, 1, 4, 8)));
    }
}
