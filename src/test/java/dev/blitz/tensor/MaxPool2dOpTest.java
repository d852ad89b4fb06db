package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.distinct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaxPool2dOpTest {

    private static Tensor pool(Tensor x, int kernel, int stride, int padding) {
        return MaxPool2dOp.apply(x, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    @Test
    void gradientOfNonOverlappingWindows() {
        GradCheck.check(t -> pool(t[0], 2, 2, 0), distinct(1, 2, 3, 6, 5));
    }

    @Test
    void gradientOfOverlappingPaddedWindows() {
        // Overlapping windows send several gradients to one winner; padded cells never win.
        GradCheck.check(t -> pool(t[0], 3, 2, 1), distinct(2, 1, 2, 7, 6));
    }

    @Test
    void tiesRouteTheGradientToTheFirstMaximumAsPyTorch() {
        Tensor x = Tensor.of(new float[] {1, 3, 3, 2}, 1, 1, 2, 2).requiresGrad(true);
        pool(x, 2, 2, 0).sum().backward();
        assertArrayEquals(new float[] {0, 1, 0, 0}, x.grad().toFloatArray());
    }

    @Test
    void gradientOfRectangularWindowsWithStrideAndPaddingPerAxis() {
        GradCheck.check(t -> MaxPool2dOp.apply(t[0], new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}),
                distinct(3, 2, 2, 6, 7));
        GradCheck.check(t -> MaxPool2dOp.apply(t[0], new int[] {3, 1}, new int[] {2}, new int[] {0, 0}),
                distinct(4, 1, 3, 7, 4));
    }

    @Test
    void rectangularWindowsMatchADirectScan() {
        Tensor x = GradCheck.distinct(5, 2, 3, 7, 9);
        int[] k = {3, 2};
        int[] s = {2, 3};
        int[] p = {1, 1};
        Tensor y = MaxPool2dOp.apply(x, k, s, p);
        int oh = (7 + 2 * p[0] - k[0]) / s[0] + 1;
        int ow = (9 + 2 * p[1] - k[1]) / s[1] + 1;
        assertArrayEquals(new int[] {2, 3, oh, ow}, y.size());
        float[] in = x.toFloatArray();
        float[] want = new float[2 * 3 * oh * ow];
        for (int plane = 0; plane < 6; plane++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int a = 0; a < k[0]; a++) {
                        for (int b = 0; b < k[1]; b++) {
                            int h = i * s[0] - p[0] + a;
                            int w = j * s[1] - p[1] + b;
                            if (h >= 0 && h < 7 && w >= 0 && w < 9) {
                                best = Math.max(best, in[(plane * 7 + h) * 9 + w]);
                            }
                        }
                    }
                    want[(plane * oh + i) * ow + j] = best;
                }
            }
        }
        assertArrayEquals(want, y.toFloatArray());
    }

    @Test
    void strideDefaultsToTheKernelAndOneValueStandsForBothAxes() {
        Tensor x = Tensor.zeros(1, 1, 8, 9);
        assertArrayEquals(new int[] {1, 1, 4, 3}, MaxPool2dOp.apply(x, new int[] {2, 3}, new int[0],
                new int[] {0}).size());
        assertArrayEquals(new int[] {1, 1, 2, 4}, MaxPool2dOp.apply(x, new int[] {3}, new int[] {3, 2},
                new int[] {0}).size());
    }

    private static String rejection(int h, int w, int[] kernel, int[] stride, int[] padding) {
        return assertThrows(IllegalArgumentException.class,
                () -> MaxPool2dOp.apply(Tensor.zeros(1, 16, h, w), kernel, stride, padding)).getMessage();
    }

    @Test
    void windowsThatDoNotFitAreRefusedWithPyTorchsMessages() {
        assertEquals("max_pool2d: Given input size: (16x1x5). Calculated output size: (16x0x2). Output size is too "
                + "small", rejection(1, 5, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}));
        assertEquals("max_pool2d: pad should be at most half of effective kernel size, but got pad=2, "
                + "kernel_size=3 and dilation=1",
                rejection(6, 6, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 2}));
        assertEquals("max_pool2d: pad must be non-negative, but got pad: -1",
                rejection(6, 6, new int[] {3, 3}, new int[] {1, 1}, new int[] {-1, 0}));
        assertEquals("max_pool2d: kernel size should be greater than zero, but got kH: 2 kW: 0",
                rejection(6, 6, new int[] {2, 0}, new int[] {1, 1}, new int[] {0, 0}));
        assertEquals("max_pool2d: stride should be greater than zero, but got dH: 0 dW: 1",
                rejection(6, 6, new int[] {2, 2}, new int[] {0, 1}, new int[] {0, 0}));
        assertEquals("max_pool2d: kernel_size must either be a single int, or a tuple of two ints",
                rejection(6, 6, new int[] {2, 2, 2}, new int[] {1, 1}, new int[] {0, 0}));
        assertEquals("max_pool2d: stride must either be omitted, a single int, or a tuple of two ints",
                rejection(6, 6, new int[] {2, 2}, new int[] {1, 1, 1}, new int[] {0, 0}));
        assertEquals("max_pool2d: padding must either be a single int, or a tuple of two ints",
                rejection(6, 6, new int[] {2, 2}, new int[] {1, 1}, new int[0]));
    }
}
