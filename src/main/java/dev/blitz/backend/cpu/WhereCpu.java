package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.Strided;

/** {@code out = cond ? a : b} elementwise over views, for every dtype; large views split over threads. */
final class WhereCpu {
    private WhereCpu() {
    }

    /**
     * {@code out[i] = cond[i] ? a[i] : b[i]} over {@code dims}, as {@link dev.blitz.backend.Backend#where}.
     *
     * @throws IllegalArgumentException if {@code a}, {@code b} and {@code out} do not have one dtype
     */
    static void where(Strided cond, Strided a, Strided b, Buffer out, int[] dims) {
        if (a.buffer().dtype() != out.dtype() || b.buffer().dtype() != out.dtype()) {
            throw new IllegalArgumentException("where: values of " + a.buffer().dtype() + " and "
                    + b.buffer().dtype() + " into " + out.dtype() + "; all three must have one dtype");
        }
        StridedWalk walk = StridedWalk.of(dims, cond, a, b);
        int sc = walk.rowStride(0);
        int sa = walk.rowStride(1);
        int sb = walk.rowStride(2);
        boolean[] c = CpuBuffer.b8(cond.buffer());
        Object x = CpuBuffer.array(a.buffer());
        Object y = CpuBuffer.array(b.buffer());
        Object o = CpuBuffer.array(out);
        walk.run(1, (at, len, from) -> row(c, from[0], sc, x, from[1], sa, y, from[2], sb, o, at, len));
    }

    private static void row(boolean[] c, int ic, int sc, Object x, int ia, int sa, Object y, int ib, int sb,
                            Object out, int io, int len) {
        if (out instanceof float[] o) {
            float[] a = (float[]) x;
            float[] b = (float[]) y;
            for (int i = 0; i < len; i++, ic += sc, ia += sa, ib += sb) {
                o[io + i] = c[ic] ? a[ia] : b[ib];
            }
        } else if (out instanceof double[] o) {
            double[] a = (double[]) x;
            double[] b = (double[]) y;
            for (int i = 0; i < len; i++, ic += sc, ia += sa, ib += sb) {
                o[io + i] = c[ic] ? a[ia] : b[ib];
            }
        } else if (out instanceof long[] o) {
            long[] a = (long[]) x;
            long[] b = (long[]) y;
            for (int i = 0; i < len; i++, ic += sc, ia += sa, ib += sb) {
                o[io + i] = c[ic] ? a[ia] : b[ib];
            }
        } else {
            boolean[] o = (boolean[]) out;
            boolean[] a = (boolean[]) x;
            boolean[] b = (boolean[]) y;
            for (int i = 0; i < len; i++, ic += sc, ia += sa, ib += sb) {
                o[io + i] = c[ic] ? a[ia] : b[ib];
            }
        }
    }
}
