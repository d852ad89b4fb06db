package dev.blitz.backend.cpu;

/**
 * The float32 SUM, MAX, MIN, ARGMAX and ARGMIN of {@link ReduceCpu} on vectors: a contiguous run (one block of a
 * last-axis reduction) folded at once, and a tile of rows (one block of another axis, a chunk of its lanes)
 * folded lane by lane. Each gives what the scalar folds give, except that a run's sum adds its terms in another
 * fixed order (float64 partial sums over vector lanes), so results still never depend on threads. Null without
 * the Vector API: {@link ReduceCpu} then folds in scalar loops.
 */
abstract class FloatReduce {
    /** The Vector API kernel when the JVM has the module, else null. */
    static final FloatReduce BEST = VectorApi.load("VectorFloatReduce", FloatReduce.class, null);

    /** The sum of {@code x[from, from + n)} in float64, {@code n >= 1}; -0 if every term is -0. */
    abstract double sum(float[] x, int from, int n);

    /**
     * Where in {@code x[from, from + n)} the first largest value is (the first smallest when {@code min}), or the
     * first NaN if there is one, counted from {@code from}; {@code n >= 1}.
     */
    abstract int arg(float[] x, int from, int n, boolean min);

    /**
     * {@code acc[at + j] = x[base + j] + x[base + stride + j] + ...} over {@code rows >= 1} rows, for
     * {@code j < n}, added in float64 in row order.
     */
    abstract void sumRows(float[] x, int base, int stride, int rows, int n, double[] acc, int at);

    /**
     * For each lane {@code j < n} of {@code 1 <= rows < 2^24} rows ({@code x[base + r * stride + j]}), the first
     * largest value (the first smallest when {@code min}) into {@code best[at + j]} and its row plus {@code k0}
     * into {@code arg[at + j]}; returns false, having written nothing useful, if a lane holds a NaN.
     */
    abstract boolean argRows(float[] x, int base, int stride, int rows, int k0, int n, double[] best, long[] arg,
                             int at, boolean min);
}
