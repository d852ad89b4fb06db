package dev.blitz.backend.cpu;

/**
 * The float32 SUM, MAX, MIN, ARGMAX and ARGMIN of {@link ReduceCpu} on vectors: a contiguous run (one block of a
 * last-axis reduction) folded at once, and a row of lanes (one step of any other axis) folded into partial
 * results. Each gives exactly what its caller's fixed order asks for, except that a run's sum adds its terms in
 * another fixed order (float64 partial sums over vector lanes), so results still never depend on threads. Null
 * without the Vector API: {@link ReduceCpu} then folds in scalar loops.
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
     * {@code acc[at + j] += x[from + j]} for {@code j < n} in float64, or {@code acc[at + j] = x[from + j]} when
     * {@code first}.
     */
    abstract void sumRow(float[] x, int from, double[] acc, int at, int n, boolean first);

    /**
     * Row {@code k} into the running extremes: where {@code x[from + j]} is a NaN and {@code best[at + j]} is not,
     * or is strictly beyond it, it replaces it and {@code arg[at + j] = k}; when {@code first} every lane starts
     * from the row.
     */
    abstract void argRow(float[] x, int from, double[] best, long[] arg, int at, int n, int k, boolean first,
                         boolean min);
}
