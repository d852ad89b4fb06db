package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.ReduceOp;
import dev.blitz.core.DType;

/**
 * The reductions of {@link ReduceOp} along the middle axis of a buffer viewed as [outer, size, inner]. Each
 * output is folded in one fixed order: the axis is cut into blocks of {@link #BLOCK} positions, each block is
 * folded in increasing position, then the blocks' results in increasing block. Threads share out (outer, block,
 * chunk of {@link #CHUNK} lanes) triples, so results never depend on the thread count, and a long sum adds up
 * block-sized partial sums (its rounding error grows with {@code BLOCK + size / BLOCK}, not {@code size}). Along
 * the last axis ({@code inner == 1}) a block is one contiguous run; along another, a triple is read row by row,
 * each row of lanes contiguous. Float sums and products accumulate in float64, so float32 ones are rounded once
 * at the end; int64 and bool ones accumulate in int64 (wrapping on overflow, as PyTorch). MAX and MIN are the
 * values at ARGMAX and ARGMIN: the first extreme wins (of -0 and +0, whichever comes first), and the first NaN
 * beats every number. ALL and ANY fold 0/1 flags (nonzero, NaN included) as a product and a sum. float32 SUM, MAX,
 * MIN, ARGMAX and ARGMIN run on {@link FloatReduce#BEST} where the JVM has the Vector API: the same results,
 * except that the terms of a block along the last axis are added in another fixed order.
 */
final class ReduceCpu {
    /** Positions of the reduced axis per block: the unit of both the folding order and the work split. */
    static final int BLOCK = 1024;
    /** Lanes of one row folded at a time when the reduced axis is not the last one: the unit of its work split. */
    private static final int CHUNK = 1024;

    private enum Fold { SUM, PROD, ARG }

    private ReduceCpu() {
    }

    /**
     * {@code out[o * inner + i] = op over k of x[(o * size + k) * inner + i]}, as
     * {@link dev.blitz.backend.Backend#reduce}.
     *
     * @throws IllegalArgumentException if {@code out} is not of {@link ReduceOp#resultType}, or for MAX, MIN,
     *         ARGMAX and ARGMIN over an empty axis
     */
    static void reduce(ReduceOp op, Buffer x, int outer, int size, int inner, Buffer out) {
        reduce(op, x, outer, size, inner, out, FloatReduce.BEST);
    }

    /** {@link #reduce} with float32 SUM, MAX, MIN, ARGMAX and ARGMIN on {@code fast}, or scalar when it is null. */
    static void reduce(ReduceOp op, Buffer x, int outer, int size, int inner, Buffer out, FloatReduce fast) {
        DType type = op.resultType(x.dtype());
        if (out.dtype() != type) {
            throw new IllegalArgumentException(op + " of " + x.dtype() + " gives " + type + ", not " + out.dtype());
        }
        int lanes = outer * inner;
        if (lanes == 0) {
            return;
        }
        Fold fold = switch (op) {
            case SUM, ANY -> Fold.SUM;
            case PROD, ALL -> Fold.PROD;
            default -> Fold.ARG;
        };
        if (size == 0) {
            if (fold == Fold.ARG) {
                throw new IllegalArgumentException(op + " over an empty axis has no identity");
            }
            CopyCpu.fill(out, fold == Fold.PROD ? 1 : 0);
            return;
        }
        boolean flags = op == ReduceOp.ALL || op == ReduceOp.ANY;
        boolean floats = x.dtype().isFloatingPoint() && !flags;
        boolean min = op == ReduceOp.MIN || op == ReduceOp.ARGMIN;
        boolean vectorised = fast != null && x.dtype() == DType.FLOAT32 && floats && fold != Fold.PROD;
        float[] vectors = vectorised ? CpuBuffer.of(x) : null;
        int blocks = (size + BLOCK - 1) / BLOCK;
        int chunks = (inner + CHUNK - 1) / CHUNK;
        // One partial result per (outer, block, inner): block b of o's lanes at slot (o * blocks + b) * inner.
        int slots = lanes * blocks;
        double[] dv = floats ? new double[slots] : null;
        long[] lv = floats ? null : new long[slots];
        long[] arg = fold == Fold.ARG ? new long[slots] : null;
        Object in = CpuBuffer.array(x);
        // Work items are (outer, block, chunk of CHUNK lanes) triples, each read row by row.
        long work = (long) Math.min(size, BLOCK) * Math.min(inner, CHUNK);
        Parallel.forRange(outer * blocks * chunks, work, (part, from, to) -> {
            double[] ds = floats ? new double[Math.max(BLOCK, Math.min(inner, CHUNK))] : null;
            long[] ls = floats ? null : new long[Math.max(BLOCK, Math.min(inner, CHUNK))];
            for (int item = from; item < to; item++) {
                int t = item / chunks;
                int o = t / blocks;
                int k0 = t % blocks * BLOCK;
                int k1 = Math.min(size, k0 + BLOCK);
                if (inner == 1) {
                    int at = o * size + k0;
                    if (vectors != null && fold == Fold.SUM) {
                        dv[t] = fast.sum(vectors, at, k1 - k0);
                    } else if (vectors != null) {
                        int best = fast.arg(vectors, at, k1 - k0, min);
                        dv[t] = vectors[at + best];
                        arg[t] = k0 + best;
                    } else if (floats) {
                        load(in, at, k1 - k0, ds);
                        foldRun(fold, min, ds, k1 - k0, dv, arg, t, k0);
                    } else {
                        load(in, at, k1 - k0, ls, flags);
                        foldRun(fold, min, ls, k1 - k0, lv, arg, t, k0);
                    }
                    continue;
                }
                int i0 = item % chunks * CHUNK;
                int n = Math.min(CHUNK, inner - i0);
                int slot = t * inner + i0;
                int base = (o * size + k0) * inner + i0;
                if (vectors != null && fold == Fold.SUM) {
                    fast.sumRows(vectors, base, inner, k1 - k0, n, dv, slot);
                    continue;
                }
                if (vectors != null && fast.argRows(vectors, base, inner, k1 - k0, k0, n, dv, arg, slot, min)) {
                    continue;
                }
                for (int k = k0; k < k1; k++) {
                    int at = base + (k - k0) * inner;
                    if (floats) {
                        load(in, at, n, ds);
                        foldRow(fold, min, ds, n, dv, arg, slot, k, k == k0);
                    } else {
                        load(in, at, n, ls, flags);
                        foldRow(fold, min, ls, n, lv, arg, slot, k, k == k0);
                    }
                }
            }
        });
        Object result = CpuBuffer.array(out);
        Parallel.forRange(lanes, blocks, (part, from, to) -> {
            for (int q = from; q < to; q++) {
                int first = (q / inner * blocks) * inner + q % inner;
                for (int b = 1; b < blocks; b++) {
                    if (floats) {
                        merge(fold, min, dv, arg, first, first + b * inner);
                    } else {
                        merge(fold, min, lv, arg, first, first + b * inner);
                    }
                }
                if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
                    ((long[]) result)[q] = arg[first];
                } else if (floats) {
                    store(result, q, dv[first]);
                } else {
                    store(result, q, lv[first]);
                }
            }
        });
    }

    private static void load(Object x, int from, int n, double[] s) {
        if (x instanceof float[] f) {
            for (int j = 0; j < n; j++) {
                s[j] = f[from + j];
            }
        } else {
            System.arraycopy(x, from, s, 0, n);
        }
    }

    /** int64 values, bool as 0 and 1, or with {@code flags} any dtype as 1 where nonzero (NaN too), else 0. */
    private static void load(Object x, int from, int n, long[] s, boolean flags) {
        if (x instanceof long[] l) {
            if (!flags) {
                System.arraycopy(l, from, s, 0, n);
            } else {
                for (int j = 0; j < n; j++) {
                    s[j] = l[from + j] != 0 ? 1 : 0;
                }
            }
        } else if (x instanceof boolean[] b) {
            for (int j = 0; j < n; j++) {
                s[j] = b[from + j] ? 1 : 0;
            }
        } else if (x instanceof float[] f) {
            for (int j = 0; j < n; j++) {
                s[j] = f[from + j] != 0 ? 1 : 0;
            }
        } else {
            double[] d = (double[]) x;
            for (int j = 0; j < n; j++) {
                s[j] = d[from + j] != 0 ? 1 : 0;
            }
        }
    }

    /** Whether {@code v} replaces {@code best}: never once best is NaN, always for a NaN, else if strictly beyond. */
    private static boolean better(double v, double best, boolean min) {
        return best == best && (v != v || (min ? v < best : v > best));
    }

    private static boolean better(long v, long best, boolean min) {
        return min ? v < best : v > best;
    }

    /** Folds the values of one block of one lane, positions {@code k0, k0 + 1, ...}, into slot {@code at}. */
    private static void foldRun(Fold fold, boolean min, double[] s, int n, double[] acc, long[] arg, int at, int k0) {
        double a = s[0];
        int best = 0;
        switch (fold) {
            case SUM -> {
                // Four interleaved sums keep the adder busy; their order is fixed, so the result is too. They
                // start at -0, the exact identity of +, so a sum of -0s stays -0 as it does along other axes.
                double a1 = -0.0;
                double a2 = -0.0;
                double a3 = -0.0;
                int j = 1;
                for (; j + 3 < n; j += 4) {
                    a += s[j];
                    a1 += s[j + 1];
                    a2 += s[j + 2];
                    a3 += s[j + 3];
                }
                for (; j < n; j++) {
                    a += s[j];
                }
                a = (a + a1) + (a2 + a3);
            }
            case PROD -> {
                for (int j = 1; j < n; j++) {
                    a *= s[j];
                }
            }
            case ARG -> {
                for (int j = 1; j < n; j++) {
                    if (better(s[j], a, min)) {
                        a = s[j];
                        best = j;
                    }
                }
            }
        }
        acc[at] = a;
        if (arg != null) {
            arg[at] = k0 + best;
        }
    }

    private static void foldRun(Fold fold, boolean min, long[] s, int n, long[] acc, long[] arg, int at, int k0) {
        long a = s[0];
        int best = 0;
        switch (fold) {
            case SUM -> {
                for (int j = 1; j < n; j++) {
                    a += s[j];
                }
            }
            case PROD -> {
                for (int j = 1; j < n; j++) {
                    a *= s[j];
                }
            }
            case ARG -> {
                for (int j = 1; j < n; j++) {
                    if (better(s[j], a, min)) {
                        a = s[j];
                        best = j;
                    }
                }
            }
        }
        acc[at] = a;
        if (arg != null) {
            arg[at] = k0 + best;
        }
    }

    /** Folds row {@code k} of {@code n} lanes into slots {@code at...}, or starts them with it when {@code first}. */
    private static void foldRow(Fold fold, boolean min, double[] s, int n, double[] acc, long[] arg, int at, int k,
                                boolean first) {
        if (first) {
            System.arraycopy(s, 0, acc, at, n);
            if (arg != null) {
                java.util.Arrays.fill(arg, at, at + n, k);
            }
            return;
        }
        switch (fold) {
            case SUM -> {
                for (int j = 0; j < n; j++) {
                    acc[at + j] += s[j];
                }
            }
            case PROD -> {
                for (int j = 0; j < n; j++) {
                    acc[at + j] *= s[j];
                }
            }
            case ARG -> {
                for (int j = 0; j < n; j++) {
                    if (better(s[j], acc[at + j], min)) {
                        acc[at + j] = s[j];
                        arg[at + j] = k;
                    }
                }
            }
        }
    }

    private static void foldRow(Fold fold, boolean min, long[] s, int n, long[] acc, long[] arg, int at, int k,
                                boolean first) {
        if (first) {
            System.arraycopy(s, 0, acc, at, n);
            if (arg != null) {
                java.util.Arrays.fill(arg, at, at + n, k);
            }
            return;
        }
        switch (fold) {
            case SUM -> {
                for (int j = 0; j < n; j++) {
                    acc[at + j] += s[j];
                }
            }
            case PROD -> {
                for (int j = 0; j < n; j++) {
                    acc[at + j] *= s[j];
                }
            }
            case ARG -> {
                for (int j = 0; j < n; j++) {
                    if (better(s[j], acc[at + j], min)) {
                        acc[at + j] = s[j];
                        arg[at + j] = k;
                    }
                }
            }
        }
    }

    /** Folds a later block's partial result (slot {@code from}) into the lane's first (slot {@code into}). */
    private static void merge(Fold fold, boolean min, double[] acc, long[] arg, int into, int from) {
        switch (fold) {
            case SUM -> acc[into] += acc[from];
            case PROD -> acc[into] *= acc[from];
            case ARG -> {
                if (better(acc[from], acc[into], min)) {
                    acc[into] = acc[from];
                    arg[into] = arg[from];
                }
            }
        }
    }

    private static void merge(Fold fold, boolean min, long[] acc, long[] arg, int into, int from) {
        switch (fold) {
            case SUM -> acc[into] += acc[from];
            case PROD -> acc[into] *= acc[from];
            case ARG -> {
                if (better(acc[from], acc[into], min)) {
                    acc[into] = acc[from];
                    arg[into] = arg[from];
                }
            }
        }
    }

    private static void store(Object out, int q, double v) {
        if (out instanceof float[] f) {
            f[q] = (float) v;
        } else {
            ((double[]) out)[q] = v;
        }
    }

    private static void store(Object out, int q, long v) {
        if (out instanceof long[] l) {
            l[q] = v;
        } else {
            ((boolean[]) out)[q] = v != 0;
        }
    }
}
