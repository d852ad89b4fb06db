package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * BCEWithLogitsLoss against PyTorch's formula written out here in float64:
 * {@code l = w * ((1 - y) * x + (1 + (p - 1) * y) * softplus(-x))}, with {@code softplus(z) = log(1 + e^z)}
 * computed as {@code max(z, 0) + log1p(e^-|z|)}.
 */
class BCEWithLogitsLossTest {
    private static final double[] X = {2.0, -1.0, 0.0, 30.0, -30.0, 0.7};
    private static final double[] Y = {1, 0, 1, 0, 1, 0.4};

    private static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static double term(double x, double y, double w, double p) {
        return w * ((1 - y) * x + (1 + (p - 1) * y) * softplus(-x));
    }

    @Test
    void matchesTheFormulaAndStaysFiniteForLargeLogits() {
        double[] expected = new double[X.length];
        double sum = 0;
        for (int i = 0; i < X.length; i++) {
            expected[i] = term(X[i], Y[i], 1, 1);
            sum += expected[i];
        }
        Tensor x = Tensor.of(X, 2, 3);
        Tensor y = Tensor.of(Y, 2, 3);
        assertArrayEquals(expected, new BCEWithLogitsLoss(Reduction.NONE).forward(x, y).toDoubleArray(), 1e-12);
        assertEquals(sum / X.length, new BCEWithLogitsLoss().forward(x, y).itemDouble(), 1e-12);
        assertEquals(30, expected[3], 1e-12);
        float[] big = F.binaryCrossEntropyWithLogits(Tensor.of(new float[] {100, -100}, 2),
                Tensor.of(new float[] {0, 1}, 2), null, null, Reduction.NONE).toFloatArray();
        assertArrayEquals(new float[] {100, 100}, big);
    }

    @Test
    void posWeightScalesThePositiveTermPerClassAndWeightEveryTerm() {
        double[] p = {3, 0.5, 1};
        double[] w = {1, 2};
        double sum = 0;
        for (int i = 0; i < X.length; i++) {
            sum += term(X[i], Y[i], w[i / 3], p[i % 3]);
        }
        BCEWithLogitsLoss loss = BCEWithLogitsLoss.builder().posWeight(Tensor.of(p, 3)).weight(Tensor.of(w, 2, 1))
                .reduction(Reduction.SUM).build();
        assertEquals(sum, loss.forward(Tensor.of(X, 2, 3), Tensor.of(Y, 2, 3)).itemDouble(), 1e-12);
        assertEquals(List.of("weight", "pos_weight"), List.copyOf(loss.stateDict().keySet()));
        assertEquals("BCEWithLogitsLoss()", loss.toString());
    }

    @Test
    void theGradientIsSigmoidMinusTargetEvenAtZero() {
        double[] x = {0, 3, -40};
        double[] y = {1, 0.2, 1};
        Tensor in = Tensor.of(x, 3).requiresGrad(true);
        F.binaryCrossEntropyWithLogits(in, Tensor.of(y, 3), null, null, Reduction.SUM).backward();
        for (int i = 0; i < 3; i++) {
            assertEquals(1 / (1 + Math.exp(-x[i])) - y[i], in.grad().toDoubleArray()[i], 1e-12, "x = " + x[i]);
        }
    }

    @Test
    void refusesATargetOfAnotherSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCEWithLogitsLoss().forward(Tensor.zeros(4, 1), Tensor.zeros(4)));
        assertEquals("binary_cross_entropy_with_logits: Target size (torch.Size([4])) must be the same as input size"
                + " (torch.Size([4, 1]))", e.getMessage());
    }
}
