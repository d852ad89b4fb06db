package dev.blitz.nn;

import dev.blitz.core.DType;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BatchNorm2d against PyTorch's documented formulas, written out here in float64 per channel c over the N × H × W
 * values: {@code y = (x - mean) / sqrt(var + eps) * w + b} with the biased variance, and
 * {@code running = (1 - momentum) * running + momentum * stat} with the unbiased one.
 */
class BatchNorm2dTest {
    private static final int N = 2;
    private static final int C = 3;
    private static final int HW = 4;
    private static final double EPS = 1e-5;
    private static final float[] WEIGHT = {0.5f, 1.5f, -1f};
    private static final float[] BIAS = {0.1f, -0.2f, 0.3f};

    private static float[] batch(double phase) {
        float[] x = new float[N * C * HW];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * Math.sin(0.7 * i + phase) + 0.3 * (i / HW % C));
        }
        return x;
    }

    private static double[] channel(float[] x, int c) {
        double[] v = new double[N * HW];
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < HW; j++) {
                v[n * HW + j] = x[(n * C + c) * HW + j];
            }
        }
        return v;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e;
        }
        return s / v.length;
    }

    /** The sum of squared deviations divided by {@code v.length - correction}. */
    private static double var(double[] v, int correction) {
        double m = mean(v);
        double s = 0;
        for (double e : v) {
            s += (e - m) * (e - m);
        }
        return s / (v.length - correction);
    }

    /** y per PyTorch's formula with the given per-channel statistics. */
    private static double[] normalise(float[] x, double[] mean, double[] var) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = i / HW % C;
            y[i] = (x[i] - mean[c]) / Math.sqrt(var[c] + EPS) * WEIGHT[c] + BIAS[c];
        }
        return y;
    }

    private static BatchNorm2d layer() {
        BatchNorm2d bn = new BatchNorm2d(C);
        try (var g = GradMode.noGrad()) {
            bn.weight.copyFrom(Tensor.of(WEIGHT, C));
            bn.bias.copyFrom(Tensor.of(BIAS, C));
        }
        return bn;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    @Test
    void printsAsPyTorch() {
        assertEquals("BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
                new BatchNorm2d(16).toString());
        assertEquals("BatchNorm2d(8, eps=0.001, momentum=0.01, affine=False, track_running_stats=False)",
                BatchNorm2d.builder(8).eps(1e-3).momentum(0.01).affine(false).trackRunningStats(false).build()
                        .toString());
        assertEquals("BatchNorm2d(4, eps=1e-05, momentum=None, affine=True, track_running_stats=True)",
                BatchNorm2d.builder(4).cumulativeMovingAverage().build().toString());
    }

    @Test
    void holdsPyTorchsParametersAndBuffers() {
        BatchNorm2d bn = new BatchNorm2d(C);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                new ArrayList<>(bn.stateDict().keySet()));
        assertEquals(List.of(bn.weight, bn.bias), bn.parameters());
        assertArrayEquals(new float[] {1, 1, 1}, bn.weight.toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0}, bn.bias.toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0}, bn.runningMean.toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar.toFloatArray());
        assertEquals(DType.INT64, bn.numBatchesTracked.dtype());
        assertEquals(0, bn.numBatchesTracked.dim());
    }

    @Test
    void trainingNormalisesWithTheBatchAndUpdatesTheRunningStatistics() {
        BatchNorm2d bn = layer();
        float[] x1 = batch(0);
        float[] x2 = batch(1.3);
        double[] mean = new double[C];
        double[] biased = new double[C];
        double[] runningMean = new double[C];
        double[] runningVar = {1, 1, 1};
        for (float[] x : new float[][] {x1, x2}) {
            for (int c = 0; c < C; c++) {
                mean[c] = mean(channel(x, c));
                biased[c] = var(channel(x, c), 0);
                runningMean[c] = 0.9 * runningMean[c] + 0.1 * mean[c];
                runningVar[c] = 0.9 * runningVar[c] + 0.1 * var(channel(x, c), 1);
            }
            Tensor y = bn.forward(Tensor.of(x, N, C, 2, 2));
            assertClose(normalise(x, mean, biased), y.toFloatArray(), "y");
        }
        assertClose(runningMean, bn.runningMean.toFloatArray(), "running_mean");
        assertClose(runningVar, bn.runningVar.toFloatArray(), "running_var");
        assertEquals(2, bn.numBatchesTracked.itemLong());
    }

    @Test
    void evaluationUsesTheRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2d bn = layer();
        bn.forward(Tensor.of(batch(0), N, C, 2, 2));
        bn.eval();
        float[] rm = bn.runningMean.toFloatArray();
        float[] rv = bn.runningVar.toFloatArray();
        double[] mean = new double[C];
        double[] var = new double[C];
        for (int c = 0; c < C; c++) {
            mean[c] = rm[c];
            var[c] = rv[c];
        }
        float[] x = batch(2.1);
        assertClose(normalise(x, mean, var), bn.forward(Tensor.of(x, N, C, 2, 2)).toFloatArray(), "y");
        assertArrayEquals(rm, bn.runningMean.toFloatArray());
        assertArrayEquals(rv, bn.runningVar.toFloatArray());
        assertEquals(1, bn.numBatchesTracked.itemLong());
    }

    /**
     * With {@code xhat = (x - mean) / s}, {@code s = sqrt(var + eps)}, and upstream gradient g per channel:
     * {@code dw = sum(g * xhat)}, {@code db = sum(g)}, {@code dx = w / s * (g - mean(g) - xhat * mean(g * xhat))}.
     */
    @Test
    void gradientsFlowThroughTheBatchStatistics() {
        BatchNorm2d bn = layer();
        float[] xs = batch(0.4);
        Tensor x = Tensor.of(xs, N, C, 2, 2).requiresGrad(true);
        float[] g = new float[xs.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.cos(0.77 * i + 0.2);
        }
        bn.forward(x).backward(Tensor.of(g, N, C, 2, 2));
        double[] dx = new double[xs.length];
        double[] dw = new double[C];
        double[] db = new double[C];
        for (int c = 0; c < C; c++) {
            double[] v = channel(xs, c);
            double m = mean(v);
            double s = Math.sqrt(var(v, 0) + EPS);
            double meanG = 0;
            double meanGx = 0;
            for (int n = 0; n < N; n++) {
                for (int j = 0; j < HW; j++) {
                    int i = (n * C + c) * HW + j;
                    double xhat = (xs[i] - m) / s;
                    dw[c] += g[i] * xhat;
                    db[c] += g[i];
                    meanG += g[i] / (N * HW);
                    meanGx += g[i] * xhat / (N * HW);
                }
            }
            for (int n = 0; n < N; n++) {
                for (int j = 0; j < HW; j++) {
                    int i = (n * C + c) * HW + j;
                    dx[i] = WEIGHT[c] / s * (g[i] - meanG - (xs[i] - m) / s * meanGx);
                }
            }
        }
        assertClose(dx, x.grad().toFloatArray(), "input gradient");
        assertClose(dw, bn.weight.grad().toFloatArray(), "weight gradient");
        assertClose(db, bn.bias.grad().toFloatArray(), "bias gradient");
    }

    @Test
    void momentumNoneAveragesEveryBatchEqually() {
        BatchNorm2d bn = BatchNorm2d.builder(C).cumulativeMovingAverage().build();
        float[] x1 = batch(0);
        float[] x2 = batch(0.9);
        bn.forward(Tensor.of(x1, N, C, 2, 2));
        bn.forward(Tensor.of(x2, N, C, 2, 2));
        double[] expected = new double[C];
        for (int c = 0; c < C; c++) {
            expected[c] = (mean(channel(x1, c)) + mean(channel(x2, c))) / 2;
        }
        assertClose(expected, bn.runningMean.toFloatArray(), "running_mean");
    }

    @Test
    void withoutRunningStatisticsEvaluationNormalisesWithTheBatch() {
        BatchNorm2d bn = BatchNorm2d.builder(C).trackRunningStats(false).affine(false).build();
        assertTrue(bn.stateDict().isEmpty());
        assertNull(bn.runningMean);
        assertNull(bn.weight);
        bn.eval();
        float[] x = batch(0.2);
        double[] mean = new double[C];
        double[] var = new double[C];
        for (int c = 0; c < C; c++) {
            mean[c] = mean(channel(x, c));
            var[c] = var(channel(x, c), 0);
        }
        double[] expected = normalise(x, mean, var);
        for (int i = 0; i < expected.length; i++) { // no affine: undo the reference's weight and bias
            int c = i / HW % C;
            expected[i] = (expected[i] - BIAS[c]) / WEIGHT[c];
        }
        assertClose(expected, bn.forward(Tensor.of(x, N, C, 2, 2)).toFloatArray(), "y");
    }

    @Test
    void refusesOtherChannelCountsAndRanksWithPyTorchsMessages() {
        BatchNorm2d bn = new BatchNorm2d(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(Tensor.zeros(2, 4, 2, 2)));
        assertEquals("batch_norm: running_mean should contain 4 elements not 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 3, 4)));
        assertEquals("expected 4D input (got 3D input)", e.getMessage());
        assertEquals(0, bn.numBatchesTracked.itemLong(), "a refused batch is not counted");
        BatchNorm2d noStats = BatchNorm2d.builder(3).trackRunningStats(false).build();
        e = assertThrows(IllegalArgumentException.class, () -> noStats.forward(Tensor.zeros(2, 4, 2, 2)));
        assertEquals("batch_norm: weight should contain 4 elements not 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.batchNorm(Tensor.zeros(2, 3), null, null, null,
                null, false, 0.1, 1e-5));
        assertEquals("batch_norm: running_mean must be defined in evaluation mode", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0));
    }
}
