package dev.blitz.nn;

import dev.blitz.Blitz;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("conv2d: Given groups=1, weight of size [6, 1, 5, 5], expected input[1, 3, 32, 32] to have 1 "
                + "channels, but got 3 channels instead", rejection(new Conv2d(1, 6, 5), Tensor.zeros(1, 3, 32, 32)));
        assertEquals("conv2d: Given groups=2, weight of size [4, 3, 3, 3], expected input[1, 4, 5, 5] to have 6 "
                + "channels, but got 4 channels instead",
                rejection(Conv2d.builder(6, 4, 3).groups(2).build(), Tensor.zeros(1, 4, 5, 5)));
    }

    @Test
    void kernelLargerThanTheInputIsRefused() {
        assertEquals("conv2d: Calculated padded input size per channel: (4 x 8). Kernel size: (5 x 5). Kernel size "
                + "can't be greater than actual input size", rejection(new Conv2d(1, 1, 5), Tensor.zeros(1, 1, 4, 8)));
        // Dilation 3 spreads the 3x4 kernel over 7x10 cells.
        assertEquals("conv2d: Calculated padded input size per channel: (6 x 8). Kernel size: (7 x 10). Kernel size "
                + "can't be greater than actual input size",
                rejection(Conv2d.builder(1, 1, 3, 4).padding(1, 0).dilation(3).build(), Tensor.zeros(1, 1, 4, 8)));
    }

    @Test
    void builderTakesPyTorchsTupleForms() {
        Conv2d conv = Conv2d.builder(4, 6, 3, 2).stride(2, 1).padding(1, 0).dilation(1, 2).groups(2).build();
        assertArrayEquals(new int[] {6, 2, 3, 2}, conv.weight.size());
        // H: (9 + 2 - 1*(3-1) - 1) / 2 + 1 = 5; W: (8 + 0 - 2*(2-1) - 1) / 1 + 1 = 6.
        assertArrayEquals(new int[] {2, 6, 5, 6}, conv.forward(Tensor.zeros(2, 4, 9, 8)).size());
        assertNull(Conv2d.builder(3, 8, 3).bias(false).build().bias);
    }

    @Test
    void builderDefaultsMatchTheIntConstructors() {
        assertEquals(new Conv2d(3, 8, 3, 2, 1, false).toString(),
                Conv2d.builder(3, 8, 3).stride(2).padding(1).bias(false).build().toString());
        assertEquals(new Conv2d(1, 6, 5).toString(), Conv2d.builder(1, 6, 5).build().toString());
    }

    @Test
    void printsAsPyTorchOmittingDefaults() {
        assertEquals("Conv2d(4, 16, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 2), groups=2, "
                + "bias=False)", Conv2d.builder(4, 16, 3, 5).stride(2, 1).padding(1, 2).dilation(2).groups(2)
                .bias(false).build().toString());
        assertEquals("Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))",
                Conv2d.builder(3, 16, 3).padding(0).dilation(1).groups(1).build().toString());
        assertEquals("Conv2d(3, 16, kernel_size=(1, 3), stride=(1, 1), dilation=(1, 2))",
                Conv2d.builder(3, 16, 1, 3).dilation(1, 2).build().toString());
    }

    @Test
    void groupedWeightsUseTheFanInOfOneGroup() {
        // PyTorch: fan_in = in_channels / groups * kH * kW = 2 * 9, so both bounds are 1/sqrt(18) (not 1/sqrt(72)).
        Blitz.manualSeed(5);
        Conv2d conv = Conv2d.builder(8, 16, 3).groups(4).build();
        assertArrayEquals(new int[] {16, 2, 3, 3}, conv.weight.size());
        double bound = 1 / Math.sqrt(18);
        double largest = 0;
        for (float v : conv.weight.toFloatArray()) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest <= bound && largest > 1 / Math.sqrt(72), "largest |w| " + largest);
        for (float v : conv.bias.toFloatArray()) {
            assertTrue(Math.abs(v) <= bound, "bias " + v);
        }
    }

    private static String invalid(Conv2d.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreRefusedWithPyTorchsMessages() {
        assertEquals("Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), groups=3): in_channels must be divisible by "
                + "groups", invalid(Conv2d.builder(4, 6, 3).groups(3)));
        assertEquals("Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), groups=4): out_channels must be divisible by "
                + "groups", invalid(Conv2d.builder(4, 6, 3).groups(4)));
        assertEquals("Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), groups=0): groups must be a positive integer",
                invalid(Conv2d.builder(4, 6, 3).groups(0)));
    }

    @Test
    void sizesOutOfRangeAreRefused() {
        assertEquals("Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), dilation=(0, 1)): channels, kernel size, "
                + "stride and dilation must be >= 1 and padding >= 0",
                invalid(Conv2d.builder(4, 6, 3).dilation(0, 1)));
        assertEquals("Conv2d(4, 6, kernel_size=(3, 0), stride=(1, 1)): channels, kernel size, stride and dilation "
                + "must be >= 1 and padding >= 0", invalid(Conv2d.builder(4, 6, 3, 0)));
        assertEquals("Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), padding=(0, -1)): channels, kernel size, "
                + "stride and dilation must be >= 1 and padding >= 0", invalid(Conv2d.builder(4, 6, 3).padding(0, -1)));
    }
}
