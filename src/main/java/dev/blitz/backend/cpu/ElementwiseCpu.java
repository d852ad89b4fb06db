package dev.blitz.backend.cpu;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.Strided;
import dev.blitz.core.DType;

/**
 * Elementwise kernels: broadcasting binary ops over views, affine maps and axpy; large arrays split over threads.
 * float32 ADD, SUB, MUL and DIV have loops of their own for rows whose output and left operand are at one
 * position and whose right operand is there too (same-shape contiguous operands, an in-place update) or a
 * broadcast scalar (a channel's bias, a tensor-scalar op): C2 vectorises a loop only when all its arrays share one
 * index, and these run about five times faster than the strided loop. Rows of two contiguous operands elsewhere (a
 * bias over rows) get an unvectorised unit-stride loop, still about three times faster than the strided one.
 */
final class ElementwiseCpu {
    private ElementwiseCpu() {
    }

    /**
     * {@code out[i] = op(a[i], b[i])} over {@code dims}, as {@link dev.blitz.backend.Backend#binary}: float32,
     * float64 or int64 operands (bool too for comparisons), whose result is their dtype, or bool for comparisons.
     *
     * @throws IllegalArgumentException for operands of two dtypes, or arithmetic on bool
     */
    static void binary(BinaryOp op, Strided a, Strided b, Buffer out, int[] dims) {
        DType type = a.buffer().dtype();
        if (b.buffer().dtype() != type) {
            throw new IllegalArgumentException(op + " of " + type + " and " + b.buffer().dtype()
                    + ": the operands must have one dtype");
        }
        StridedWalk walk = StridedWalk.of(dims, a, b);
        int sa = walk.rowStride(0);
        int sb = walk.rowStride(1);
        long work = op == BinaryOp.POW ? 20 : 1;
        if (op.isComparison()) {
            Object x = CpuBuffer.array(a.buffer());
            Object y = CpuBuffer.array(b.buffer());
            boolean[] o = CpuBuffer.b8(out);
            walk.run(work, (at, len, from) -> compare(op, x, from[0], sa, y, from[1], sb, o, at, len));
            return;
        }
        switch (type) {
            case FLOAT32 -> {
                float[] x = CpuBuffer.of(a.buffer());
                float[] y = CpuBuffer.of(b.buffer());
                float[] o = CpuBuffer.of(out);
                if (walk.rank() == 2) {
                    matrix(op, walk, work, x, y, o);
                } else {
                    walk.run(work, (at, len, from) -> row(op, x, from[0], sa, y, from[1], sb, o, at, len));
                }
            }
            case FLOAT64 -> {
                double[] x = CpuBuffer.f64(a.buffer());
                double[] y = CpuBuffer.f64(b.buffer());
                double[] o = CpuBuffer.f64(out);
                walk.run(work, (at, len, from) -> {
                    for (int i = 0, ix = from[0], iy = from[1]; i < len; i++, ix += sa, iy += sb) {
                        o[at + i] = op.apply(x[ix], y[iy]);
                    }
                });
            }
            case INT64 -> {
                long[] x = CpuBuffer.i64(a.buffer());
                long[] y = CpuBuffer.i64(b.buffer());
                long[] o = CpuBuffer.i64(out);
                walk.run(work, (at, len, from) -> {
                    for (int i = 0, ix = from[0], iy = from[1]; i < len; i++, ix += sa, iy += sb) {
                        o[at + i] = op.apply(x[ix], y[iy]);
                    }
                });
            }
            default -> throw new IllegalArgumentException(op + " does not take " + type + " operands");
        }
    }

    /**
     * float32 over two merged dimensions, a row at a time without the walk's call per row: the hot case is a bias
     * added to a batch of rows, which can be as short as a classifier's 10 outputs.
     */
    private static void matrix(BinaryOp op, StridedWalk walk, long work, float[] x, float[] y, float[] o) {
        int inner = walk.size(1);
        int ra = walk.stride(0, 0);
        int sa = walk.stride(0, 1);
        int rb = walk.stride(1, 0);
        int sb = walk.stride(1, 1);
        int a0 = walk.offset(0);
        int b0 = walk.offset(1);
        Parallel.forRange(walk.size(0), work * inner, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                row(op, x, a0 + r * ra, sa, y, b0 + r * rb, sb, o, r * inner, inner);
            }
        });
    }

    private static void row(BinaryOp op, float[] x, int ix, int sx, float[] y, int iy, int sy, float[] o, int io,
                            int len) {
        switch (op) {
            case ADD -> add(x, ix, sx, y, iy, sy, o, io, len);
            case SUB -> sub(x, ix, sx, y, iy, sy, o, io, len);
            case MUL -> mul(x, ix, sx, y, iy, sy, o, io, len);
            case DIV -> div(x, ix, sx, y, iy, sy, o, io, len);
            default -> {
                for (int i = 0; i < len; i++, ix += sx, iy += sy) {
                    o[io + i] = op.apply(x[ix], y[iy]);
                }
            }
        }
    }

    private static void add(float[] x, int ix, int sx, float[] y, int iy, int sy, float[] o, int io, int len) {
        int end = io + len;
        if (sx == 1 && sy == 1 && ix == io && iy == io) {
            for (int i = io; i < end; i++) {
                o[i] = x[i] + y[i];
            }
        } else if (sx == 1 && sy == 0 && ix == io) {
            float v = y[iy];
            for (int i = io; i < end; i++) {
                o[i] = x[i] + v;
            }
        } else if (sx == 1 && sy == 1) {
            for (int i = 0; i < len; i++) {
                o[io + i] = x[ix + i] + y[iy + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                o[io + i] = x[ix + i * sx] + y[iy + i * sy];
            }
        }
    }

    private static void sub(float[] x, int ix, int sx, float[] y, int iy, int sy, float[] o, int io, int len) {
        int end = io + len;
        if (sx == 1 && sy == 1 && ix == io && iy == io) {
            for (int i = io; i < end; i++) {
                o[i] = x[i] - y[i];
            }
        } else if (sx == 1 && sy == 0 && ix == io) {
            float v = y[iy];
            for (int i = io; i < end; i++) {
                o[i] = x[i] - v;
            }
        } else if (sx == 1 && sy == 1) {
            for (int i = 0; i < len; i++) {
                o[io + i] = x[ix + i] - y[iy + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                o[io + i] = x[ix + i * sx] - y[iy + i * sy];
            }
        }
    }

    private static void mul(float[] x, int ix, int sx, float[] y, int iy, int sy, float[] o, int io, int len) {
        int end = io + len;
        if (sx == 1 && sy == 1 && ix == io && iy == io) {
            for (int i = io; i < end; i++) {
                o[i] = x[i] * y[i];
            }
        } else if (sx == 1 && sy == 0 && ix == io) {
            float v = y[iy];
            for (int i = io; i < end; i++) {
                o[i] = x[i] * v;
            }
        } else if (sx == 1 && sy == 1) {
            for (int i = 0; i < len; i++) {
                o[io + i] = x[ix + i] * y[iy + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                o[io + i] = x[ix + i * sx] * y[iy + i * sy];
            }
        }
    }

    private static void div(float[] x, int ix, int sx, float[] y, int iy, int sy, float[] o, int io, int len) {
        int end = io + len;
        if (sx == 1 && sy == 1 && ix == io && iy == io) {
            for (int i = io; i < end; i++) {
                o[i] = x[i] / y[i];
            }
        } else if (sx == 1 && sy == 0 && ix == io) {
            float v = y[iy];
            for (int i = io; i < end; i++) {
                o[i] = x[i] / v;
            }
        } else if (sx == 1 && sy == 1) {
            for (int i = 0; i < len; i++) {
                o[io + i] = x[ix + i] / y[iy + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                o[io + i] = x[ix + i * sx] / y[iy + i * sy];
            }
        }
    }

    /** A comparison row of any dtype into bool; NaN compares unequal to everything, bool compares as 0 and 1. */
    private static void compare(BinaryOp op, Object x, int ix, int sx, Object y, int iy, int sy, boolean[] o,
                                int io, int len) {
        if (x instanceof float[] fx) {
            float[] fy = (float[]) y;
            for (int i = 0; i < len; i++, ix += sx, iy += sy) {
                o[io + i] = op.test(fx[ix], fy[iy]);
            }
        } else if (x instanceof double[] dx) {
            double[] dy = (double[]) y;
            for (int i = 0; i < len; i++, ix += sx, iy += sy) {
                o[io + i] = op.test(dx[ix], dy[iy]);
            }
        } else if (x instanceof long[] lx) {
            long[] ly = (long[]) y;
            for (int i = 0; i < len; i++, ix += sx, iy += sy) {
                o[io + i] = op.apply(lx[ix], ly[iy]) != 0;
            }
        } else {
            boolean[] bx = (boolean[]) x;
            boolean[] by = (boolean[]) y;
            for (int i = 0; i < len; i++, ix += sx, iy += sy) {
                o[io + i] = op.apply(bx[ix] ? 1L : 0L, by[iy] ? 1L : 0L) != 0;
            }
        }
    }

    /** {@code o = alpha * x + beta} in float32; {@code o} may be {@code x}. */
    static void affine(float[] x, float alpha, float beta, float[] o) {
        Parallel.forRange(o.length, 1, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                o[i] = alpha * x[i] + beta;
            }
        });
    }

    /** {@code y += alpha * x} in float32. */
    static void axpy(float alpha, float[] x, float[] y) {
        Parallel.forRange(y.length, 1, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] += alpha * x[i];
            }
        });
    }
}
