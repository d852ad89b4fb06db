package dev.blitz.backend.cpu;

/**
 * The portable micro-kernels for JVMs without the Vector API: a 4 × 4 tile of C in 16 scalar locals (16
 * multiply-adds per 8 loads), and 2 × 2 dot products per pass over their rows. Slower than
 * {@link VectorGemm}, far better than a plain triple loop.
 */
final class ScalarGemm extends GemmKernel {
    static final ScalarGemm INSTANCE = new ScalarGemm();
    private static final int MR = 4;
    private static final int NR = 4;

    private ScalarGemm() {
        super(MR, NR, 2, 2, 2, 2, 1);
    }

    @Override
    void tile(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bStep, float[] c, int cOff,
              int ldc, int[] cRows, int rowAt, boolean add) {
        tile(kc, a, aOff, aRow, aStep, b, bOff, bStep, null, c, cOff, ldc, cRows, rowAt, add);
    }

    /** Both tiles: B's row p at {@code bOff + p*bStep}, or at {@code bOff + bRows[p]} when bRows is given. */
    private static void tile(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bStep,
                             int[] bRows, float[] c, int cOff, int ldc, int[] cRows, int rowAt, boolean add) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        int pa = aOff;
        int pb = bOff;
        for (int p = 0; p < kc; p++, pa += aStep, pb += bStep) {
            if (bRows != null) {
                pb = bOff + bRows[p];
            }
            float b0 = b[pb];
            float b1 = b[pb + 1];
            float b2 = b[pb + 2];
            float b3 = b[pb + 3];
            float x = a[pa];
            c00 += x * b0;
            c01 += x * b1;
            c02 += x * b2;
            c03 += x * b3;
            x = a[pa + aRow];
            c10 += x * b0;
            c11 += x * b1;
            c12 += x * b2;
            c13 += x * b3;
            x = a[pa + 2 * aRow];
            c20 += x * b0;
            c21 += x * b1;
            c22 += x * b2;
            c23 += x * b3;
            x = a[pa + 3 * aRow];
            c30 += x * b0;
            c31 += x * b1;
            c32 += x * b2;
            c33 += x * b3;
        }
        storeRow(c00, c01, c02, c03, c, cRows == null ? cOff : cRows[rowAt] + cOff, add);
        storeRow(c10, c11, c12, c13, c, cRows == null ? cOff + ldc : cRows[rowAt + 1] + cOff, add);
        storeRow(c20, c21, c22, c23, c, cRows == null ? cOff + 2 * ldc : cRows[rowAt + 2] + cOff, add);
        storeRow(c30, c31, c32, c33, c, cRows == null ? cOff + 3 * ldc : cRows[rowAt + 3] + cOff, add);
    }

    @Override
    void tileOverRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int[] bRows, float[] c, int cOff,
                      int ldc) {
        tile(kc, a, aOff, lda, 1, b, bOff, 0, bRows, c, cOff, ldc, null, 0, false);
    }

    private static void storeRow(float s0, float s1, float s2, float s3, float[] c, int at, boolean add) {
        c[at] = add ? c[at] + s0 : s0;
        c[at + 1] = add ? c[at + 1] + s1 : s1;
        c[at + 2] = add ? c[at + 2] + s2 : s2;
        c[at + 3] = add ? c[at + 3] + s3 : s3;
    }

    @Override
    void merge(float[] t, int tAt, int ldt, int rows, int cols, float alpha, float beta, float[] c, int cAt,
                      int ldc) {
        for (int r = 0; r < rows; r++) {
            int row = cAt + r * ldc;
            int src = tAt + r * ldt;
            for (int j = 0; j < cols; j++) {
                c[row + j] = alpha * t[src + j] + (beta == 0f ? 0f : beta * c[row + j]);
            }
        }
    }

    @Override
    void copyPlus(float[] t, int tAt, int ldt, int rows, int cols, float bias, float[] c, int cAt, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[cAt + r * ldc + j] = t[tAt + r * ldt + j] + bias;
            }
        }
    }

    @Override
    void dots(int k, float[] a, int[] aRows, float[] b, int[] bRows, float[] sums) {
        int r0 = aRows[0];
        int r1 = aRows[1];
        int q0 = bRows[0];
        int q1 = bRows[1];
        float s00 = 0f, s01 = 0f, s10 = 0f, s11 = 0f;
        for (int p = 0; p < k; p++) {
            float x0 = a[r0 + p];
            float x1 = a[r1 + p];
            float y0 = b[q0 + p];
            float y1 = b[q1 + p];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s10 += x1 * y0;
            s11 += x1 * y1;
        }
        sums[0] = s00;
        sums[1] = s01;
        sums[2] = s10;
        sums[3] = s11;
    }

    @Override
    void segmentedDots(int k, int segments, int aStep, int bStep, float[] a, int[] aRows, float[] b, int[] bRows,
                       float[] acc, int[] accAt) {
        float s00 = 0f;
        float s01 = 0f;
        float s10 = 0f;
        float s11 = 0f;
        for (int s = 0; s < segments; s++) {
            int r0 = aRows[0] + s * aStep;
            int r1 = aRows[1] + s * aStep;
            int q0 = bRows[0] + s * bStep;
            int q1 = bRows[1] + s * bStep;
            for (int p = 0; p < k; p++) {
                float x0 = a[r0 + p];
                float x1 = a[r1 + p];
                float y0 = b[q0 + p];
                float y1 = b[q1 + p];
                s00 += x0 * y0;
                s01 += x0 * y1;
                s10 += x1 * y0;
                s11 += x1 * y1;
            }
        }
        acc[accAt[0]] += s00;
        acc[accAt[1]] += s01;
        acc[accAt[2]] += s10;
        acc[accAt[3]] += s11;
    }

    @Override
    float sumLanes(float[] acc, int at) {
        return acc[at];
    }

    /** Adds the products of steps {@code [from, k)} to every dot of a block (the part a vector loop left). */
    static void dotTail(int from, int k, float[] a, int[] aRows, float[] b, int[] bRows, float[] sums) {
        for (int r = 0; r < aRows.length; r++) {
            for (int j = 0; j < bRows.length; j++) {
                float s = 0f;
                for (int p = from; p < k; p++) {
                    s += a[aRows[r] + p] * b[bRows[j] + p];
                }
                sums[r * bRows.length + j] += s;
            }
        }
    }
}
