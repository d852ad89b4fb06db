package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.distinct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
