package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Conv2dOpTest {

    private static int[] pair(int h, int w) {
        return new int[] {h, w};
    }

    private static Tensor conv(Tensor[] t, int stride, int padding) {
        return Conv2dOp.apply(t[0], t[1], t.length > 2 ? t[2] : null, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    @Test
    void gradientsOfInputWeightAndBias() {
        GradCheck.check(t -> conv(t, 1, 0), randn(1, 2, 2, 6, 5), randn(2, 3, 2, 3, 3), randn(3, 3));
    }

    @Test
    void gradientsWithStrideAndPadding() {
        // 7x6 input, 3x3 kernel, stride 2, padding 1: the last input row is never read by a full step.
        GradCheck.check(t -> conv(t, 2, 1), randn(4, 2, 2, 7, 6), randn(5, 3, 2, 3, 3), randn(6, 3));
    }

    @Test
    void gradientsWithoutBiasAndRectangularKernel() {
        GradCheck.check(t -> Conv2dOp.apply(t[0], t[1], null, new int[] {1, 2}, new int[] {2, 0}),
                randn(7, 1, 3, 4, 5), randn(8, 2, 3, 2, 3));
    }

    @Test
    void forwardMatchesAHandComputedCrossCorrelation() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new float[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor b = Tensor.of(new float[] {10}, 1);
        // out[i][j] = x[i][j] - x[i+1][j+1] + 10; with padding 1 the border reads zeros.
        assertArrayEquals(new float[] {6, 6, 6, 6}, conv(new Tensor[] {x, w, b}, 1, 0).toFloatArray());
        assertArrayEquals(new float[] {9, 8, 7, 10, 6, 6, 6, 13, 3, 6, 6, 16, 10, 17, 18, 19},
                conv(new Tensor[] {x, w, b}, 1, 1).toFloatArray());
        assertArrayEquals(new int[] {1, 1, 1, 1}, conv(new Tensor[] {x, w, b}, 2, 0).size());
    }

    @Test
    void gradientsWithDilation() {
        // 3x2 kernel dilated (2, 3): spans 5x4 of the 7x6 input, on the wide stride-1 layout.
        GradCheck.check(t -> Conv2dOp.apply(t[0], t[1], t[2], pair(1, 1), pair(0, 0), pair(2, 3), 1),
                randn(9, 1, 2, 7, 6), randn(10, 3, 2, 3, 2), randn(11, 3));
    }

    @Test
    void gradientsWithGroupsRectangularStrideAndPadding() {
        // Two groups of 2 input channels, 3 filters each.
        GradCheck.check(t -> Conv2dOp.apply(t[0], t[1], t[2], pair(2, 1), pair(1, 0), pair(1, 1), 2),
                randn(12, 1, 4, 5, 5), randn(13, 6, 2, 3, 3), randn(14, 6));
    }

    @Test
    void gradientsOfADepthwiseConvolution() {
        GradCheck.check(t -> Conv2dOp.apply(t[0], t[1], null, pair(1, 1), pair(1, 1), pair(1, 1), 3),
                randn(15, 2, 3, 5, 4), randn(16, 3, 1, 2, 2));
    }

    @Test
    void gradientsWithEveryOptionPerAxis() {
        GradCheck.check(t -> Conv2dOp.apply(t[0], t[1], t[2], pair(2, 1), pair(1, 2), pair(2, 3), 2),
                randn(17, 1, 4, 8, 7), randn(18, 4, 2, 3, 2), randn(19, 4));
    }

    @Test
    void dilatedTapsSkipCellsAndGroupsKeepTheirChannels() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new float[] {1, 0, 0, -1}, 1, 1, 2, 2);
        // Dilation 2 spreads the 2x2 kernel over the corners: x[0][0] - x[2][2].
        assertArrayEquals(new float[] {-8},
                Conv2dOp.apply(x, w, null, pair(1, 1), pair(0, 0), pair(2, 2), 1).toFloatArray());
        Tensor two = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
        Tensor scale = Tensor.of(new float[] {2, 3}, 2, 1, 1, 1);
        assertArrayEquals(new float[] {2, 4, 6, 8, 15, 18, 21, 24},
                Conv2dOp.apply(two, scale, null, pair(1, 1), pair(0, 0), pair(1, 1), 2).toFloatArray());
    }

    @Test
    void outputSizeFollowsPyTorchsFormulaPerAxis() {
        // H: (9 + 2*1 - 2*(3-1) - 1) / 2 + 1 = 4; W: (8 + 2*0 - 3*(2-1) - 1) / 1 + 1 = 5.
        Tensor y = Conv2dOp.apply(Tensor.zeros(2, 4, 9, 8), Tensor.zeros(6, 2, 3, 2), null, pair(2, 1), pair(1, 0),
                pair(2, 3), 2);
        assertArrayEquals(new int[] {2, 6, 4, 5}, y.size());
        // One value stands for both axes, as in PyTorch.
        assertArrayEquals(new int[] {1, 1, 3, 3}, Conv2dOp.apply(Tensor.zeros(1, 1, 7, 7), Tensor.zeros(1, 1, 3, 3),
                null, new int[] {2}, new int[] {1}, new int[] {2}, 1).size());
    }

    private static String rejection(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                    int[] dilation, int groups) {
        return assertThrows(IllegalArgumentException.class,
                () -> Conv2dOp.apply(input, weight, bias, stride, padding, dilation, groups)).getMessage();
    }

    @Test
    void groupsThatDoNotFitAreRefusedWithPyTorchsMessages() {
        int[] one = {1, 1};
        int[] zero = {0, 0};
        assertEquals("conv2d: Given groups=2, weight of size [4, 3, 3, 3], expected input[1, 4, 5, 5] to have 6 "
                + "channels, but got 4 channels instead",
                rejection(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(4, 3, 3, 3), null, one, zero, one, 2));
        assertEquals("conv2d: Given groups=4, expected weight to be at least 4 at dimension 0, but got weight of "
                + "size [2, 1, 3, 3] instead",
                rejection(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(2, 1, 3, 3), null, one, zero, one, 4));
        assertEquals("conv2d: Given groups=4, expected weight to be divisible by 4 at dimension 0, but got weight "
                + "of size [6, 1, 3, 3] instead",
                rejection(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(6, 1, 3, 3), null, one, zero, one, 4));
        assertEquals("conv2d: non-positive groups is not supported",
                rejection(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(4, 4, 3, 3), null, one, zero, one, 0));
    }

    @Test
    void optionsOutOfRangeAreRefusedWithPyTorchsMessages() {
        Tensor x = Tensor.zeros(1, 1, 5, 5);
        Tensor w = Tensor.zeros(2, 1, 3, 3);
        int[] one = {1, 1};
        int[] zero = {0, 0};
        assertEquals("conv2d: negative padding is not supported", rejection(x, w, null, one, pair(0, -1), one, 1));
        assertEquals("conv2d: non-positive stride is not supported", rejection(x, w, null, pair(1, 0), zero, one, 1));
        assertEquals("conv2d: dilation should be greater than zero", rejection(x, w, null, one, zero, pair(0, 1), 1));
        assertEquals("conv2d: expected stride to be a single integer value or a list of 2 values to match the "
                + "convolution dimensions, but got stride=[1, 1, 1]",
                rejection(x, w, null, new int[] {1, 1, 1}, zero, one, 1));
        assertEquals("conv2d: Given weight of size [2, 1, 3, 3], expected bias to be 1-dimensional with 2 elements, "
                + "but got bias of size [3] instead", rejection(x, w, Tensor.zeros(3), one, zero, one, 1));
    }

    @Test
    void aDilatedKernelLargerThanThePaddedInputIsRefused() {
        // 3x3 dilated by (3, 2) spans 7x5: too tall for 5 + 2*0 rows, wide enough for 5 columns.
        assertEquals("conv2d: Calculated padded input size per channel: (5 x 5). Kernel size: (7 x 5). Kernel size "
                + "can't be greater than actual input size", rejection(Tensor.zeros(1, 1, 5, 5),
                Tensor.zeros(1, 1, 3, 3), null, pair(1, 1), pair(0, 0), pair(3, 2), 1));
    }
}
