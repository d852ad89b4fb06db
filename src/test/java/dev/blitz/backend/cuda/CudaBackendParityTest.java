package dev.blitz.backend.cuda;

import dev.blitz.backend.AdamParams;
import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.PoolGeometry;
import dev.blitz.backend.SgdParams;
import dev.blitz.core.Device;
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static dev.blitz.Close.assertClose;
import static dev.blitz.Close.assertCloseScaled;
import static dev.blitz.examples.FixtureValues.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every kernel of the CUDA backend against the CPU backend on the same inputs. Outputs start out holding stale
 * values (or NaN where the kernel must not read them), so a kernel that accumulates into its output, or reads
 * C when beta is 0, fails. Tolerances: exact for data movement, ReLU, pooling and argmax; float32 rounding (1e-6
 * relative) for elementwise kernels and the SGD and Adam updates; for reductions, GEMM and convolution, whose
 * summation order differs, 1e-5 of the output's largest magnitude plus 1e-4 relative; for log-softmax and
 * cross-entropy, whose sums the CPU keeps in double and whose exp/log differ by an ulp or two, 1e-5.
 */
@Tag("gpu")
class CudaBackendParityTest {
    private static final Backend CPU = Backends.of(Device.CPU);
    private static final float STALE = 12345f;
    private static Backend gpu;

    @BeforeEach
    void start() {
        Gpu.assumeCuda();
        gpu = Backends.of(Gpu.CUDA);
    }

    /** A kernel call on one backend; returns the buffer holding its result. */
    private interface Kernel {
        Buffer run(Backend b, Buffer[] inputs);
    }

    /** Runs {@code k} on the CPU and on the GPU with the same inputs: {cpu result, gpu result}. */
    private static float[][] both(Kernel k, float[]... inputs) {
        float[][] results = new float[2][];
        Backend[] backends = {CPU, gpu};
        for (int i = 0; i < 2; i++) {
            Backend b = backends[i];
            List<Buffer> buffers = new ArrayList<>();
            for (float[] in : inputs) {
                buffers.add(b.upload(in));
            }
            Buffer out = k.run(b, buffers.toArray(new Buffer[0]));
            results[i] = new float[out.length()];
            b.download(out, results[i]);
            buffers.forEach(Buffer::release);
            if (!buffers.contains(out)) {
                out.release();
            }
        }
        return results;
    }

    private static Buffer stale(Backend b, int length) {
        Buffer out = b.allocate(length);
        b.fill(out, STALE);
        return out;
    }

    private static float[] nan(int n) {
        float[] v = new float[n];
        Arrays.fill(v, Float.NaN);
        return v;
    }

    // ---- data movement

    @Test
    void uploadDownloadReadFillCopy() {
        float[] x = values(1000, 1, 3.0);
        Buffer b = gpu.upload(x);
        float[] back = new float[x.length];
        gpu.download(b, back);
        assertArrayEquals(x, back);
        assertEquals(x[777], gpu.read(b, 777));
        Buffer c = stale(gpu, x.length);
        gpu.copy(b, c);
        gpu.download(c, back);
        assertArrayEquals(x, back);
        gpu.fill(c, -0.5f);
        gpu.download(c, back);
        float[] filled = new float[x.length];
        Arrays.fill(filled, -0.5f);
        assertArrayEquals(filled, back);
        Buffer empty = gpu.upload(new float[0]);
        gpu.fill(empty, 1f);
        gpu.download(empty, new float[0]);
        for (Buffer buffer : List.of(b, c, empty)) {
            buffer.release();
        }
    }

    // ---- elementwise

    /** The arithmetic ops on float32 (comparisons, other dtypes and views: CudaGeneralKernelsParityTest). */
    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "POW", "MAXIMUM", "MINIMUM"})
    void binaryWithBroadcasting(BinaryOp op) {
        int[][][] cases = {
            {{7, 5}, {7, 5}}, {{64, 120}, {120}}, {{2, 3, 4}, {3, 1}}, {{1}, {5, 1, 7}}, {{}, {2, 2}},
            {{4, 6, 8, 8}, {1, 6, 1, 1}}, {{100_000}, {100_000}},
        };
        for (int[][] c : cases) {
            Shape a = Shape.of(c[0]);
            Shape b = Shape.of(c[1]);
            Shape out = Shape.broadcast(a, b, "test");
            float[][] r = both((k, in) -> {
                Buffer o = stale(k, out.numel());
                k.binary(op, new Strided(in[0], 0, a.broadcastStrides(out)), new Strided(in[1], 0, b.broadcastStrides(out)), o, out);
                return o;
            }, values(a.numel(), 2, 3.0), values(b.numel(), 3, 2.0));
            assertClose(r[0], r[1], 0, 1e-6, op + " " + a + " " + b);
        }
    }

    @Test
    void binaryInPlaceAsLinearBiasAddDoesIt() {
        Shape rows = Shape.of(64, 120);
        Shape bias = Shape.of(120);
        float[][] r = both((k, in) -> {
            k.binary(BinaryOp.ADD, new Strided(in[0], 0, rows.broadcastStrides(rows)), new Strided(in[1], 0, bias.broadcastStrides(rows)), in[0], rows);
            return in[0];
        }, values(64 * 120, 4, 1.0), values(120, 5, 1.0));
        assertClose(r[0], r[1], 0, 1e-6, "out == a");
    }

    @Test
    void affineAndAxpy() {
        float[] x = values(50_000, 6, 2.0);
        float[][] r = both((k, in) -> {
            Buffer o = stale(k, x.length);
            k.affine(in[0], 1.5f, -0.25f, o);
            return o;
        }, x);
        assertClose(r[0], r[1], 1e-7, 1e-6, "affine");
        r = both((k, in) -> {
            k.affine(in[0], -2f, 0f, in[0]);
            return in[0];
        }, x);
        assertClose(r[0], r[1], 0, 1e-6, "affine in place");
        r = both((k, in) -> {
            k.axpy(0.5f, in[0], in[1]);
            return in[1];
        }, x, values(x.length, 7, 1.0));
        assertClose(r[0], r[1], 1e-7, 1e-6, "axpy");
    }

    @Test
    void sumTo() {
        int[][][] cases = {{{64, 120}, {120}}, {{2, 3, 4}, {3, 1}}, {{2, 3, 4}, {}}, {{5, 1, 6}, {5, 1, 1}},
            {{4, 6, 8, 8}, {1, 6, 1, 1}}, {{300_000}, {}}};
        for (int[][] c : cases) {
            Shape src = Shape.of(c[0]);
            Shape dst = Shape.of(c[1]);
            float[][] r = both((k, in) -> {
                Buffer o = stale(k, dst.numel());
                k.sumTo(in[0], src, o, dst);
                return o;
            }, values(src.numel(), 8, 1.0));
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "sumTo " + src + " -> " + dst);
        }
    }

    // ---- GEMM (linear layers)

    @Test
    void gemmInAllFourLayoutsWithAndWithoutBeta() {
        int[][] sizes = {{3, 5, 7}, {64, 120, 400}, {1, 10, 84}, {64, 400, 120}, {2, 3, 0}};
        for (int[] s : sizes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (float beta : new float[] {0f, 0.5f}) {
                        // With beta = 0 the old C is NaN: it must not be read.
                        float[] c0 = beta == 0f ? nan(m * n) : values(m * n, 11, 1.0);
                        float[][] r = both((b, in) -> {
                            b.gemm(ta, tb, m, n, k, 1.25f, in[0], in[1], beta, in[2]);
                            return in[2];
                        }, values(m * k, 9, 1.0), values(k * n, 10, 1.0), c0);
                        assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "gemm m=" + m + " n=" + n + " k=" + k
                                + " transA=" + ta + " transB=" + tb + " beta=" + beta);
                    }
                }
            }
        }
    }

    // ---- ReLU

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 64 * 120, 2 * 6 * 28 * 28})
    void reluForwardAndBackward(int n) {
        float[] x = values(n, 12, 1.0);
        x[0] = 0f;
        if (n > 2) {
            x[1] = Float.NaN;
        }
        float[][] r = both((k, in) -> {
            Buffer y = stale(k, n);
            k.reluForward(in[0], y);
            return y;
        }, x);
        assertArrayEquals(r[0], r[1], "relu forward");
        float[] y = r[0].clone();
        if (n > 2) {
            y[1] = 0f; // the backward contract for NaN is not ours to pin down
        }
        r = both((k, in) -> {
            Buffer dx = stale(k, n);
            k.reluBackward(in[0], in[1], dx);
            return dx;
        }, y, values(n, 13, 1.0));
        assertArrayEquals(r[0], r[1], "relu backward");
    }

    // ---- convolution

    private static final ConvGeometry[] CONVS = {
        new ConvGeometry(2, 1, 32, 32, 6, 5, 5, 1, 1, 0, 0),
        new ConvGeometry(2, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0),
        new ConvGeometry(64, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0),
        new ConvGeometry(1, 3, 7, 9, 4, 3, 2, 2, 1, 1, 0),
    };

    @Test
    void convolutionForwardWithAndWithoutBias() {
        for (ConvGeometry g : CONVS) {
            float[] x = values(g.inputNumel(), 14, 1.0);
            float[] w = values(g.weightNumel(), 15, 0.1);
            float[] bias = values(g.outChannels(), 16, 0.1);
            float[][] r = both((k, in) -> {
                Buffer y = stale(k, g.outputNumel());
                k.conv2dForward(g, in[0], in[1], in[2], y);
                return y;
            }, x, w, bias);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv forward " + g);
            r = both((k, in) -> {
                Buffer y = stale(k, g.outputNumel());
                k.conv2dForward(g, in[0], in[1], null, y);
                return y;
            }, x, w);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv forward without bias " + g);
        }
    }

    @Test
    void convolutionBackwardDataFilterBias() {
        for (ConvGeometry g : CONVS) {
            float[] x = values(g.inputNumel(), 17, 1.0);
            float[] w = values(g.weightNumel(), 18, 0.1);
            float[] dy = values(g.outputNumel(), 19, 0.01);
            float[][] r = both((k, in) -> {
                Buffer dx = stale(k, g.inputNumel());
                k.conv2dBackwardData(g, in[0], in[1], dx);
                return dx;
            }, w, dy);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv backward data " + g);
            r = both((k, in) -> {
                Buffer dw = stale(k, g.weightNumel());
                k.conv2dBackwardFilter(g, in[0], in[1], dw);
                return dw;
            }, x, dy);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv backward filter " + g);
            r = both((k, in) -> {
                Buffer db = stale(k, g.outChannels());
                k.conv2dBackwardBias(g, in[0], db);
                return db;
            }, dy);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv backward bias " + g);
        }
    }

    // ---- max pooling

    @Test
    void maxPoolingRoutesGradientsToTheFirstMaximum() {
        PoolGeometry[] pools = {
            new PoolGeometry(2, 6, 28, 28, 2, 2, 2, 2, 0, 0),
            new PoolGeometry(64, 16, 10, 10, 2, 2, 2, 2, 0, 0),
            new PoolGeometry(1, 3, 7, 7, 3, 3, 2, 2, 1, 1),
        };
        for (PoolGeometry g : pools) {
            // Coarse values after a ReLU: most windows hold ties (several zeros, repeated maxima).
            float[] x = values(g.inputNumel(), 20, 1.0);
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(0f, Math.round(x[i] * 3f) / 3f);
            }
            float[][] r = both((k, in) -> {
                Buffer y = stale(k, g.outputNumel());
                k.maxPool2dForward(g, in[0], y);
                return y;
            }, x);
            assertArrayEquals(r[0], r[1], "max pool forward " + g);
            float[] y = r[0];
            r = both((k, in) -> {
                Buffer dx = stale(k, g.inputNumel());
                k.maxPool2dBackward(g, in[0], in[1], in[2], dx);
                return dx;
            }, x, y, values(g.outputNumel(), 21, 1.0));
            assertClose(r[0], r[1], 1e-6, 1e-6, "max pool backward " + g);
        }
    }

    // ---- MSE

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 1000, 300_001})
    void mseForwardAndBackwardForEveryReduction(int n) {
        float[] x = values(n, 22, 1.0);
        float[] t = values(n, 23, 1.0);
        for (Reduction reduction : Reduction.values()) {
            int outLength = reduction == Reduction.NONE ? n : 1;
            float[][] r = both((k, in) -> {
                Buffer o = stale(k, outLength);
                k.mseForward(in[0], in[1], n, reduction, o);
                return o;
            }, x, t);
            assertClose(r[0], r[1], 1e-7, 1e-5, "mse forward " + reduction + " n=" + n);
            float[] gradOut = reduction == Reduction.NONE ? values(n, 24, 1.0) : new float[] {0.7f};
            r = both((k, in) -> {
                Buffer g = stale(k, n);
                k.mseBackward(in[0], in[1], in[2], n, reduction, g);
                return g;
            }, x, t, gradOut);
            assertClose(r[0], r[1], 1e-7, 1e-6, "mse backward " + reduction + " n=" + n);
        }
    }

    // ---- SGD

    @Test
    void sgdUpdateWithEveryOption() {
        SgdParams[] options = {
            new SgdParams(0.1f, 0f, 0f, 0f, false, false),
            new SgdParams(0.01f, 0.9f, 0.1f, 0f, false, false),
            new SgdParams(0.01f, 0.9f, 0f, 0f, true, false),
            new SgdParams(0.05f, 0f, 0f, 0.01f, false, true),
            new SgdParams(0.05f, 0.5f, 0f, 0.001f, true, true),
        };
        int n = 10_000;
        for (SgdParams p : options) {
            for (boolean firstStep : new boolean[] {true, false}) {
                boolean momentum = p.momentum() != 0f;
                float[][] param = both((k, in) -> {
                    k.sgdStep(p, in[0], in[1], momentum ? in[2] : null, firstStep);
                    return in[0];
                }, values(n, 25, 1.0), values(n, 26, 1.0), values(n, 27, 1.0));
                assertClose(param[0], param[1], 1e-7, 1e-6, "sgd param " + p + " firstStep=" + firstStep);
                if (momentum) {
                    float[][] buf = both((k, in) -> {
                        k.sgdStep(p, in[0], in[1], in[2], firstStep);
                        return in[2];
                    }, values(n, 25, 1.0), values(n, 26, 1.0), values(n, 27, 1.0));
                    assertClose(buf[0], buf[1], 1e-7, 1e-6, "sgd momentum buffer " + p + " firstStep=" + firstStep);
                }
            }
        }
    }

    // ---- log-softmax and cross-entropy

    @Test
    void logSoftmaxWithInfiniteAndNaNRows() {
        int[][] shapes = {{64, 10}, {3, 1}, {4, 3}, {1, 100_000}, {5000, 10}, {7, 1000}};
        for (int[] s : shapes) {
            int rows = s[0];
            int cols = s[1];
            float[] x = values(rows * cols, 41, 20.0);
            if (rows >= 4 && cols >= 3) { // a -inf; only -inf; a +inf; a NaN
                x[0] = Float.NEGATIVE_INFINITY;
                Arrays.fill(x, cols, 2 * cols, Float.NEGATIVE_INFINITY);
                x[2 * cols + 1] = Float.POSITIVE_INFINITY;
                x[3 * cols + 2] = Float.NaN;
            }
            float[][] r = both((k, in) -> {
                Buffer o = stale(k, rows * cols);
                k.logSoftmax(in[0], rows, cols, o);
                return o;
            }, x);
            assertClose(r[0], r[1], 1e-5, 1e-5, "logSoftmax " + rows + " x " + cols);
        }
    }

    @ParameterizedTest(name = "label smoothing {0}")
    @ValueSource(floats = {0f, 0.1f, 1f})
    void crossEntropyForwardAndBackwardForEveryReduction(float eps) {
        int[][] shapes = {{64, 10}, {1, 1}, {5000, 10}, {3, 1000}};
        for (int[] s : shapes) {
            int n = s[0];
            int c = s[1];
            float[] logp = cpuLogSoftmax(values(n * c, 42, 5.0), n, c);
            float[] target = new float[n];
            for (int i = 0; i < n; i++) {
                target[i] = (i * 7 + 3) % c;
            }
            for (Reduction reduction : Reduction.values()) {
                String what = reduction + " " + n + " x " + c + " eps=" + eps;
                int outLength = reduction == Reduction.NONE ? n : 1;
                float[][] r = both((k, in) -> {
                    Buffer o = stale(k, outLength);
                    k.crossEntropyForward(in[0], in[1], n, c, eps, reduction, o);
                    return o;
                }, logp, target);
                assertClose(r[0], r[1], 1e-6, 1e-5, "cross-entropy forward " + what);
                float[] gradOut = reduction == Reduction.NONE ? values(n, 43, 1.0) : new float[] {0.7f};
                r = both((k, in) -> {
                    Buffer g = stale(k, n * c);
                    k.crossEntropyBackward(in[0], in[1], in[2], n, c, eps, reduction, g);
                    return g;
                }, logp, target, gradOut);
                // exp(logp) - q cancels where the model is sure: an ulp of exp(logp) <= 1, times the gradient.
                double g = reduction == Reduction.MEAN ? 0.7 / n : 1;
                assertClose(r[0], r[1], 1e-6 * g, 1e-5, "cross-entropy backward " + what);
            }
        }
    }

    private static float[] cpuLogSoftmax(float[] x, int rows, int cols) {
        Buffer out = CPU.allocate(x.length);
        CPU.logSoftmax(CPU.upload(x), rows, cols, out);
        float[] values = new float[x.length];
        CPU.download(out, values);
        return values;
    }

    // ---- Adam

    @Test
    void adamOverSeveralStepsWithEveryOption() {
        AdamParams[] options = {
            new AdamParams(1e-3f, 0.9, 0.999, 1e-8f, 0f, false, false, false),
            new AdamParams(1e-2f, 0.9, 0.999, 1e-8f, 0f, false, true, false),
            new AdamParams(1e-2f, 0.8, 0.99, 1e-6f, 0.01f, false, false, true),
            new AdamParams(1e-3f, 0.9, 0.999, 1e-8f, 0.01f, true, false, false),
            new AdamParams(5e-3f, 0.3, 0.9, 1e-8f, 0.1f, true, true, true), // lerp's other branch (weight >= 0.5)
        };
        int n = 10_000;
        for (AdamParams p : options) {
            AdamState cpu = new AdamState(CPU, p, n);
            AdamState cuda = new AdamState(gpu, p, n);
            for (int step = 1; step <= 5; step++) {
                float[] grad = values(n, 50 + step, 1.0 / step); // shrinking: AMSGrad's maximum matters
                cpu.step(step, grad);
                cuda.step(step, grad);
                String what = p + " step " + step;
                float[][] expected = cpu.download();
                float[][] actual = cuda.download();
                assertClose(expected[0], actual[0], 1e-7, 1e-6, "param after " + what);
                assertCloseScaled(expected[1], actual[1], 1e-6, 1e-5, "exp_avg after " + what);
                assertCloseScaled(expected[2], actual[2], 1e-6, 1e-5, "exp_avg_sq after " + what);
                if (p.amsgrad()) {
                    assertCloseScaled(expected[3], actual[3], 1e-6, 1e-5, "max_exp_avg_sq after " + what);
                }
            }
            cpu.release();
            cuda.release();
        }
    }

    /** A parameter and its Adam state on one backend (the state starts as zeros, as the optimizer makes it). */
    private static final class AdamState {
        final Backend b;
        final AdamParams p;
        final Buffer[] buffers; // param, exp_avg, exp_avg_sq, max_exp_avg_sq (null without AMSGrad)

        AdamState(Backend b, AdamParams p, int n) {
            this.b = b;
            this.p = p;
            buffers = new Buffer[] {b.upload(values(n, 49, 1.0)), zeros(b, n), zeros(b, n),
                p.amsgrad() ? zeros(b, n) : null};
        }

        private static Buffer zeros(Backend b, int n) {
            Buffer z = b.allocate(n);
            b.fill(z, 0f);
            return z;
        }

        void step(int step, float[] grad) {
            Buffer g = b.upload(grad);
            b.adamStep(p, step, buffers[0], g, buffers[1], buffers[2], buffers[3]);
            g.release();
        }

        float[][] download() {
            float[][] out = new float[4][];
            for (int i = 0; i < 4; i++) {
                if (buffers[i] != null) {
                    out[i] = new float[buffers[i].length()];
                    b.download(buffers[i], out[i]);
                }
            }
            return out;
        }

        void release() {
            Arrays.stream(buffers).filter(Objects::nonNull).forEach(Buffer::release);
        }
    }
}
