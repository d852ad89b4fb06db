package dev.blitz.backend.cpu;

import dev.blitz.Close;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.assertSameBits;
import static dev.blitz.backend.cpu.ReferenceKernels.random;
import static dev.blitz.backend.cpu.ReferenceKernels.tolerance;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GemmCpuTest {
    /** Shapes around the micro-kernel sizes, LeNet's layers, and past the cache blocks (k > 256). */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 3}, {5, 1, 9}, {6, 32, 25}, {7, 33, 26}, {13, 17, 300}, {16, 100, 150},
        {6, 784, 25}, {64, 120, 400}, {3, 10, 84}, {120, 400, 17}, {150, 100, 16}, {6, 25, 784}, {2, 2, 0},
        {37, 5, 1031}, {1, 120, 400}, {11, 2100, 3}
    };

    @Test
    void bestKernelMatchesTripleLoop() {
        checkAll(GemmCpu.kernel(), "best");
    }

    @Test
    void scalarKernelMatchesTripleLoop() {
        checkAll(ScalarGemm.INSTANCE, "scalar");
    }

    @Test
    void vectorKernelIsUsedWhenTheModuleIsPresent() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the JVM was started without --add-modules jdk.incubator.vector: the Vector API kernel is not tested");
        assertTrue(GemmCpu.vectorized());
        assertTrue(CpuBackend.vectorized());
    }

    /**
     * The dot-product kernels' sums, plain and segmented, are the same bits before and after the JIT compiles them:
     * each lane's chain of fused multiply-adds through every segment (one plain chain for the scalar kernel), then the
     * lanes folded, halves onto halves, down to lane 0 (for the segmented kernel, after adding them into memory). (JDK 23+ C2 sums {@code reduceLanes(ADD)} in a tree, the
     * interpreter in lane order: a kernel using it gave other bits once compiled, and MNIST runs on JDK 25 did not
     * repeat.) Enough calls for C2 to compile them are made.
     */
    @Test
    void dotProductsKeepTheirBitsOnceCompiled() {
        GemmKernel kernel = GemmCpu.kernel();
        boolean vector = kernel != ScalarGemm.INSTANCE;
        int lanes = vector ? jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() : 1;
        Random r = new Random(8);
        int k = 16 * lanes;
        for (int segments : new int[] {0, 3}) {
            boolean plain = segments == 0;
            int rows = plain ? kernel.dotRows : kernel.segmentedRows;
            int cols = plain ? kernel.dotCols : kernel.segmentedCols;
            int pieces = Math.max(1, segments);
            int step = rows * k + 5;
            float[] a = random(r, rows * k + (pieces - 1) * step);
            float[] b = random(r, cols * k + (pieces - 1) * step);
            int[] aRows = new int[rows];
            int[] bRows = new int[cols];
            for (int i = 0; i < rows; i++) {
                aRows[i] = i * k;
            }
            for (int j = 0; j < cols; j++) {
                bRows[j] = j * k;
            }
            float[] want = new float[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    float[] lane = new float[lanes];
                    for (int piece = 0; piece < pieces; piece++) {
                        for (int l = 0; l < lanes; l++) {
                            for (int p = l; p < k; p += lanes) {
                                float x = a[aRows[i] + piece * step + p];
                                float y = b[bRows[j] + piece * step + p];
                                lane[l] = vector ? Math.fma(x, y, lane[l]) : lane[l] + x * y;
                            }
                        }
                    }
                    for (int half = lanes / 2; half >= 1; half /= 2) {
                        float[] folded = new float[lanes];
                        for (int l = 0; l < lanes; l++) {
                            folded[l] = lane[l] + lane[(l + half) % lanes];
                        }
                        lane = folded;
                    }
                    want[i * cols + j] = lane[0];
                }
            }
            String name = kernel.getClass().getSimpleName() + (plain ? " dots" : " segmented dots");
            float[] sums = new float[want.length];
            float[] acc = new float[want.length * kernel.lanes];
            int[] accAt = new int[want.length];
            for (int d = 0; d < accAt.length; d++) {
                accAt[d] = d * kernel.lanes;
            }
            for (int call = 0; call < 40_000; call++) {
                if (plain) {
                    kernel.dots(k, a, aRows, b, bRows, sums);
                } else {
                    // Every other call adds twice: exactly twice the sums.
                    java.util.Arrays.fill(acc, 0f);
                    for (int twice = 0; twice <= call % 2; twice++) {
                        kernel.segmentedDots(k, segments, step, step, a, aRows, b, bRows, acc, accAt);
                    }
                    for (int d = 0; d < sums.length; d++) {
                        sums[d] = kernel.sumLanes(acc, accAt[d]) / (1 + call % 2);
                    }
                }
                if (call % 1000 < 2) {
                    assertSameBits(name + ", call " + call, want, sums);
                }
            }
            assertSameBits(name + " after 40000 calls", want, sums);
        }
    }

    @Test
    void tilesOverRowsAtAnyOffsetsWithEitherKernel() {
        Random r = new Random(9);
        for (GemmKernel kernel : new GemmKernel[] {ScalarGemm.INSTANCE, GemmCpu.kernel()}) {
            int kc = 37;
            int lda = 41;
            float[] a = random(r, kernel.mr * lda);
            float[] b = random(r, 3000);
            int[] bRows = new int[kc];
            for (int p = 0; p < kc; p++) {
                bRows[p] = r.nextInt(3000 - 5 - kernel.nr);
            }
            int ldc = kernel.nr + 3;
            float[] c = random(r, kernel.mr * ldc);
            double[] want = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                want[i] = c[i];
            }
            double[] bound = new double[want.length];
            for (int i = 0; i < kernel.mr; i++) {
                for (int j = 0; j < kernel.nr; j++) {
                    double sum = 0;
                    for (int p = 0; p < kc; p++) {
                        sum += (double) a[2 + i * lda + p] * b[5 + bRows[p] + j];
                        bound[i * ldc + j] += Math.abs((double) a[2 + i * lda + p] * b[5 + bRows[p] + j]);
                    }
                    want[i * ldc + j] = sum;
                }
            }
            kernel.tileOverRows(kc, a, 2, lda, b, 5, bRows, c, 0, ldc);
            Close.assertClose(want, c, tolerance(bound, 1e-5), 0,
                    kernel.getClass().getSimpleName() + " tileOverRows (cells past the tile untouched)");
        }
    }

    @Test
    void bothLoopNestsHandleTransposedBWithEitherKernel() {
        Random r = new Random(3);
        for (GemmKernel kernel : new GemmKernel[] {GemmCpu.kernel(), ScalarGemm.INSTANCE}) {
            for (int[] s : new int[][] {{7, 5, 40}, {16, 150, 100}, {1, 3, 17}, {9, 13, 64}}) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                float[] a = random(r, m * k);
                float[] b = random(r, n * k);
                float[] c0 = random(r, m * n);
                double[][] want = reference(false, true, m, n, k, 0.5f, a, b, 2f, c0);
                float[] c = c0.clone();
                BlockedGemm.gemm(kernel, false, true, m, n, k, 0.5f, a, 0, k, b, 0, k, 2f, c, 0, n);
                Close.assertClose(want[0], c, tolerance(want[1], 1e-5), 0,
                        "blocked " + m + "x" + n + "x" + k);
                c = c0.clone();
                DotGemm.gemm(kernel, m, n, k, 0.5f, a, 0, k, b, 0, k, 2f, c, 0, n);
                Close.assertClose(want[0], c, tolerance(want[1], 1e-5), 0,
                        "dots " + m + "x" + n + "x" + k);
            }
        }
    }

    @Test
    void segmentedDotsSumEveryPieceWithEitherKernel() {
        Random r = new Random(4);
        for (GemmKernel kernel : new GemmKernel[] {GemmCpu.kernel(), ScalarGemm.INSTANCE}) {
            // {m, n, k, segments}: k with and without a vector tail, both block orientations, one segment.
            for (int[] s : new int[][] {{6, 25, 892, 3}, {16, 150, 136, 2}, {5, 3, 13, 4}, {2, 7, 40, 1}}) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                int segments = s[3];
                int aStep = k + 5;
                int bStep = n + k + 3;
                float[] a = random(r, m * k + (segments - 1) * aStep + 7);
                float[] b = random(r, n + k + (segments - 1) * bStep + 11);
                int[] bRows = new int[n];
                for (int j = 0; j < n; j++) {
                    bRows[j] = (j * 7) % (n + 1);
                }
                float[] c0 = random(r, m * n + 2);
                // Added up over two calls, the second starting one piece on, into C with a margin on each side.
                double[] want = new double[m * n];
                double[] scale = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        for (int q = 0; q < segments; q++) {
                            for (int p = 0; p < k; p++) {
                                double t = (double) a[3 + i * k + q * aStep + p] * b[5 + bRows[j] + q * bStep + p];
                                want[i * n + j] += t;
                                scale[i * n + j] += Math.abs(t);
                            }
                        }
                    }
                }
                int lanes = kernel.lanes;
                float[] acc = new float[(m * n + 4) * lanes];
                int first = Math.min(1, segments - 1);
                DotGemm.segmented(kernel, m, n, k, first, a, 3, k, aStep, b, 5, bRows, bStep, acc, 2 * lanes,
                        (m * n + 3) * lanes);
                DotGemm.segmented(kernel, m, n, k, segments - first, a, 3 + first * aStep, k, aStep, b,
                        5 + first * bStep, bRows, bStep, acc, 2 * lanes, (m * n + 3) * lanes);
                float[] got = new float[m * n];
                for (int e = 0; e < got.length; e++) {
                    got[e] = kernel.sumLanes(acc, (2 + e) * lanes);
                }
                Close.assertClose(want, got, tolerance(scale, 1e-5), 0, kernel.getClass().getSimpleName()
                        + " segmented " + java.util.Arrays.toString(s));
                float[] margins = new float[4 * lanes];
                System.arraycopy(acc, 0, margins, 0, 2 * lanes);
                System.arraycopy(acc, (m * n + 2) * lanes, margins, 2 * lanes, lanes);
                assertSameBits("left alone", new float[3 * lanes], java.util.Arrays.copyOf(margins, 3 * lanes));
            }
        }
    }

    /**
     * Rows of a tile in its padded pitch, copied out with a bias: the same bits from both kernels, rows longer than
     * a vector (the last vector overlapping), as long, shorter (spilling into later rows where rows lie end to end),
     * and nothing written outside the rows: not past the last one, nor between rows that do not lie end to end.
     */
    @Test
    void copyPlusWritesExactlyTheRows() {
        Random r = new Random(13);
        for (GemmKernel kernel : new GemmKernel[] {ScalarGemm.INSTANCE, GemmCpu.kernel()}) {
            for (int cols : new int[] {28, 16, 14, 4, 3, 1, 40, 5}) {
                int rows = 5;
                int ldt = cols + 4;
                int ldc = cols + (cols % 2);
                float[] t = random(r, 7 + rows * ldt);
                float[] c = new float[3 + rows * ldc + 20];
                java.util.Arrays.fill(c, Float.NaN);
                float[] want = c.clone();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        want[3 + i * ldc + j] = t[7 + i * ldt + j] + 0.5f;
                    }
                }
                kernel.copyPlus(t, 7, ldt, rows, cols, 0.5f, c, 3, ldc);
                assertSameBits(kernel.getClass().getSimpleName() + " copyPlus, " + cols + " columns, ldc " + ldc, want,
                        c);
            }
        }
    }

    @Test
    void betaZeroIgnoresWhatCHeld() {
        float[] a = {1, 2, 3, 4};
        float[] b = {1, 0, 0, 1};
        for (GemmKernel kernel : new GemmKernel[] {GemmCpu.kernel(), ScalarGemm.INSTANCE}) {
            float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            GemmCpu.gemm(kernel, false, false, 2, 2, 2, 1f, a, 0, b, 0, 0f, c, 0);
            assertSameBits("beta 0", new float[] {1, 2, 3, 4}, c);
        }
    }

    @Test
    void splittingOverThreadsGivesTheSameProduct() {
        Random r = new Random(5);
        for (boolean transB : new boolean[] {false, true}) {
            int m = 200;
            int n = 300;
            int k = 120;
            float[] a = random(r, m * k);
            float[] b = random(r, n * k);
            float[] parallel = new float[m * n];
            float[] serial = new float[m * n];
            GemmCpu.gemm(false, transB, m, n, k, 1f, a, 0, b, 0, 0f, parallel, 0);
            Parallel.serially(() -> GemmCpu.gemm(false, transB, m, n, k, 1f, a, 0, b, 0, 0f, serial, 0));
            double[] zero = new double[m * n];
            double[] exact = new double[m * n];
            for (int i = 0; i < exact.length; i++) {
                exact[i] = serial[i];
                zero[i] = Math.abs(serial[i]) + 1;
            }
            Close.assertClose(exact, parallel, tolerance(zero, 1e-6), 0, "threads vs one thread");
        }
    }

    private static void checkAll(GemmKernel kernel, String name) {
        Random r = new Random(1);
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 1f}, {-2f, 0.25f}};
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                float[] ab = alphaBeta[(s[0] + t) % alphaBeta.length];
                int m = s[0];
                int n = s[1];
                int k = s[2];
                float[] a = random(r, m * k);
                float[] b = random(r, k * n);
                float[] c = random(r, m * n + 3);
                double[][] want = reference(transA, transB, m, n, k, ab[0], a, b, ab[1], c);
                GemmCpu.gemm(kernel, transA, transB, m, n, k, ab[0], a, 0, b, 0, ab[1], c, 0);
                float[] got = java.util.Arrays.copyOf(c, m * n);
                Close.assertClose(want[0], got, tolerance(want[1], 1e-5), 0, name + " gemm " + m
                        + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB + " alpha=" + ab[0]
                        + " beta=" + ab[1]);
            }
        }
    }

    /** The textbook triple loop in double, and the sum of |terms| per element to scale the tolerance. */
    static double[][] reference(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                                float[] b, float beta, float[] c) {
        double[] out = new double[m * n];
        double[] scale = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = (transA ? a[p * m + i] : a[i * k + p]) * (double) (transB ? b[j * k + p] : b[p * n + j]);
                    sum += x;
                    abs += Math.abs(x);
                }
                double prior = beta == 0f ? 0 : beta * (double) c[i * n + j];
                out[i * n + j] = alpha * sum + prior;
                scale[i * n + j] = Math.abs(alpha) * abs + Math.abs(prior);
            }
        }
        return new double[][] {out, scale};
    }
}
