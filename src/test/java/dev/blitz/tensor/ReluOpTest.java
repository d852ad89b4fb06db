package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.distinct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ReluOpTest {

    @Test
    void gradientAwayFromTheKink() {
        GradCheck.check(t -> t[0].relu(), distinct(1, 4, 5));
    }

    @Test
    void gradientAtZeroIsZeroAsPyTorch() {
        Tensor x = Tensor.of(new float[] {-1, 0, 2}, 3).requiresGrad(true);
        Tensor y = x.relu();
        assertArrayEquals(new float[] {0, 0, 2}, y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(new float[] {0, 0, 1}, x.grad().toFloatArray());
    }
}
