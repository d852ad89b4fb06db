package dev.blitz.backend.cuda;

import dev.blitz.core.Device;
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;
import dev.blitz.examples.FixtureValues;
import dev.blitz.nn.CrossEntropyLoss;
import dev.blitz.nn.F;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static dev.blitz.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Targets of -100, PyTorch's default {@code ignore_index}, with the default options: on the CPU F.crossEntropy
 * takes its composed form for them, on CUDA the fused kernel skips them itself. Both must give PyTorch's answer,
 * checked against a float64 reference of its formula and against each other: an ignored row's loss and gradient
 * are 0, the mean divides by the number of kept rows, and with every row ignored the mean is NaN (0 / 0) and the
 * gradient 0.
 */
@Tag("gpu")
class CudaCrossEntropyIgnoreTest {
    private static final long IGNORE = -100;

    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    /** Every {@code every}-th target from row 1 is -100 (1: all of them, 0: none); the others (i * 7 + 3) % c. */
    private static long[] targets(int n, int c, int every) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            boolean ignored = every == 1 || (every > 1 && i % every == 1);
            t[i] = ignored ? IGNORE : (i * 7L + 3) % c;
        }
        return t;
    }

    /**
     * PyTorch's loss in float64: per row {@code (1 - eps) * (lse - x[t]) + eps * sum_j (lse - x[j]) / c}, 0 for
     * an ignored row; the sum, or the sum over the kept count for mean; and its gradient with respect to the
     * logits, {@code upstream_i * (softmax_ij - q_ij)} with {@code q_ij = (1 - eps) [j == t_i] + eps / c}, 0 on
     * ignored rows.
     *
     * @return {losses (n for NONE, else 1), gradient (n * c)}
     */
    private static double[][] reference(float[] x, long[] t, int n, int c, double eps, Reduction reduction,
                                        float[] gradOut) {
        double[] rows = new double[n];
        double[] grad = new double[n * c];
        int kept = 0;
        for (long v : t) {
            kept += v == IGNORE ? 0 : 1;
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (t[i] == IGNORE) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x[i * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(x[i * c + j] - max);
            }
            double lse = max + Math.log(sum);
            double smooth = 0;
            for (int j = 0; j < c; j++) {
                smooth += (lse - x[i * c + j]) / c;
            }
            rows[i] = (1 - eps) * (lse - x[i * c + (int) t[i]]) + eps * smooth;
            total += rows[i];
            double upstream = switch (reduction) {
                case NONE -> gradOut[i];
                case SUM -> 1;
                case MEAN -> 1.0 / kept;
            };
            for (int j = 0; j < c; j++) {
                double q = (j == t[i] ? 1 - eps : 0) + eps / c;
                grad[i * c + j] = upstream * (Math.exp(x[i * c + j] - lse) - q);
            }
        }
        double[] loss = switch (reduction) {
            case NONE -> rows;
            case SUM -> new double[] {total};
            case MEAN -> new double[] {total / kept};
        };
        return new double[][] {loss, grad};
    }

    /** F.crossEntropy with the default ignore_index on {@code device}: {loss values, gradient of the logits}. */
    private static float[][] run(Device device, float[] x, long[] t, int n, int c, float eps, Reduction reduction,
                                 float[] gradOut) {
        try (var scope = MemoryScope.open()) {
            Tensor logits = Tensor.of(x, Shape.of(n, c), device).requiresGrad(true);
            Tensor loss = F.crossEntropy(logits, Tensor.of(t, Shape.of(n), device), reduction, eps);
            loss.backward(reduction == Reduction.NONE ? Tensor.of(gradOut, Shape.of(n), device)
                    : Tensor.of(new float[] {1}, Shape.of(), device));
            return new float[][] {loss.toFloatArray(), logits.grad().toFloatArray()};
        }
    }

    @ParameterizedTest(name = "{0} rows x {1} classes, every {2}th ignored, label smoothing {3}")
    @CsvSource({"64, 10, 3, 0", "64, 10, 3, 0.1", "5000, 10, 2, 0", "5000, 10, 2, 0.2", "7, 1000, 4, 0.1",
            "64, 10, 0, 0"})
    void ignoredRowsAddNothingAndTheMeanDividesByTheKeptOnes(int n, int c, int every, float eps) {
        float[] x = FixtureValues.values(n * c, 51, 4.0);
        long[] t = targets(n, c, every);
        float[] gradOut = FixtureValues.values(n, 52, 1.0);
        for (Reduction reduction : Reduction.values()) {
            String what = reduction + " " + n + " x " + c + " every " + every + " eps " + eps;
            double[][] want = reference(x, t, n, c, eps, reduction, gradOut);
            float[][] cpu = run(Device.CPU, x, t, n, c, eps, reduction, gradOut);
            float[][] gpu = run(Gpu.CUDA, x, t, n, c, eps, reduction, gradOut);
            double[] lossTolerance = new double[want[0].length];
            Arrays.fill(lossTolerance, 1e-5);
            assertClose(want[0], cpu[0], lossTolerance, 1e-5, "CPU loss " + what);
            assertClose(want[0], gpu[0], lossTolerance, 1e-5, "CUDA loss " + what);
            assertClose(cpu[0], gpu[0], 1e-5, 1e-5, "CPU/CUDA loss " + what);
            // exp(logp) - q cancels where the model is sure: an ulp of exp(logp) <= 1, times the upstream gradient.
            double scale = reduction == Reduction.MEAN ? 1.0 / Math.max(1, n - countIgnored(t)) : 1;
            double[] gradTolerance = new double[n * c];
            Arrays.fill(gradTolerance, 1e-6 * scale);
            assertClose(want[1], cpu[1], gradTolerance, 1e-5, "CPU gradient " + what);
            assertClose(want[1], gpu[1], gradTolerance, 1e-5, "CUDA gradient " + what);
            for (int i = 0; i < n; i++) {
                if (t[i] == IGNORE) {
                    for (int j = 0; j < c; j++) {
                        assertEquals(0f, gpu[1][i * c + j], "CUDA gradient of ignored row " + i + ", " + what);
                    }
                    if (reduction == Reduction.NONE) {
                        assertEquals(0f, gpu[0][i], "CUDA loss of ignored row " + i + ", " + what);
                    }
                }
            }
        }
    }

    private static int countIgnored(long[] t) {
        int k = 0;
        for (long v : t) {
            k += v == IGNORE ? 1 : 0;
        }
        return k;
    }

    @Test
    void everyRowIgnoredGivesNaNForTheMeanAndZeroGradients() {
        int n = 6;
        int c = 5;
        float[] x = FixtureValues.values(n * c, 53, 3.0);
        long[] t = targets(n, c, 1);
        for (float eps : new float[] {0f, 0.1f}) {
            for (Device device : new Device[] {Device.CPU, Gpu.CUDA}) {
                String what = device + " eps " + eps;
                float[][] mean = run(device, x, t, n, c, eps, Reduction.MEAN, null);
                assertTrue(Float.isNaN(mean[0][0]), "0 / 0, as PyTorch: " + what);
                assertArrayEquals(new float[n * c], mean[1], "no row gets a gradient: " + what);
                float[][] sum = run(device, x, t, n, c, eps, Reduction.SUM, null);
                assertEquals(0f, sum[0][0], "the sum of nothing: " + what);
                assertArrayEquals(new float[n * c], sum[1], what);
            }
        }
    }

    @Test
    void theChaptersCriterionIgnoresMinus100OnCuda() {
        float[] x = FixtureValues.values(4 * 3, 54, 2.0);
        long[] t = {2, IGNORE, 0, 1};
        double[] want = reference(x, t, 4, 3, 0, Reduction.MEAN, null)[0];
        try (var scope = MemoryScope.open()) {
            Tensor loss = new CrossEntropyLoss().forward(Tensor.of(x, Shape.of(4, 3), Gpu.CUDA),
                    Tensor.of(t, Shape.of(4), Gpu.CUDA));
            assertEquals(want[0], loss.item(), 1e-6, "the mean over the three kept rows");
        }
    }
}
