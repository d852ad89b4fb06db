package dev.blitz.backend.cpu;

/**
 * The register-blocked inner loops of the GEMM, in two shapes. {@link #tile} is the outer-product kernel: an
 * {@code mr × nr} tile of C from k steps of (mr values of A) × (nr contiguous values of B), each operand read
 * through strides so that packed panels and plain row-major matrices both work. {@link #dots} is the
 * inner-product kernel for {@code A · B^T} with long rows: {@code dotRows × dotCols} dot products of
 * contiguous rows, no packing at all. {@link BlockedGemm} and {@link DotGemm} drive them.
 */
abstract class GemmKernel {
    /** Rows and columns of a {@link #tile}, of a {@link #dots} block and of a {@link #segmentedDots} block. */
    final int mr;
    final int nr;
    final int dotRows;
    final int dotCols;
    final int segmentedRows;
    final int segmentedCols;
    /** Partial sums a {@link #segmentedDots} dot product keeps: one per vector lane. */
    final int lanes;

    GemmKernel(int mr, int nr, int dotRows, int dotCols, int segmentedRows, int segmentedCols, int lanes) {
        this.mr = mr;
        this.nr = nr;
        this.dotRows = dotRows;
        this.dotCols = dotCols;
        this.segmentedRows = segmentedRows;
        this.segmentedCols = segmentedCols;
        this.lanes = lanes;
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

    /**
     * {@code C[r][j] = T[r][j] + bias} for r < rows, j < cols, as in {@link #merge}: a convolution's tile rows, in
     * the padded pitch, copied out to its output with the bias added.
     */
    abstract void copyPlus(float[] t, int tAt, int ldt, int rows, int cols, float bias, float[] c, int cAt, int ldc);

    /** {@code sums[r*dotCols + j] = sum_{p<k} a[aRows[r] + p] * b[bRows[j] + p]}. */
    abstract void dots(int k, float[] a, int[] aRows, float[] b, int[] bRows, float[] sums);

    /**
     * A block of {@code segmentedRows × segmentedCols} dot products, each over {@code segments} pieces of k steps,
     * the rows of piece s starting {@code s*aStep} and {@code s*bStep} further on, added to partial sums kept in
     * memory: dot (r, j) has {@link #lanes} of them from {@code acc[accAt[r*segmentedCols + j]]}, lane l taking the
     * products {@code a[aRows[r] + s*aStep + p] * b[bRows[j] + s*bStep + p]} with {@code p % lanes == l}, summed in
     * the same order every time; {@link #sumLanes} adds the lanes up. A convolution's filter gradient sums a whole
     * batch this way, chunk by chunk, straight from the input, and folds each dot product's lanes once at the end
     * rather than after every chunk, which pays for a larger block.
     */
    abstract void segmentedDots(int k, int segments, int aStep, int bStep, float[] a, int[] aRows, float[] b,
                                int[] bRows, float[] acc, int[] accAt);

    /** The sum of the {@link #lanes} partial sums from {@code acc[at]}, added in a fixed order. */
    abstract float sumLanes(float[] acc, int at);
}
