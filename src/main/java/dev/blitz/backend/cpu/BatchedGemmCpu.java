package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;

/**
 * {@link dev.blitz.backend.Backend#gemmBatched}: float32 products run on {@link GemmCpu}, a batch of small ones
 * split over threads by product, large ones one after another, each split inside; float64 products are plain
 * loops over rows of C, split over threads by row, each row's dot products summed in increasing k.
 */
final class BatchedGemmCpu {
    /** Flops under which a float32 product is too small to split on its own. */
    static final long SMALL_FLOPS = 1L << 22;

    private BatchedGemmCpu() {
    }

    /**
     * For each {@code i < batch}: {@code C_i = alpha * op(A_i) * op(B_i) + beta * C_i}, matrix {@code i} of each
     * buffer starting at element {@code i * stride}; with {@code beta = 0} C's old contents are ignored.
     *
     * @throws IllegalArgumentException unless all three buffers are float32, or all float64
     */
    static void gemmBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a,
                            int strideA, Buffer b, int strideB, double beta, Buffer c, int strideC, int batch) {
        DType type = a.dtype();
        if (b.dtype() != type || c.dtype() != type || !type.isFloatingPoint()) {
            throw new IllegalArgumentException("gemmBatched takes three float32 or three float64 buffers, not "
                    + type + ", " + b.dtype() + " and " + c.dtype());
        }
        if (type == DType.FLOAT64) {
            gemm64(transA, transB, m, n, k, alpha, CpuBuffer.f64(a), strideA, CpuBuffer.f64(b), strideB, beta,
                    CpuBuffer.f64(c), strideC, batch);
            return;
        }
        float[] fa = CpuBuffer.of(a);
        float[] fb = CpuBuffer.of(b);
        float[] fc = CpuBuffer.of(c);
        float al = (float) alpha;
        float be = (float) beta;
        long flops = 2L * m * n * k;
        if (batch > 1 && flops < SMALL_FLOPS) {
            Parallel.forRange(batch, flops / Parallel.FLOPS_PER_UNIT + (long) m * n, (part, from, to) -> {
                for (int i = from; i < to; i++) {
                    GemmCpu.gemm(transA, transB, m, n, k, al, fa, i * strideA, fb, i * strideB, be, fc, i * strideC);
                }
            });
        } else {
            for (int i = 0; i < batch; i++) {
                GemmCpu.gemm(transA, transB, m, n, k, al, fa, i * strideA, fb, i * strideB, be, fc, i * strideC);
            }
        }
    }

    /**
     * The float64 products: row i of {@code C_p} is {@code alpha * (row i of op(A_p)) * op(B_p) + beta * C_p[i]}.
     * Row i of op(A) is first copied out (it is strided when {@code transA}); then B's rows are added in
     * (i-k-j order) or, when {@code transB}, each element is a dot product with a contiguous row of B.
     */
    private static void gemm64(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                               int strideA, double[] b, int strideB, double beta, double[] c, int strideC,
                               int batch) {
        Parallel.forRange(batch * m, Math.max(1, 2L * n * k / Parallel.FLOPS_PER_UNIT), (part, from, to) -> {
            double[] row = new double[k];
            double[] acc = new double[n];
            for (int r = from; r < to; r++) {
                int p = r / m;
                int i = r % m;
                int aAt = p * strideA;
                int bAt = p * strideB;
                int cAt = p * strideC + i * n;
                for (int q = 0; q < k; q++) {
                    row[q] = transA ? a[aAt + q * m + i] : a[aAt + i * k + q];
                }
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int q = 0, at = bAt + j * k; q < k; q++) {
                            s += row[q] * b[at + q];
                        }
                        acc[j] = s;
                    }
                } else {
                    java.util.Arrays.fill(acc, 0);
                    for (int q = 0; q < k; q++) {
                        double v = row[q];
                        for (int j = 0, at = bAt + q * n; j < n; j++) {
                            acc[j] += v * b[at + j];
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    c[cAt + j] = alpha * acc[j] + (beta == 0 ? 0 : beta * c[cAt + j]);
                }
            }
        });
    }
}
