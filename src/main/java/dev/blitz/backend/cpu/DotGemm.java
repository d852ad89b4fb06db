package dev.blitz.backend.cpu;

/**
 * {@code C = alpha * A * B^T + beta * C} as blocks of dot products ({@link GemmKernel#dots}) over rows that
 * are contiguous in both operands. Nothing is packed, so this wins where few outputs share long rows: the
 * convolution filter gradient (16 × 150 outputs over thousands of positions) or a linear layer at batch 1.
 * Each block's rows are clamped at the matrix edge (the extra dot products are computed and dropped), and the
 * block grid is laid over C or C^T, whichever wastes less. Long rows are cut into {@link #KB} slices, each
 * finished for every block before the next, so a block's rows stay in L1 while the other operand streams by.
 */
final class DotGemm {
    /** Slice of k per pass: 6 + 2 rows of it (32 KB) fit in L1; a multiple of every vector length. */
    static final int KB = 1024;
    /** Per thread, one scratch per block shape: {@link #gemm}'s and {@link #segmented}'s blocks differ. */
    private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);
    private static final ThreadLocal<Rows> SEGMENTED_ROWS = ThreadLocal.withInitial(Rows::new);

    private DotGemm() {
    }

    /**
     * Whether an {@code m × n} product over {@code k} belongs here rather than in {@link BlockedGemm}: only for
     * very long rows (a linear layer at batch 1 to 4). LeNet's fc1 at batch 64 (k = 400) is as fast blocked, and
     * the blocked kernel is fast from the first steps, while this one's fold of vector lanes runs boxed until C2
     * has compiled it (0.3 s of compiling, on a 2-core machine dozens of steps in).
     */
    static boolean suits(boolean transA, boolean transB, int m, int n, int k) {
        return transB && !transA && k >= 16 && k >= 16 * Math.min(m, n);
    }

    /** A is {@code m × k} (row i at {@code aOff + i*lda}), B is {@code n × k}, C is {@code m × n}. */
    static void gemm(GemmKernel kernel, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                     int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int rows = kernel.dotRows;
        int cols = kernel.dotCols;
        boolean swap = swaps(rows, cols, m, n);
        float[] x = swap ? b : a;
        float[] y = swap ? a : b;
        int xOff = swap ? bOff : aOff;
        int yOff = swap ? aOff : bOff;
        int ldx = swap ? ldb : lda;
        int ldy = swap ? lda : ldb;
        int mx = swap ? n : m;
        int ny = swap ? m : n;
        Rows scratch = ROWS.get();
        int[] xRows = scratch.x(rows);
        int[] yRows = scratch.y(cols);
        float[] sums = scratch.sums(rows * cols);
        for (int k0 = 0; k0 < k || k0 == 0; k0 += KB) {
            int kLen = Math.min(KB, k - k0);
            float betaNow = k0 == 0 ? beta : 1f;
            for (int i0 = 0; i0 < mx; i0 += rows) {
                for (int r = 0; r < rows; r++) {
                    xRows[r] = xOff + Math.min(i0 + r, mx - 1) * ldx + k0;
                }
                for (int j0 = 0; j0 < ny; j0 += cols) {
                    for (int j = 0; j < cols; j++) {
                        yRows[j] = yOff + Math.min(j0 + j, ny - 1) * ldy + k0;
                    }
                    kernel.dots(kLen, x, xRows, y, yRows, sums);
                    for (int r = 0; r < rows && i0 + r < mx; r++) {
                        for (int j = 0; j < cols && j0 + j < ny; j++) {
                            int at = swap ? cOff + (j0 + j) * ldc + i0 + r : cOff + (i0 + r) * ldc + j0 + j;
                            c[at] = alpha * sums[r * cols + j] + (betaNow == 0f ? 0f : betaNow * c[at]);
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds {@code sum_{s<segments} sum_{p<k} A(i, s, p) * B(j, s, p)}, with {@code A(i, s, p) = a[aBase + i*lda +
     * s*aStep + p]} and {@code B(j, s, p) = b[bBase + bRows[j] + s*bStep + p]}, to element (i, j) of an m × n
     * matrix kept as {@code kernel.lanes} partial sums per element at {@code acc[accOff + (i*n + j)*lanes]} (see
     * {@link GemmKernel#segmentedDots}; {@link GemmKernel#sumLanes} gives the element). The block grid is laid over C or
     * C^T, whichever wastes less; the dot products of the rows clamped at its edges go to the {@code lanes} floats
     * at {@code junkAt}, which nothing reads.
     */
    static void segmented(GemmKernel kernel, int m, int n, int k, int segments, float[] a, int aBase, int lda,
                          int aStep, float[] b, int bBase, int[] bRows, int bStep, float[] acc, int accOff,
                          int junkAt) {
        int rows = kernel.segmentedRows;
        int cols = kernel.segmentedCols;
        int lanes = kernel.lanes;
        boolean swap = swaps(rows, cols, m, n);
        int mx = swap ? n : m;
        int ny = swap ? m : n;
        Rows scratch = SEGMENTED_ROWS.get();
        int[] xRows = scratch.x(rows);
        int[] yRows = scratch.y(cols);
        int[] accAt = scratch.at(rows * cols);
        for (int i0 = 0; i0 < mx; i0 += rows) {
            for (int r = 0; r < rows; r++) {
                int i = Math.min(i0 + r, mx - 1);
                xRows[r] = swap ? bBase + bRows[i] : aBase + i * lda;
            }
            for (int j0 = 0; j0 < ny; j0 += cols) {
                for (int t = 0; t < cols; t++) {
                    int j = Math.min(j0 + t, ny - 1);
                    yRows[t] = swap ? aBase + j * lda : bBase + bRows[j];
                }
                for (int r = 0; r < rows; r++) {
                    for (int t = 0; t < cols; t++) {
                        int i = i0 + r;
                        int j = j0 + t;
                        accAt[r * cols + t] = i >= mx || j >= ny ? junkAt
                                : accOff + (swap ? j * n + i : i * n + j) * lanes;
                    }
                }
                if (swap) {
                    kernel.segmentedDots(k, segments, bStep, aStep, b, xRows, a, yRows, acc, accAt);
                } else {
                    kernel.segmentedDots(k, segments, aStep, bStep, a, xRows, b, yRows, acc, accAt);
                }
            }
        }
    }

    /**
     * This thread's row offsets and a block's sums (or where they are kept), kept between calls (a GEMM per chunk
     * of a convolution), each of exactly the length asked for: the kernels read the block's shape from them.
     */
    private static final class Rows {
        private int[] x = new int[0];
        private int[] y = new int[0];
        private int[] at = new int[0];
        private float[] sums = new float[0];

        int[] x(int n) {
            if (x.length != n) {
                x = new int[n];
            }
            return x;
        }

        int[] y(int n) {
            if (y.length != n) {
                y = new int[n];
            }
            return y;
        }

        int[] at(int n) {
            if (at.length != n) {
                at = new int[n];
            }
            return at;
        }

        float[] sums(int n) {
            if (sums.length != n) {
                sums = new float[n];
            }
            return sums;
        }
    }

    /** Whether the block grid goes over C^T: it wastes fewer clamped dot products there. */
    private static boolean swaps(int rows, int cols, int m, int n) {
        return (long) padded(n, rows) * padded(m, cols) < (long) padded(m, rows) * padded(n, cols);
    }

    private static int padded(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
