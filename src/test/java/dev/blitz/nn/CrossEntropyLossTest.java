package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.GradCheck;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-entropy against PyTorch's definition, written out here in double precision:
 * {@code logp = x - logsumexp(x)}, {@code loss_i = (1 - eps) * -logp[i, t_i] + eps * mean_j(-logp[i, j])},
 * reduced by mean (over rows), sum or not at all; and its gradient against central differences ({@link GradCheck}).
 */
class CrossEntropyLossTest {
    private static final int N = 4;
    private static final int C = 5;
    private static final float[] LOGITS = {
            0.3f, -1.2f, 2.0f, 0.7f, -0.4f,
            1.1f, 0.2f, -0.3f, -2.5f, 0.9f,
            -0.6f, 0.8f, 0.1f, 1.9f, -1.0f,
            2.2f, -0.7f, 0.4f, 0.0f, 1.3f};
    private static final float[] TARGET = {2, 0, 3, 4};

    private static double[] reference(float[] x, float[] t, int n, int c, double eps) {
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x[i * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(x[i * c + j] - max);
            }
            double lse = max + Math.log(sum);
            double nll = lse - x[i * c + (int) t[i]];
            double smooth = 0;
            for (int j = 0; j < c; j++) {
                smooth += (lse - x[i * c + j]) / c;
            }
            loss[i] = (1 - eps) * nll + eps * smooth;
        }
        return loss;
    }

    @ParameterizedTest(name = "{0}, label smoothing {1}")
    @CsvSource({"MEAN, 0", "SUM, 0", "NONE, 0", "MEAN, 0.1", "SUM, 0.25", "NONE, 0.3"})
    void matchesPyTorchsFormula(Reduction reduction, float eps) {
        Tensor loss = F.crossEntropy(Tensor.of(LOGITS, N, C), Tensor.of(TARGET, N), reduction, eps);
        double[] expected = reference(LOGITS, TARGET, N, C, eps);
        float[] got = loss.toFloatArray();
        if (reduction == Reduction.NONE) {
            assertEquals(N, got.length);
            for (int i = 0; i < N; i++) {
                assertEquals(expected[i], got[i], 1e-6, "row " + i);
            }
        } else {
            double total = 0;
            for (double v : expected) {
                total += v;
            }
            assertEquals(0, loss.dim());
            assertEquals(reduction == Reduction.MEAN ? total / N : total, got[0], 1e-6);
        }
    }

    @ParameterizedTest(name = "{0}, label smoothing {1}")
    @CsvSource({"MEAN, 0", "SUM, 0.1", "NONE, 0.2"})
    void gradientMatchesCentralDifferences(Reduction reduction, float eps) {
        Tensor target = Tensor.of(TARGET, N);
        GradCheck.check(in -> F.crossEntropy(in[0], target, reduction, eps), Tensor.of(LOGITS, N, C).requiresGrad(true));
    }

    @Test
    void isStableForHugeLogits() {
        float[] x = {1000f, 0f, -1000f, -50f, 3000f, 2999f};
        Tensor loss = F.crossEntropy(Tensor.of(x, 2, 3), Tensor.of(new float[] {0, 2}, 2), Reduction.NONE, 0f);
        float[] got = loss.toFloatArray();
        assertEquals(0, got[0], 1e-6);
        assertEquals(1 + Math.log(1 + Math.exp(-1)), got[1], 1e-5);
        Tensor logits = Tensor.of(x, 2, 3).requiresGrad(true);
        F.crossEntropy(logits, Tensor.of(new float[] {0, 2}, 2)).backward();
        for (float g : logits.grad().toFloatArray()) {
            assertTrue(Float.isFinite(g), "finite gradient");
        }
    }

    @Test
    void moduleFormAndGradFn() {
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Tensor x = Tensor.of(LOGITS, N, C).requiresGrad(true);
        Tensor loss = criterion.forward(x, Tensor.of(TARGET, N));
        assertEquals("NllLossBackward0", loss.gradFn().name());
        assertEquals("CrossEntropyLoss()", criterion.toString());
        double mean = 0;
        for (double v : reference(LOGITS, TARGET, N, C, 0)) {
            mean += v / N;
        }
        assertEquals(mean, loss.item(), 1e-6);
    }

    @Test
    void int64ClassIndicesAsPyTorchTakesThem() {
        long[] target = {2, 0, 3, 4};
        Tensor x = Tensor.of(LOGITS, N, C).requiresGrad(true);
        Tensor loss = F.crossEntropy(x, Tensor.of(target, N), Reduction.SUM, 0.1);
        double total = 0;
        for (double v : reference(LOGITS, TARGET, N, C, 0.1)) {
            total += v;
        }
        assertEquals(total, loss.item(), 1e-5);
        loss.backward();
        Tensor same = Tensor.of(LOGITS, N, C).requiresGrad(true);
        F.crossEntropy(same, Tensor.of(TARGET, N), Reduction.SUM, 0.1).backward();
        assertArrayEquals(same.grad().toFloatArray(), x.grad().toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(x, Tensor.of(new long[] {1, 5, 0, 0}, N)));
        assertTrue(e.getMessage().contains("target[1] = 5 ") && e.getMessage().contains("[0, 5)"), e.getMessage());
    }

    @Test
    void badTargetsAreNamed() {
        Tensor x = Tensor.of(LOGITS, N, C);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(x, Tensor.of(new float[] {1, 5, 0, 0}, N)));
        assertTrue(e.getMessage().contains("target[1] = 5.0") && e.getMessage().contains("[0, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, Tensor.of(new float[] {1, 2, 0.5f, 0}, N)));
        assertTrue(e.getMessage().contains("target[2] = 0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, Tensor.of(new float[] {-1, 2, 0, 0}, N)));
        assertTrue(e.getMessage().contains("target[0] = -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(x, Tensor.of(new float[] {1, 2, 3}, 3)));
        assertTrue(e.getMessage().contains("expected target of shape [4]"), e.getMessage());
        // A 1-D input is one unbatched row of logits, as in PyTorch: its target is a 0-d int64 class index.
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(Tensor.of(LOGITS, 20), Tensor.of(TARGET, N)));
        assertTrue(e.getMessage().contains("expected scalar type Long"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(x, Tensor.of(TARGET, N), Reduction.MEAN, 1.5f));
    }

    /**
     * PyTorch's weighted, ignoring form, written out: {@code nll_n = -w[t_n] * logp[n, t_n]} and
     * {@code smooth_n = -sum_c w[c] * logp[n, c]}, both 0 for an ignored target; the mean divides both by the kept
     * targets' weights; the loss is {@code (1 - eps) * nll + eps / C * smooth}.
     */
    @ParameterizedTest(name = "{0}, label smoothing {1}")
    @CsvSource({"MEAN, 0", "SUM, 0", "NONE, 0", "MEAN, 0.2", "SUM, 0.1", "NONE, 0.3"})
    void classWeightsAndAnIgnoredIndex(Reduction reduction, double eps) {
        double[] w = {0.5, 1, 2, 0.25, 3};
        long[] t = {2, 1, 3, 4};
        long ignore = 1;
        double[] loss = new double[N];
        double nll = 0;
        double smooth = 0;
        double kept = 0;
        for (int n = 0; n < N; n++) {
            if (t[n] == ignore) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < C; c++) {
                max = Math.max(max, LOGITS[n * C + c]);
            }
            double sum = 0;
            for (int c = 0; c < C; c++) {
                sum += Math.exp(LOGITS[n * C + c] - max);
            }
            double lse = max + Math.log(sum);
            double nllN = -w[(int) t[n]] * (LOGITS[n * C + (int) t[n]] - lse);
            double smoothN = 0;
            for (int c = 0; c < C; c++) {
                smoothN -= w[c] * (LOGITS[n * C + c] - lse);
            }
            loss[n] = (1 - eps) * nllN + eps / C * smoothN;
            nll += nllN;
            smooth += smoothN;
            kept += w[(int) t[n]];
        }
        CrossEntropyLoss criterion = CrossEntropyLoss.builder().weight(Tensor.of(w, C)).ignoreIndex(ignore)
                .reduction(reduction).labelSmoothing(eps).build();
        Tensor out = criterion.forward(Tensor.of(LOGITS, N, C), Tensor.of(t, N));
        switch (reduction) {
            case NONE -> assertArrayEquals(loss, out.toDoubleArray(), 1e-5);
            case SUM -> assertEquals((1 - eps) * nll + eps / C * smooth, out.itemDouble(), 1e-5);
            case MEAN -> assertEquals(((1 - eps) * nll + eps / C * smooth) / kept, out.itemDouble(), 1e-5);
        }
        assertEquals(List.of("weight"), List.copyOf(criterion.stateDict().keySet()));
    }

    @Test
    void targetsOfMinus100AreIgnoredByDefaultOnTheCpu() {
        double[] rows = reference(LOGITS, TARGET, N, C, 0);
        Tensor loss = new CrossEntropyLoss().forward(Tensor.of(LOGITS, N, C), Tensor.of(new long[] {2, -100, 3, 4}, N));
        assertEquals((rows[0] + rows[2] + rows[3]) / 3, loss.item(), 1e-6);
    }

    @Test
    void float64AndSpatialLogitsGoThroughTheComposedForm() {
        // [N=1, C=5, L=4]: the logits of row l are LOGITS' row l, transposed into the class dimension.
        double[] x = new double[N * C];
        for (int l = 0; l < N; l++) {
            for (int c = 0; c < C; c++) {
                x[c * N + l] = LOGITS[l * C + c];
            }
        }
        long[] t = {2, 0, 3, 4};
        Tensor out = F.crossEntropy(Tensor.of(x, 1, C, N), Tensor.of(t, 1, N), null, -100, Reduction.NONE, 0);
        assertArrayEquals(new int[] {1, N}, out.size());
        double[] expected = reference(LOGITS, TARGET, N, C, 0);
        assertArrayEquals(expected, out.toDoubleArray(), 1e-6);
    }
}
