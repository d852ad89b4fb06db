package dev.blitz.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast micro-kernels, on the Vector API. {@link #tile}: a 6 × (2 vectors) tile of C in 12 vector
 * registers, per step of k one broadcast of A per row, two loads of B and 12 fused multiply-adds
 * ({@link #tileOverRows}: the same with B's rows at given offsets).
 * {@link #merge}: a computed tile scaled and added into C. {@link #dots}: 6 × 2 dot products, each kept as a
 * vector of partial sums and folded to one lane at the end; {@link #segmentedDots}: 4 × 4 of them, whose vectors
 * of partial sums are added into memory for {@link #sumLanes} to fold at the end. The only
 * class that touches {@code jdk.incubator.vector}; {@link GemmCpu} loads it only when that module is present.
 */
final class VectorGemm extends GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * V;
    private static final int DOT_ROWS = 6;
    private static final int DOT_COLS = 2;
    private static final int SEGMENTED_ROWS = 4;
    private static final int SEGMENTED_COLS = 4;
    /*
     * Lane i takes lane i + k (mod V): the dot products' lanes are summed by folding halves, quarters, ... onto
     * lane 0, a fixed order whoever runs the code. Not reduceLanes(ADD), whose order is the implementation's:
     * since JDK 23 C2 sums in its own tree while the interpreter and C1 sum in lane order, so a result depended
     * on when the JIT got to the kernel (MNIST on JDK 25 did not repeat). Written out per accumulator in
     * {@link #dots}, again in {@link #sumLanes}: C2 does not inline a helper into dots (it is past its inlining
     * budget), and a vector argument to a call it does not inline is boxed (a shared fold method made a step at
     * batch 64 allocate 155 MB).
     */
    private static final VectorShuffle<Float> FOLD8 = VectorShuffle.fromOp(S, lane -> (lane + 8) % V);
    private static final VectorShuffle<Float> FOLD4 = VectorShuffle.fromOp(S, lane -> (lane + 4) % V);
    private static final VectorShuffle<Float> FOLD2 = VectorShuffle.fromOp(S, lane -> (lane + 2) % V);
    private static final VectorShuffle<Float> FOLD1 = VectorShuffle.fromOp(S, lane -> (lane + 1) % V);

    VectorGemm() {
        super(MR, NR, DOT_ROWS, DOT_COLS, SEGMENTED_ROWS, SEGMENTED_COLS, V);
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

    /**
     * A row whose length is not a multiple of V ends with a vector that overlaps the one before it: both write the
     * same values (C is not read), and a short row (LeNet's 28 cells: 16 + 12) stays vectorized, which C2's own
     * vectorization of a loop that short is not. Where the rows of C lie end to end, a row shorter than V is
     * written as one vector spilling into the rows after it, which are written later (LeNet's conv2 backward-data,
     * 14 cells), unless it would reach past the last row or read past T.
     */
    @Override
    void copyPlus(float[] t, int tAt, int ldt, int rows, int cols, float bias, float[] c, int cAt, int ldc) {
        int end = cAt + (rows - 1) * ldc + cols;
        for (int r = 0; r < rows; r++) {
            int row = cAt + r * ldc;
            int src = tAt + r * ldt;
            if (cols >= V) {
                for (int j = 0; j < cols; j += V) {
                    int at = Math.min(j, cols - V);
                    FloatVector.fromArray(S, t, src + at).add(bias).intoArray(c, row + at);
                }
            } else if (ldc == cols && row + V <= end && src + V <= t.length) {
                FloatVector.fromArray(S, t, src).add(bias).intoArray(c, row);
            } else {
                ScalarGemm.INSTANCE.copyPlus(t, src, ldt, 1, cols, bias, c, row, ldc);
            }
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

    /**
     * A 4 × 4 block, 16 accumulators: 8 loads per 16 multiply-adds (against 8 per 12 in {@link #dots}),
     * affordable because the accumulators are added into memory as they are, to be folded once, by
     * {@link #sumLanes}. (6 × 4, 24 accumulators, ran faster alone but 2-3 times slower once C2 had compiled it in
     * a training step's company, for reasons not found; 4 × 4 holds up there.)
     */
    @Override
    void segmentedDots(int k, int segments, int aStep, int bStep, float[] a, int[] aRows, float[] b, int[] bRows,
                       float[] acc, int[] accAt) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s22 = s00;
        FloatVector s23 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s32 = s00;
        FloatVector s33 = s00;
        int end = k - k % V;
        int r0 = aRows[0];
        int r1 = aRows[1];
        int r2 = aRows[2];
        int r3 = aRows[3];
        int q0 = bRows[0];
        int q1 = bRows[1];
        int q2 = bRows[2];
        int q3 = bRows[3];
        // One flat loop over every segment's vectors: accumulators that live across two nested loops make C2
        // box them.
        int steps = end == 0 ? 0 : segments * (end / V);
        for (int t = 0, p = 0; t < steps; t++) {
            FloatVector y0 = FloatVector.fromArray(S, b, q0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, q1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, q2 + p);
            FloatVector y3 = FloatVector.fromArray(S, b, q3 + p);
            FloatVector x = FloatVector.fromArray(S, a, r0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = FloatVector.fromArray(S, a, r1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
            x = FloatVector.fromArray(S, a, r2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            s23 = x.fma(y3, s23);
            x = FloatVector.fromArray(S, a, r3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
            s33 = x.fma(y3, s33);
            p += V;
            if (p == end) {
                p = 0;
                r0 += aStep;
                r1 += aStep;
                r2 += aStep;
                r3 += aStep;
                q0 += bStep;
                q1 += bStep;
                q2 += bStep;
                q3 += bStep;
            }
        }
        FloatVector.fromArray(S, acc, accAt[0]).add(s00).intoArray(acc, accAt[0]);
        FloatVector.fromArray(S, acc, accAt[1]).add(s01).intoArray(acc, accAt[1]);
        FloatVector.fromArray(S, acc, accAt[2]).add(s02).intoArray(acc, accAt[2]);
        FloatVector.fromArray(S, acc, accAt[3]).add(s03).intoArray(acc, accAt[3]);
        FloatVector.fromArray(S, acc, accAt[4]).add(s10).intoArray(acc, accAt[4]);
        FloatVector.fromArray(S, acc, accAt[5]).add(s11).intoArray(acc, accAt[5]);
        FloatVector.fromArray(S, acc, accAt[6]).add(s12).intoArray(acc, accAt[6]);
        FloatVector.fromArray(S, acc, accAt[7]).add(s13).intoArray(acc, accAt[7]);
        FloatVector.fromArray(S, acc, accAt[8]).add(s20).intoArray(acc, accAt[8]);
        FloatVector.fromArray(S, acc, accAt[9]).add(s21).intoArray(acc, accAt[9]);
        FloatVector.fromArray(S, acc, accAt[10]).add(s22).intoArray(acc, accAt[10]);
        FloatVector.fromArray(S, acc, accAt[11]).add(s23).intoArray(acc, accAt[11]);
        FloatVector.fromArray(S, acc, accAt[12]).add(s30).intoArray(acc, accAt[12]);
        FloatVector.fromArray(S, acc, accAt[13]).add(s31).intoArray(acc, accAt[13]);
        FloatVector.fromArray(S, acc, accAt[14]).add(s32).intoArray(acc, accAt[14]);
        FloatVector.fromArray(S, acc, accAt[15]).add(s33).intoArray(acc, accAt[15]);
        addTails(end, k, segments, aStep, bStep, a, aRows, b, bRows, acc, accAt);
    }

    /**
     * The steps of {@link #segmentedDots} past its last whole vector, step {@code end + t} added to lane t: a method
     * of its own, called whether or not there are any, so that the first tail (they come only at a batch's end)
     * does not send the kernel back to the interpreter and C2 through it again.
     */
    private static void addTails(int end, int k, int segments, int aStep, int bStep, float[] a, int[] aRows, float[] b,
                                 int[] bRows, float[] acc, int[] accAt) {
        for (int s = 0; s < segments && end < k; s++) {
            for (int r = 0; r < SEGMENTED_ROWS; r++) {
                for (int j = 0; j < SEGMENTED_COLS; j++) {
                    int at = accAt[r * SEGMENTED_COLS + j] - end;
                    for (int p = end; p < k; p++) {
                        acc[at + p] += a[aRows[r] + s * aStep + p] * b[bRows[j] + s * bStep + p];
                    }
                }
            }
        }
    }

    @Override
    float sumLanes(float[] acc, int at) {
        FloatVector s = FloatVector.fromArray(S, acc, at);
        if (V > 8) {
            s = s.add(s.rearrange(FOLD8));
        }
        if (V > 4) {
            s = s.add(s.rearrange(FOLD4));
        }
        if (V > 2) {
            s = s.add(s.rearrange(FOLD2));
        }
        return s.add(s.rearrange(FOLD1)).lane(0);
    }
}
