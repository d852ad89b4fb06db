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
 * SmoothL1Loss against PyTorch's formula written out here: with {@code z = |x - y|}, {@code 0.5 z^2 / beta} for
 * {@code z < beta}, else {@code z - 0.5 beta}; {@code beta = 0} is the L1 loss.
 */
class SmoothL1LossTest {
    private static final double[] X = {0.1, -0.4, 2.0, 0.8, -3.0, 0.5};
    private static final double[] Y = {0.0, 0.1, -1.0, 0.3, 0.0, 0.5};

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.5, 2.5, 0.0})
    void matchesTheFormula(double beta) {
        double[] expected = new double[X.length];
        double sum = 0;
        for (int i = 0; i < X.length; i++) {
            double z = Math.abs(X[i] - Y[i]);
            expected[i] = beta == 0 ? z : z < beta ? 0.5 * z * z / beta : z - 0.5 * beta;
            sum += expected[i];
        }
        Tensor x = Tensor.of(X, 2, 3);
        Tensor y = Tensor.of(Y, 2, 3);
        assertArrayEquals(expected, new SmoothL1Loss(Reduction.NONE, beta).forward(x, y).toDoubleArray(), 1e-12);
        assertEquals(sum / X.length, new SmoothL1Loss(beta).forward(x, y).itemDouble(), 1e-12);
    }

    @Test
    void theGradientIsClippedToPlusMinusOne() {
        Tensor x = Tensor.of(new double[] {0.5, -3, 4}, 3).requiresGrad(true);
        F.smoothL1Loss(x, Tensor.zeros(3).to(x.dtype()), Reduction.SUM, 1).backward();
        assertArrayEquals(new double[] {0.5, -1, 1}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void printsAndRefusesANegativeBeta() {
        assertEquals("SmoothL1Loss()", new SmoothL1Loss().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SmoothL1Loss(-1).forward(Tensor.zeros(2), Tensor.zeros(2)));
        assertEquals("smooth_l1_loss does not support negative values for beta, got -1.0", e.getMessage());
    }
}
