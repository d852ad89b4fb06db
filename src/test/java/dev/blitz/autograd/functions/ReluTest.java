package dev.blitz.autograd.functions;

import dev.blitz.autograd.GradCheck;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.blitz.autograd.GradCheck.distinct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ReluTest {

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
