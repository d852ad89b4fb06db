package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * HuberLoss against PyTorch's formula written out here: with {@code z = |x - y|}, {@code 0.5 z^2} for
 * {@code z < delta}, else {@code delta (z - 0.5 delta)}.
 */
class HuberLossTest {
    private static final double[] X = {0.1, -0.4, 2.0, 0.8, -3.0, 0.5};
    private static final double[] Y = {0.0, 0.1, -1.0, 0.3, 0.0, 0.5};

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.3, 2.0})
    void matchesTheFormula(double delta) {
        double[] expected = new double[X.length];
        double sum = 0;
        for (int i = 0; i < X.length; i++) {
            double z = Math.abs(X[i] - Y[i]);
            expected[i] = z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
            sum += expected[i];
        }
        Tensor x = Tensor.of(X, 2, 3);
        Tensor y = Tensor.of(Y, 2, 3);
        assertArrayEquals(expected, new HuberLoss(Reduction.NONE, delta).forward(x, y).toDoubleArray(), 1e-12);
        assertEquals(sum, new HuberLoss(Reduction.SUM, delta).forward(x, y).itemDouble(), 1e-12);
        assertEquals(sum / X.length, new HuberLoss(delta).forward(x, y).itemDouble(), 1e-12);
    }

    @Test
    void theGradientIsClippedToPlusMinusDelta() {
        Tensor x = Tensor.of(new double[] {0.5, -3, 4}, 3).requiresGrad(true);
        F.huberLoss(x, Tensor.zeros(3).to(x.dtype()), Reduction.SUM, 2).backward();
        assertArrayEquals(new double[] {0.5, -2, 2}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void printsAndRefusesANonPositiveDelta() {
        assertEquals("HuberLoss()", new HuberLoss().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HuberLoss(0).forward(Tensor.zeros(2), Tensor.zeros(2)));
        assertEquals("huber_loss does not support non-positive values for delta, got 0.0", e.getMessage());
    }
}
