package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.Strided;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;

/**
 * The elementwise ops of {@link UnaryOp} over a view, a row at a time (a strided row is gathered first). float64
 * follows the formula of {@link UnaryOp#apply} ({@link ScalarUnary}); float32 rounds it once, through
 * {@link UnaryKernel#BEST}, where EXP, LOG, TANH and SIGMOID are within 1 ulp of that with the Vector API (see
 * {@link VectorUnary}); POW with exponent 2 is exactly {@code x * x}. int64 computes the ops
 * it takes in exact integer arithmetic; the bool ops take every dtype. Large views split over threads.
 */
final class UnaryCpu {
    private UnaryCpu() {
    }

    /**
     * {@code out[i] = op(x[i]; alpha, beta)} over {@code dims}, as {@link dev.blitz.backend.Backend#unary}.
     *
     * @throws IllegalArgumentException for an op the input's dtype does not take
     */
    static void unary(UnaryOp op, Strided x, double alpha, double beta, Buffer out, int[] dims) {
        unary(op, x, alpha, beta, out, dims, UnaryKernel.BEST);
    }

    /** {@link #unary} with the float ops on {@code kernel} (tests compare the kernels). */
    static void unary(UnaryOp op, Strided x, double alpha, double beta, Buffer out, int[] dims, UnaryKernel kernel) {
        StridedWalk walk = StridedWalk.of(dims, x);
        int sx = walk.rowStride(0);
        DType type = x.buffer().dtype();
        // Per element: a streamed value for the cheap ops, twice that for vector math, ten times for Math's.
        boolean cheap = op.takesIntegers() || op == UnaryOp.SQRT || (op == UnaryOp.POW && alpha == 2);
        boolean vector = type == DType.FLOAT32 && kernel != ScalarUnary.INSTANCE && op != UnaryOp.POW
                && op != UnaryOp.SIN && op != UnaryOp.COS;
        long work = cheap ? 1 : vector ? 2 : 10;
        if (op.resultIsBool()) {
            Object in = CpuBuffer.array(x.buffer());
            boolean[] o = CpuBuffer.b8(out);
            walk.run(work, (at, len, from) -> test(op, in, from[0], sx, o, at, len));
            return;
        }
        // A strided row is copied into its place in out (which then cannot be x's buffer) and mapped there.
        switch (type) {
            case FLOAT32 -> {
                float[] in = CpuBuffer.of(x.buffer());
                float[] o = CpuBuffer.of(out);
                walk.run(work, (at, len, from) -> {
                    int ix = from[0];
                    if (sx != 1) {
                        for (int i = 0; i < len; i++, ix += sx) {
                            o[at + i] = in[ix];
                        }
                    }
                    kernel.floats(op, sx == 1 ? in : o, sx == 1 ? from[0] : at, o, at, len, alpha, beta);
                });
            }
            case FLOAT64 -> {
                double[] in = CpuBuffer.f64(x.buffer());
                double[] o = CpuBuffer.f64(out);
                walk.run(work, (at, len, from) -> {
                    int ix = from[0];
                    if (sx != 1) {
                        for (int i = 0; i < len; i++, ix += sx) {
                            o[at + i] = in[ix];
                        }
                    }
                    ScalarUnary.doubles(op, sx == 1 ? in : o, sx == 1 ? from[0] : at, o, at, len, alpha, beta);
                });
            }
            case INT64 -> {
                if (!op.takesIntegers()) {
                    throw new IllegalArgumentException(op + " does not take " + type + " input");
                }
                long[] in = CpuBuffer.i64(x.buffer());
                long[] o = CpuBuffer.i64(out);
                // A whole-number bound: x >= 1.5 is x >= 2; an infinite one saturates to int64's range.
                long lo = (long) Math.ceil(alpha);
                long hi = (long) Math.floor(beta);
                walk.run(work, (at, len, from) -> {
                    for (int i = 0, ix = from[0]; i < len; i++, ix += sx) {
                        o[at + i] = apply(op, in[ix], lo, hi, (long) alpha, (long) beta);
                    }
                });
            }
            default -> throw new IllegalArgumentException(op + " does not take " + type + " input");
        }
    }

    private static long apply(UnaryOp op, long x, long lo, long hi, long alpha, long beta) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case RELU -> Math.max(x, 0);
            case CLAMP -> Math.min(Math.max(x, lo), hi);
            case AFFINE -> alpha * x + beta;
            default -> throw new IllegalStateException(op + " on int64");
        };
    }

    /** A bool op's row: floats through {@link UnaryOp#apply}; int64 and bool are never NaN and always finite. */
    private static void test(UnaryOp op, Object x, int ix, int sx, boolean[] o, int io, int len) {
        if (x instanceof float[] f) {
            for (int i = 0; i < len; i++, ix += sx) {
                o[io + i] = op.apply(f[ix], 0, 0) != 0;
            }
        } else if (x instanceof double[] d) {
            for (int i = 0; i < len; i++, ix += sx) {
                o[io + i] = op.apply(d[ix], 0, 0) != 0;
            }
        } else if (x instanceof long[] l) {
            for (int i = 0; i < len; i++, ix += sx) {
                o[io + i] = op == UnaryOp.LOGICAL_NOT ? l[ix] == 0 : op == UnaryOp.ISFINITE;
            }
        } else {
            boolean[] b = (boolean[]) x;
            for (int i = 0; i < len; i++, ix += sx) {
                o[io + i] = op == UnaryOp.LOGICAL_NOT ? !b[ix] : op == UnaryOp.ISFINITE;
            }
        }
    }
}
