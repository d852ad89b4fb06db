package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class LinearOpTest {

    @Test
    void gradientsOfInputWeightAndBias() {
        GradCheck.check(t -> LinearOp.apply(t[0], t[1], t[2]), randn(1, 3, 5), randn(2, 4, 5), randn(3, 4));
    }

    @Test
    void gradientsWithoutBiasAndWithExtraLeadingDimensions() {
        GradCheck.check(t -> LinearOp.apply(t[0], t[1], null), randn(4, 2, 3, 5), randn(5, 4, 5));
        GradCheck.check(t -> LinearOp.apply(t[0], t[1], t[2]), randn(6, 5), randn(7, 4, 5), randn(8, 4));
    }

    @Test
    void forwardIsInputTimesWeightTransposedPlusBias() {
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 2);
        Tensor w = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        Tensor b = Tensor.of(new float[] {0.5f, 0, -1}, 3);
        Tensor y = LinearOp.apply(x, w, b);
        assertArrayEquals(new int[] {1, 3}, y.size());
        assertArrayEquals(new float[] {1.5f, 2, 2}, y.toFloatArray());
    }
}
