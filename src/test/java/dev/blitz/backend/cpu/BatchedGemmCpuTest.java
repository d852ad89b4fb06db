package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameValues;
import static dev.blitz.backend.cpu.ReferenceKernels.upload;
import static dev.blitz.backend.cpu.ReferenceKernels.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchedGemmCpuTest {
    /** m, n, k: vectors, odd sizes, an empty k, a product large enough to split inside itself. */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {6, 1, 9}, {2, 4, 0}, {17, 33, 64}, {96, 80, 300}};

    @Test
    void aTwoByTwoByHand() {
        // [[1, 2], [3, 4]] @ [[5, 6], [7, 8]] = [[19, 22], [43, 50]], then 2 * that - C.
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Buffer c = upload(t, 1, 1, 1, 1);
            CPU.gemmBatched(false, false, 2, 2, 2, 2, upload(t, 1, 2, 3, 4), 0, upload(t, 5, 6, 7, 8), 0, -1, c,
                    4, 1);
            assertSameValues("2AB - C " + t, new double[] {37, 43, 85, 99}, values(c));
        }
    }

    @Test
    void everyLayoutAndShapeMatchesATripleLoop() {
        Random r = new Random(101);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : SHAPES) {
                for (int layout = 0; layout < 4; layout++) {
                    boolean transA = (layout & 1) != 0;
                    boolean transB = (layout & 2) != 0;
                    check(r, t, transA, transB, s[0], s[1], s[2], 3, 1.5, 0.5, false);
                }
            }
        }
    }

    @Test
    void aStrideOfZeroSharesOneMatrixAcrossTheBatch() {
        Random r = new Random(102);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            check(r, t, false, true, 4, 6, 5, 5, 1, 0, true);
        }
    }

    @Test
    void betaZeroIgnoresWhatCHeldAndKZeroScalesIt() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Buffer c = upload(t, Double.NaN, Double.NaN);
            CPU.gemmBatched(false, false, 1, 1, 1, 1, upload(t, 2, 3), 1, upload(t, 4, 5), 1, 0, c, 1, 2);
            assertSameValues("beta 0 " + t, new double[] {8, 15}, values(c));
            Buffer kept = upload(t, 3, 4);
            CPU.gemmBatched(false, false, 1, 2, 0, 1, CPU.allocate(t, 0), 0, CPU.allocate(t, 0), 0, 2, kept, 2, 1);
            assertSameValues("k = 0 " + t, new double[] {6, 8}, values(kept));
        }
    }

    @Test
    void resultsDoNotDependOnTheThreads() {
        // Small products split over the batch, a large one inside itself; either way as on one thread.
        Random r = new Random(103);
        for (int[] s : new int[][] {{40, 12, 10, 30}, {2, 96, 80, 300}}) {
            int batch = s[0];
            int m = s[1];
            int n = s[2];
            int k = s[3];
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Buffer a = upload(t, gaussian(r, batch * m * k));
                Buffer b = upload(t, gaussian(r, batch * k * n));
                Buffer parallel = CPU.allocate(t, batch * m * n);
                CPU.gemmBatched(false, true, m, n, k, 1, a, m * k, b, k * n, 0, parallel, m * n, batch);
                Buffer serial = CPU.allocate(t, batch * m * n);
                Parallel.serially(() -> CPU.gemmBatched(false, true, m, n, k, 1, a, m * k, b, k * n, 0, serial,
                        m * n, batch));
                assertSameValues(t + " batch " + batch, values(serial), values(parallel));
            }
        }
    }

    @Test
    void refusesMixedOrIntegerBuffers() {
        assertThrows(IllegalArgumentException.class, () -> CPU.gemmBatched(false, false, 1, 1, 1, 1,
                CPU.allocate(1), 0, CPU.allocate(DType.FLOAT64, 1), 0, 0, CPU.allocate(1), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> CPU.gemmBatched(false, false, 1, 1, 1, 1,
                CPU.allocate(DType.INT64, 1), 0, CPU.allocate(DType.INT64, 1), 0, 0, CPU.allocate(DType.INT64, 1), 1,
                1));
    }

    /**
     * One batched call against a triple loop in double, with C's matrices {@code m * n + 2} apart so the gap
     * between them must stay as it was; {@code sharedA} gives A a stride of 0.
     */
    private static void check(Random r, DType t, boolean transA, boolean transB, int m, int n, int k, int batch,
                              double alpha, double beta, boolean sharedA) {
        int strideA = sharedA ? 0 : m * k;
        int strideB = k * n;
        int strideC = m * n + 2;
        double[] a = rounded(t, gaussian(r, Math.max(1, (sharedA ? 1 : batch) * m * k)));
        double[] b = rounded(t, gaussian(r, batch * k * n));
        double[] c = rounded(t, gaussian(r, batch * strideC));
        double[] want = c.clone();
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        double aiq = a[p * strideA + (transA ? q * m + i : i * k + q)];
                        double bqj = b[p * strideB + (transB ? j * k + q : q * n + j)];
                        s += aiq * bqj;
                    }
                    int at = p * strideC + i * n + j;
                    want[at] = alpha * s + beta * c[at];
                }
            }
        }
        Buffer out = upload(t, c);
        CPU.gemmBatched(transA, transB, m, n, k, alpha, upload(t, a), strideA, upload(t, b), strideB, beta, out,
                strideC, batch);
        double[] got = values(out);
        double tol = t == DType.FLOAT32 ? 1e-5 : 1e-13;
        String what = t + (transA ? " A^T" : " A") + (transB ? " B^T " : " B ") + m + "x" + n + "x" + k;
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * (Math.sqrt(k) * 4 + Math.abs(want[i])), what + " element " + i);
        }
    }

    private static double[] gaussian(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** The values a buffer of {@code t} holds, so the reference starts from the same numbers. */
    private static double[] rounded(DType t, double[] v) {
        if (t == DType.FLOAT32) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
        return v;
    }
}
