package dev.blitz.autograd.functions;

import dev.blitz.autograd.GradCheck;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.blitz.autograd.GradCheck.distinct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class MaxPool2dTest {

    private static Tensor pool(Tensor x, int kernel, int stride, int padding) {
        return MaxPool2d.apply(x, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding});
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
