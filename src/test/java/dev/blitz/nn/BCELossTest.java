package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * BCELoss against PyTorch's formula written out here in float64:
 * {@code l = -w * (y * max(log x, -100) + (1 - y) * max(log(1 - x), -100))}.
 */
class BCELossTest {
    private static final double[] X = {0.9, 0.2, 0.5, 0.01, 1.0, 0.0};
    private static final double[] Y = {1, 0, 1, 1, 0, 0.3};

    private static double term(double x, double y, double w) {
        return -w * (y * Math.max(Math.log(x), -100) + (1 - y) * Math.max(Math.log(1 - x), -100));
    }

    @Test
    void matchesTheFormulaIncludingTheClampAtZeroAndOne() {
        double[] expected = new double[X.length];
        double sum = 0;
        for (int i = 0; i < X.length; i++) {
            expected[i] = term(X[i], Y[i], 1);
            sum += expected[i];
        }
        Tensor x = Tensor.of(X, 2, 3);
        Tensor y = Tensor.of(Y, 2, 3);
        assertArrayEquals(expected, new BCELoss(Reduction.NONE).forward(x, y).toDoubleArray(), 1e-12);
        assertEquals(sum / X.length, new BCELoss().forward(x, y).itemDouble(), 1e-12);
        assertEquals(100, expected[4], 1e-12, "log(1 - 1) is clamped at -100");
    }

    @Test
    void aWeightBroadcastsOverTheBatch() {
        double[] w = {0.5, 2, 1};
        double sum = 0;
        for (int i = 0; i < X.length; i++) {
            sum += term(X[i], Y[i], w[i % 3]);
        }
        BCELoss loss = new BCELoss(Tensor.of(w, 3), Reduction.SUM);
        assertEquals(sum, loss.forward(Tensor.of(X, 2, 3), Tensor.of(Y, 2, 3)).itemDouble(), 1e-12);
        assertEquals("BCELoss()", loss.toString());
    }

    @Test
    void theGradientIsXMinusYOverXTimesOneMinusX() {
        double[] x = {0.3, 0.8};
        double[] y = {1, 0.25};
        Tensor in = Tensor.of(x, 2).requiresGrad(true);
        F.binaryCrossEntropy(in, Tensor.of(y, 2), null, Reduction.SUM).backward();
        for (int i = 0; i < 2; i++) {
            assertEquals((x[i] - y[i]) / (x[i] * (1 - x[i])), in.grad().toDoubleArray()[i], 1e-12);
        }
    }

    @Test
    void refusesWithPyTorchsMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(Tensor.of(new float[] {0.5f, 1.5f}, 2), Tensor.zeros(2)));
        assertEquals("binary_cross_entropy: all elements of input should be between 0 and 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(Tensor.zeros(3, 1), Tensor.zeros(3)));
        assertEquals("binary_cross_entropy: Using a target size (torch.Size([3])) that is different to the input"
                + " size (torch.Size([3, 1])) is deprecated. Please ensure they have the same size.", e.getMessage());
    }
}
