package dev.blitz.backend.cpu;

/**
 * The register-blocked inner loops of the GEMM, in two shapes. {@link #tile} is the outer-product kernel: an
 * {@code mr × nr} tile of C from k steps of (mr values of A) × (nr contiguous values of B), each operand read
 * through strides so that packed panels and plain row-major matrices both work. {@link #dots} is the
 * inner-product kernel for {@code A · B^T} with long rows: {@code dotRows × dotCols} dot products of
 * contiguous rows, no packing at all. {@link BlockedGemm} and {@link DotGemm} drive them.
 */
abstract class GemmKernel {
    /** Rows and columns of a {@link #tile}; rows and columns of a {@link #dots} block. */
    final int mr;
    final int nr;
    final int dotRows;
    final int dotCols;

    GemmKernel(int mr, int nr, int dotRows, int dotCols) {
        this.mr = mr;
        this.nr = nr;
        this.dotRows = dotRows;
        this.dotCols = dotCols;
    }

    /**
     * {@code C[r][j] = sum_p A(r, p) * B(p, j)}, or {@code C[r][j] += ...} when {@code add}, for r < mr, j < nr,
     * where {@code A(r, p) = a[aOff + r*aRow + p*aStep]} and {@code B(p, j) = b[bOff + p*bStep + j]}. Row r of
     * C starts at {@code c[cOff + r*ldc]}, or at {@code c[cRows[rowAt + r] + cOff]} when {@code cRows} is given;
     * rows are written in order, so they may overlap. Scaling C is the caller's (rare) business, which keeps
     * this loop small enough for the JIT to compile whole.
     */
    abstract void tile(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff, int bStep, float[] c,
                       int cOff, int ldc, int[] cRows, int rowAt, boolean add);

    /**
     * {@code C[r][j] = sum_p a[aOff + r*lda + p] * b[bOff + bRows[p] + j]} for r < mr, j < nr: a tile whose B rows
     * lie wherever {@code bRows} says, so a convolution can read its taps straight from a padded plane
     * ({@link Conv2dTaps}). C is written, not added to.
     */
    abstract void tileOverRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int[] bRows, float[] c,
                               int cOff, int ldc);

    /**
     * {@code C[r][j] = alpha * T[r][j] + beta * C[r][j]} for r < rows, j < cols, with {@code T[r][j] = t[tAt +
     * r*ldt + j]} and {@code C[r][j] = c[cAt + r*ldc + j]}; C is not read when beta is 0. Rows are done in
     * order, so rows of C may overlap (adding a convolution's column rows back into its input relies on it).
     */
    abstract void merge(float[] t, int tAt, int ldt, int rows, int cols, float alpha, float beta, float[] c, int cAt,
               int ldc);

    /** {@code sums[r*dotCols + j] = sum_{p<k} a[aRows[r] + p] * b[bRows[j] + p]}. */
    abstract void dots(int k, float[] a, int[] aRows, float[] b, int[] bRows, float[] sums);

    /**
     * {@link #dots} summed over {@code segments} pieces of k steps each, the rows of piece s starting
     * {@code s*aStep} and {@code s*bStep} further on: {@code sums[r*dotCols + j] = sum_{s<segments} sum_{p<k}
     * a[aRows[r] + s*aStep + p] * b[bRows[j] + s*bStep + p]}. A convolution's filter gradient reads the images
     * of a chunk this way, straight from the input, with no column matrix.
     */
    abstract void dots(int k, int segments, int aStep, int bStep, float[] a, int[] aRows, float[] b, int[] bRows,
                       float[] sums);
}
