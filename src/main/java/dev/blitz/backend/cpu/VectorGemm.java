package dev.blitz.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast micro-kernels, on the Vector API. {@link #tile}: a 6 × (2 vectors) tile of C in 12 vector
 * registers, per step of k one broadcast of A per row, two loads of B and 12 fused multiply-adds
 * ({@link #tileOverRows}: the same with B's rows at given offsets).
 * {@link #merge}: a computed tile scaled and added into C. {@link #dots}: 6 × 2 dot products, each kept as a
 * vector of partial sums and folded to one lane at the end. The only
 * class that touches {@code jdk.incubator.vector}; {@link GemmCpu} loads it only when that module is present.
 */
final class VectorGemm extends GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * V;
    private static final int DOT_ROWS = 6;
    private static final int DOT_COLS = 2;
    /*
     * Lane i takes lane i + k (mod V): the dot products' lanes are summed by folding halves, quarters, ... onto
     * lane 0, a fixed order whoever runs the code. Not reduceLanes(ADD), whose order is the implementation's:
     * since JDK 23 C2 sums in its own tree while the interpreter and C1 sum in lane order, so a result depended
     * on when the JIT got to the kernel (MNIST on JDK 25 did not repeat). Written out per accumulator, in both dots
     * methods: C2 does not inline a helper into them (they are past its inlining budget), and a vector argument to
     * a call it does not inline is boxed (a shared fold method made a step at batch 64 allocate 155 MB).
     */
    private static final VectorShuffle<Float> FOLD8 = VectorShuffle.fromOp(S, lane -> (lane + 8) % V);
    private static final VectorShuffle<Float> FOLD4 = VectorShuffle.fromOp(S, lane -> (lane + 4) % V);
    private static final VectorShuffle<Float> FOLD2 = VectorShuffle.fromOp(S, lane -> (lane + 2) % V);
    private static final VectorShuffle<Float> FOLD1 = VectorShuffle.fromOp(S, lane -> (lane + 1) % V);

    VectorGemm() {
        super(MR, NR, DOT_ROWS, DOT_COLS);
    }

    @Override
    void tile(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bStep, float[] c, int cOff,
              int ldc, int[] cRows, int rowAt, boolean add) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int a2 = 2 * aRow;
        int a3 = 3 * aRow;
        int a4 = 4 * aRow;
        int a5 = 5 * aRow;
        int pa = aOff;
        int pb = bOff;
        for (int p = 0; p < kc; p++, pa += aStep, pb += bStep) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + V);
            FloatVector x = FloatVector.broadcast(S, a[pa]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[pa + aRow]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[pa + a2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[pa + a3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[pa + a4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[pa + a5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // Stores written out, no helper: C2 stops inlining into a method this large, and an out-of-line call
        // would box its vector argument. Adding +0 when not accumulating is exact: the sums are never -0.
        int r0 = cRows == null ? cOff : cRows[rowAt + 0] + cOff;
        int r1 = cRows == null ? cOff + 1 * ldc : cRows[rowAt + 1] + cOff;
        int r2 = cRows == null ? cOff + 2 * ldc : cRows[rowAt + 2] + cOff;
        int r3 = cRows == null ? cOff + 3 * ldc : cRows[rowAt + 3] + cOff;
        int r4 = cRows == null ? cOff + 4 * ldc : cRows[rowAt + 4] + cOff;
        int r5 = cRows == null ? cOff + 5 * ldc : cRows[rowAt + 5] + cOff;
        FloatVector zero = FloatVector.zero(S);
        c00.add(add ? FloatVector.fromArray(S, c, r0) : zero).intoArray(c, r0);
        c01.add(add ? FloatVector.fromArray(S, c, r0 + V) : zero).intoArray(c, r0 + V);
        c10.add(add ? FloatVector.fromArray(S, c, r1) : zero).intoArray(c, r1);
        c11.add(add ? FloatVector.fromArray(S, c, r1 + V) : zero).intoArray(c, r1 + V);
        c20.add(add ? FloatVector.fromArray(S, c, r2) : zero).intoArray(c, r2);
        c21.add(add ? FloatVector.fromArray(S, c, r2 + V) : zero).intoArray(c, r2 + V);
        c30.add(add ? FloatVector.fromArray(S, c, r3) : zero).intoArray(c, r3);
        c31.add(add ? FloatVector.fromArray(S, c, r3 + V) : zero).intoArray(c, r3 + V);
        c40.add(add ? FloatVector.fromArray(S, c, r4) : zero).intoArray(c, r4);
        c41.add(add ? FloatVector.fromArray(S, c, r4 + V) : zero).intoArray(c, r4 + V);
        c50.add(add ? FloatVector.fromArray(S, c, r5) : zero).intoArray(c, r5);
        c51.add(add ? FloatVector.fromArray(S, c, r5 + V) : zero).intoArray(c, r5 + V);
    }

    /** {@link #tile}'s loop with B's rows at offsets: a loop of its own, so the GEMM's hottest loop has no branch. */
    @Override
    void tileOverRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int[] bRows, float[] c, int cOff,
                      int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < kc; p++) {
            int pb = bOff + bRows[p];
            int pa = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + V);
            FloatVector x = FloatVector.broadcast(S, a[pa]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[pa + lda]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[pa + 2 * lda]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[pa + 3 * lda]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[pa + 4 * lda]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[pa + 5 * lda]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + V);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + V);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + V);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + V);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + V);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + V);
    }

    @Override
    void merge(float[] t, int tAt, int ldt, int rows, int cols, float alpha, float beta, float[] c, int cAt,
               int ldc) {
        int full = cols - cols % V;
        for (int r = 0; r < rows; r++) {
            int row = cAt + r * ldc;
            int src = tAt + r * ldt;
            for (int j = 0; j < full; j += V) {
                FloatVector v = FloatVector.fromArray(S, t, src + j);
                if (alpha != 1f) {
                    v = v.mul(alpha);
                }
                if (beta != 0f) {
                    v = v.add(FloatVector.fromArray(S, c, row + j).mul(beta));
                }
                v.intoArray(c, row + j);
            }
        }
        if (full < cols) {
            ScalarGemm.INSTANCE.merge(t, tAt + full, ldt, rows, cols - full, alpha, beta, c, cAt + full, ldc);
        }
    }

    @Override
    void dots(int k, float[] a, int[] aRows, float[] b, int[] bRows, float[] sums) {
        int r0 = aRows[0];
        int r1 = aRows[1];
        int r2 = aRows[2];
        int r3 = aRows[3];
        int r4 = aRows[4];
        int r5 = aRows[5];
        int q0 = bRows[0];
        int q1 = bRows[1];
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s40 = s00;
        FloatVector s41 = s00;
        FloatVector s50 = s00;
        FloatVector s51 = s00;
        int end = k - k % V;
        for (int p = 0; p < end; p += V) {
            FloatVector y0 = FloatVector.fromArray(S, b, q0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, q1 + p);
            FloatVector x = FloatVector.fromArray(S, a, r0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            x = FloatVector.fromArray(S, a, r1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            x = FloatVector.fromArray(S, a, r2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            x = FloatVector.fromArray(S, a, r3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            x = FloatVector.fromArray(S, a, r4 + p);
            s40 = x.fma(y0, s40);
            s41 = x.fma(y1, s41);
            x = FloatVector.fromArray(S, a, r5 + p);
            s50 = x.fma(y0, s50);
            s51 = x.fma(y1, s51);
        }
        // Each accumulator's lanes added in a fixed tree: halves, quarters, ... (see FOLD8).
        if (V > 8) {
            s00 = s00.add(s00.rearrange(FOLD8));
            s01 = s01.add(s01.rearrange(FOLD8));
            s10 = s10.add(s10.rearrange(FOLD8));
            s11 = s11.add(s11.rearrange(FOLD8));
            s20 = s20.add(s20.rearrange(FOLD8));
            s21 = s21.add(s21.rearrange(FOLD8));
            s30 = s30.add(s30.rearrange(FOLD8));
            s31 = s31.add(s31.rearrange(FOLD8));
            s40 = s40.add(s40.rearrange(FOLD8));
            s41 = s41.add(s41.rearrange(FOLD8));
            s50 = s50.add(s50.rearrange(FOLD8));
            s51 = s51.add(s51.rearrange(FOLD8));
        }
        if (V > 4) {
            s00 = s00.add(s00.rearrange(FOLD4));
            s01 = s01.add(s01.rearrange(FOLD4));
            s10 = s10.add(s10.rearrange(FOLD4));
            s11 = s11.add(s11.rearrange(FOLD4));
            s20 = s20.add(s20.rearrange(FOLD4));
            s21 = s21.add(s21.rearrange(FOLD4));
            s30 = s30.add(s30.rearrange(FOLD4));
            s31 = s31.add(s31.rearrange(FOLD4));
            s40 = s40.add(s40.rearrange(FOLD4));
            s41 = s41.add(s41.rearrange(FOLD4));
            s50 = s50.add(s50.rearrange(FOLD4));
            s51 = s51.add(s51.rearrange(FOLD4));
        }
        if (V > 2) {
            s00 = s00.add(s00.rearrange(FOLD2));
            s01 = s01.add(s01.rearrange(FOLD2));
            s10 = s10.add(s10.rearrange(FOLD2));
            s11 = s11.add(s11.rearrange(FOLD2));
            s20 = s20.add(s20.rearrange(FOLD2));
            s21 = s21.add(s21.rearrange(FOLD2));
            s30 = s30.add(s30.rearrange(FOLD2));
            s31 = s31.add(s31.rearrange(FOLD2));
            s40 = s40.add(s40.rearrange(FOLD2));
            s41 = s41.add(s41.rearrange(FOLD2));
            s50 = s50.add(s50.rearrange(FOLD2));
            s51 = s51.add(s51.rearrange(FOLD2));
        }
        sums[0] = s00.add(s00.rearrange(FOLD1)).lane(0);
        sums[1] = s01.add(s01.rearrange(FOLD1)).lane(0);
        sums[2] = s10.add(s10.rearrange(FOLD1)).lane(0);
        sums[3] = s11.add(s11.rearrange(FOLD1)).lane(0);
        sums[4] = s20.add(s20.rearrange(FOLD1)).lane(0);
        sums[5] = s21.add(s21.rearrange(FOLD1)).lane(0);
        sums[6] = s30.add(s30.rearrange(FOLD1)).lane(0);
        sums[7] = s31.add(s31.rearrange(FOLD1)).lane(0);
        sums[8] = s40.add(s40.rearrange(FOLD1)).lane(0);
        sums[9] = s41.add(s41.rearrange(FOLD1)).lane(0);
        sums[10] = s50.add(s50.rearrange(FOLD1)).lane(0);
        sums[11] = s51.add(s51.rearrange(FOLD1)).lane(0);
        if (end < k) {
            ScalarGemm.dotTail(end, k, a, aRows, b, bRows, sums);
        }
    }

    @Override
    void dots(int k, int segments, int aStep, int bStep, float[] a, int[] aRows, float[] b, int[] bRows,
              float[] sums) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s40 = s00;
        FloatVector s41 = s00;
        FloatVector s50 = s00;
        FloatVector s51 = s00;
        int end = k - k % V;
        int r0 = aRows[0];
        int r1 = aRows[1];
        int r2 = aRows[2];
        int r3 = aRows[3];
        int r4 = aRows[4];
        int r5 = aRows[5];
        int q0 = bRows[0];
        int q1 = bRows[1];
        // One flat loop over every segment's vectors: accumulators that live across two nested loops make C2
        // box them.
        int steps = end == 0 ? 0 : segments * (end / V);
        for (int t = 0, p = 0; t < steps; t++) {
            FloatVector y0 = FloatVector.fromArray(S, b, q0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, q1 + p);
            FloatVector x = FloatVector.fromArray(S, a, r0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            x = FloatVector.fromArray(S, a, r1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            x = FloatVector.fromArray(S, a, r2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            x = FloatVector.fromArray(S, a, r3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            x = FloatVector.fromArray(S, a, r4 + p);
            s40 = x.fma(y0, s40);
            s41 = x.fma(y1, s41);
            x = FloatVector.fromArray(S, a, r5 + p);
            s50 = x.fma(y0, s50);
            s51 = x.fma(y1, s51);
            p += V;
            if (p == end) {
                p = 0;
                r0 += aStep;
                r1 += aStep;
                r2 += aStep;
                r3 += aStep;
                r4 += aStep;
                r5 += aStep;
                q0 += bStep;
                q1 += bStep;
            }
        }
        // Each accumulator's lanes added in a fixed tree: halves, quarters, ... (see FOLD8).
        if (V > 8) {
            s00 = s00.add(s00.rearrange(FOLD8));
            s01 = s01.add(s01.rearrange(FOLD8));
            s10 = s10.add(s10.rearrange(FOLD8));
            s11 = s11.add(s11.rearrange(FOLD8));
            s20 = s20.add(s20.rearrange(FOLD8));
            s21 = s21.add(s21.rearrange(FOLD8));
            s30 = s30.add(s30.rearrange(FOLD8));
            s31 = s31.add(s31.rearrange(FOLD8));
            s40 = s40.add(s40.rearrange(FOLD8));
            s41 = s41.add(s41.rearrange(FOLD8));
            s50 = s50.add(s50.rearrange(FOLD8));
            s51 = s51.add(s51.rearrange(FOLD8));
        }
        if (V > 4) {
            s00 = s00.add(s00.rearrange(FOLD4));
            s01 = s01.add(s01.rearrange(FOLD4));
            s10 = s10.add(s10.rearrange(FOLD4));
            s11 = s11.add(s11.rearrange(FOLD4));
            s20 = s20.add(s20.rearrange(FOLD4));
            s21 = s21.add(s21.rearrange(FOLD4));
            s30 = s30.add(s30.rearrange(FOLD4));
            s31 = s31.add(s31.rearrange(FOLD4));
            s40 = s40.add(s40.rearrange(FOLD4));
            s41 = s41.add(s41.rearrange(FOLD4));
            s50 = s50.add(s50.rearrange(FOLD4));
            s51 = s51.add(s51.rearrange(FOLD4));
        }
        if (V > 2) {
            s00 = s00.add(s00.rearrange(FOLD2));
            s01 = s01.add(s01.rearrange(FOLD2));
            s10 = s10.add(s10.rearrange(FOLD2));
            s11 = s11.add(s11.rearrange(FOLD2));
            s20 = s20.add(s20.rearrange(FOLD2));
            s21 = s21.add(s21.rearrange(FOLD2));
            s30 = s30.add(s30.rearrange(FOLD2));
            s31 = s31.add(s31.rearrange(FOLD2));
            s40 = s40.add(s40.rearrange(FOLD2));
            s41 = s41.add(s41.rearrange(FOLD2));
            s50 = s50.add(s50.rearrange(FOLD2));
            s51 = s51.add(s51.rearrange(FOLD2));
        }
        sums[0] = s00.add(s00.rearrange(FOLD1)).lane(0);
        sums[1] = s01.add(s01.rearrange(FOLD1)).lane(0);
        sums[2] = s10.add(s10.rearrange(FOLD1)).lane(0);
        sums[3] = s11.add(s11.rearrange(FOLD1)).lane(0);
        sums[4] = s20.add(s20.rearrange(FOLD1)).lane(0);
        sums[5] = s21.add(s21.rearrange(FOLD1)).lane(0);
        sums[6] = s30.add(s30.rearrange(FOLD1)).lane(0);
        sums[7] = s31.add(s31.rearrange(FOLD1)).lane(0);
        sums[8] = s40.add(s40.rearrange(FOLD1)).lane(0);
        sums[9] = s41.add(s41.rearrange(FOLD1)).lane(0);
        sums[10] = s50.add(s50.rearrange(FOLD1)).lane(0);
        sums[11] = s51.add(s51.rearrange(FOLD1)).lane(0);
        for (int s = 0; s < segments && end < k; s++) {
            for (int r = 0; r < DOT_ROWS; r++) {
                for (int j = 0; j < DOT_COLS; j++) {
                    float t = 0f;
                    for (int p = end; p < k; p++) {
                        t += a[aRows[r] + s * aStep + p] * b[bRows[j] + s * bStep + p];
                    }
                    sums[r * DOT_COLS + j] += t;
                }
            }
        }
    }
}
