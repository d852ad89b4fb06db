package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class Conv2dOpTest {

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
}
