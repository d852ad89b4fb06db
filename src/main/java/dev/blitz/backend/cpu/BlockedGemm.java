package dev.blitz.backend.cpu;

/**
 * The cache-blocked GEMM loop nest (after BLIS) around {@link GemmKernel#tile}. The micro-kernel reads A in
 * place through strides; B is packed into contiguous {@code KC × nr} panels only where the copy pays for
 * itself (transposed B, or many rows of A reusing each panel) and otherwise read in place too. Ragged edges
 * (a last panel of fewer than mr rows or nr columns) are packed with zero padding into this thread's scratch;
 * their tiles, and tiles that scale C, are computed into a scratch tile and merged. Runs on the calling
 * thread; {@link GemmCpu} splits work over threads.
 */
final class BlockedGemm {
    static final int KC = 512;
    static final int MC = 240;
    static final int NC = 2048;

    private BlockedGemm() {
    }

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C} on sub-matrices: element (i, p) of op(A) is
     * {@code a[aOff + i*lda + p]}, or {@code a[aOff + p*lda + i]} when {@code transA}; likewise for B (k × n)
     * and C ({@code c[cOff + i*ldc + j]}).
     */
    static void gemm(GemmKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                     float[] c, int cOff, int ldc) {
        gemm(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, null, cOff, ldc);
    }

    /**
     * As {@link #gemm}, but row i of C starts at {@code c[cRows[i] + cOff]}. Rows may overlap: they are
     * written in order, each adding to what the previous ones left (with beta 1), which folds a convolution's
     * column gradients back into its input gradient as they are computed.
     */
    static void gemmIntoRows(GemmKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c,
                             int[] cRows, int cOff) {
        gemm(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cRows, cOff, 0);
    }

    private static void gemm(GemmKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                             float[] c, int[] cRows, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                scaleRow(n, alpha * 0f, beta, c, cRows == null ? cOff + i * ldc : cRows[i] + cOff);
            }
            return;
        }
        int mr = kernel.mr;
        int nr = kernel.nr;
        int aRow = transA ? 1 : lda;
        int aStep = transA ? lda : 1;
        boolean packB = transB || m > 4 * mr;
        int fullRows = m / mr * mr;
        int mc = Math.max(mr, MC / mr * mr);
        int ncMax = Math.max(nr, NC / nr * nr);
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaNow = pc == 0 ? beta : 1f;
                float[] bp = Scratch.get(Scratch.PACK_B, roundUp(packB ? nc : nr, nr) * kc);
                if (packB) {
                    packB(transB, b, bOff, ldb, pc, kc, jc, nc, nr, bp);
                }
                float[] edgeA = null;
                if (fullRows < m) {
                    edgeA = Scratch.get(Scratch.PACK_A, mr * kc);
                    packEdgeA(a, aOff + fullRows * aRow + pc * aStep, aRow, aStep, m - fullRows, kc, mr, edgeA);
                }
                for (int ic = 0; ic < m; ic += mc) {
                    int icEnd = Math.min(m, ic + mc);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        float[] bs = bp;
                        int bAt = jr * kc;
                        int bStep = nr;
                        if (!packB && cols == nr) {
                            bs = b;
                            bAt = bOff + pc * ldb + jc + jr;
                            bStep = ldb;
                        } else if (!packB) {
                            bAt = 0;
                            packB(false, b, bOff, ldb, pc, kc, jc + jr, cols, nr, bp);
                        }
                        for (int ir = ic; ir < icEnd; ir += mr) {
                            int col = jc + jr;
                            int aAt = aOff + ir * aRow + pc * aStep;
                            if (ir < fullRows && cols == nr && alpha == 1f && (betaNow == 0f || betaNow == 1f)) {
                                kernel.tile(kc, a, aAt, aRow, aStep, bs, bAt, bStep, c, cOff + col + (cRows == null
                                        ? ir * ldc : 0), ldc, cRows, ir, betaNow == 1f);
                                continue;
                            }
                            float[] t = Scratch.get(Scratch.TILE, mr * nr);
                            if (ir < fullRows) {
                                kernel.tile(kc, a, aAt, aRow, aStep, bs, bAt, bStep, t, 0, nr, null, 0, false);
                            } else {
                                kernel.tile(kc, edgeA, 0, 1, mr, bs, bAt, bStep, t, 0, nr, null, 0, false);
                            }
                            int rows = Math.min(mr, m - ir);
                            if (cRows == null) {
                                kernel.merge(t, 0, nr, rows, cols, alpha, betaNow, c, cOff + ir * ldc + col, ldc);
                            } else {
                                for (int r = 0; r < rows; r++) {
                                    kernel.merge(t, r * nr, nr, 1, cols, alpha, betaNow, c, cRows[ir + r] + cOff + col,
                                            0);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The last {@code rows < mr} rows of A as one zero-padded panel: {@code ap[p*mr + r]}. */
    private static void packEdgeA(float[] a, int at, int aRow, int aStep, int rows, int kc, int mr, float[] ap) {
        java.util.Arrays.fill(ap, 0, kc * mr, 0f);
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < kc; p++) {
                ap[p * mr + r] = a[at + r * aRow + p * aStep];
            }
        }
    }

    /** Panels of {@code nr} columns of op(B)[pc.., jc..]: {@code bp[jr*kc + p*nr + j]}, zero past the last column. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, int nr,
                              float[] bp) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (transB) {
                for (int j = 0; j < nr; j++) {
                    if (j < cols) {
                        int src = bOff + (jc + jr + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * nr + j] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * nr + j] = 0f;
                        }
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * nr;
                    System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, bp, dst, cols);
                    if (cols < nr) {
                        java.util.Arrays.fill(bp, dst + cols, dst + nr, 0f);
                    }
                }
            }
        }
    }

    /** A row of the k = 0 product: {@code C = zero + beta * C}, as the general formula with an empty sum gives. */
    private static void scaleRow(int n, float zero, float beta, float[] c, int at) {
        for (int j = 0; j < n; j++) {
            c[at + j] = zero + (beta == 0f ? 0f : beta * c[at + j]);
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
