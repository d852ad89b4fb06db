package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.Strided;

import java.util.Arrays;

/**
 * Moving elements of any dtype: copies between views, conversions between dtypes, fills and single reads. Rows
 * that are contiguous on both sides go through {@code System.arraycopy}; large copies split over threads.
 */
final class CopyCpu {
    private CopyCpu() {
    }

    /**
     * Copies the view {@code src} into the view {@code dst} over {@code dims}, as
     * {@link dev.blitz.backend.Backend#copyStrided}.
     *
     * @throws IllegalArgumentException if the views' dtypes differ
     */
    static void copyStrided(Strided src, Strided dst, int[] dims) {
        sameType("copyStrided", src.buffer(), dst.buffer());
        StridedWalk walk = StridedWalk.of(dims, src, dst);
        int ss = walk.rowStride(0);
        int ds = walk.rowStride(1);
        Object s = CpuBuffer.array(src.buffer());
        Object d = CpuBuffer.array(dst.buffer());
        walk.run(1, (at, len, from) -> {
            if (ss == 1 && ds == 1) {
                System.arraycopy(s, from[0], d, from[1], len);
            } else {
                row(s, from[0], ss, d, from[1], ds, len);
            }
        });
    }

    private static void row(Object src, int is, int ss, Object dst, int id, int ds, int len) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < len; i++, is += ss, id += ds) {
                d[id] = s[is];
            }
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < len; i++, is += ss, id += ds) {
                d[id] = s[is];
            }
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < len; i++, is += ss, id += ds) {
                d[id] = s[is];
            }
        } else {
            boolean[] s = (boolean[]) src;
            boolean[] d = (boolean[]) dst;
            for (int i = 0; i < len; i++, is += ss, id += ds) {
                d[id] = s[is];
            }
        }
    }

    /**
     * Converts {@code src} into {@code dst}'s dtype, as {@link dev.blitz.backend.Backend#cast}, with Java's
     * conversions: int64 to float rounds to nearest; float to int64 truncates toward zero, saturates at int64's
     * range and turns NaN into 0 (where PyTorch's result is undefined); to bool is {@code != 0}, so NaN is true.
     */
    static void cast(Buffer src, Buffer dst) {
        Object s = CpuBuffer.array(src);
        Object d = CpuBuffer.array(dst);
        Parallel.forRange(src.length(), 1, (part, from, to) -> cast(s, d, from, to));
    }

    private static void cast(Object src, Object dst, int from, int to) {
        if (src.getClass() == dst.getClass()) {
            System.arraycopy(src, from, dst, from, to - from);
        } else if (src instanceof float[] s) {
            if (dst instanceof double[] d) {
                for (int i = from; i < to; i++) {
                    d[i] = s[i];
                }
            } else if (dst instanceof long[] d) {
                for (int i = from; i < to; i++) {
                    d[i] = (long) s[i];
                }
            } else {
                boolean[] d = (boolean[]) dst;
                for (int i = from; i < to; i++) {
                    d[i] = s[i] != 0;
                }
            }
        } else if (src instanceof double[] s) {
            if (dst instanceof float[] d) {
                for (int i = from; i < to; i++) {
                    d[i] = (float) s[i];
                }
            } else if (dst instanceof long[] d) {
                for (int i = from; i < to; i++) {
                    d[i] = (long) s[i];
                }
            } else {
                boolean[] d = (boolean[]) dst;
                for (int i = from; i < to; i++) {
                    d[i] = s[i] != 0;
                }
            }
        } else if (src instanceof long[] s) {
            if (dst instanceof float[] d) {
                for (int i = from; i < to; i++) {
                    d[i] = s[i];
                }
            } else if (dst instanceof double[] d) {
                for (int i = from; i < to; i++) {
                    d[i] = s[i];
                }
            } else {
                boolean[] d = (boolean[]) dst;
                for (int i = from; i < to; i++) {
                    d[i] = s[i] != 0;
                }
            }
        } else {
            boolean[] s = (boolean[]) src;
            if (dst instanceof float[] d) {
                for (int i = from; i < to; i++) {
                    d[i] = s[i] ? 1 : 0;
                }
            } else if (dst instanceof double[] d) {
                for (int i = from; i < to; i++) {
                    d[i] = s[i] ? 1 : 0;
                }
            } else {
                long[] d = (long[]) dst;
                for (int i = from; i < to; i++) {
                    d[i] = s[i] ? 1 : 0;
                }
            }
        }
    }

    /** Sets every element of {@code dst} to {@code value} converted to its dtype, as {@link #cast} converts. */
    static void fill(Buffer dst, double value) {
        Object d = CpuBuffer.array(dst);
        if (d instanceof float[] a) {
            Arrays.fill(a, (float) value);
        } else if (d instanceof double[] a) {
            Arrays.fill(a, value);
        } else if (d instanceof long[] a) {
            Arrays.fill(a, (long) value);
        } else {
            Arrays.fill((boolean[]) d, value != 0);
        }
    }

    /**
     * Copies all of {@code src} into {@code dst}.
     *
     * @throws IllegalArgumentException if their dtypes differ
     */
    static void copy(Buffer src, Buffer dst) {
        sameType("copy", src, dst);
        System.arraycopy(CpuBuffer.array(src), 0, CpuBuffer.array(dst), 0, src.length());
    }

    /** Element {@code index} of a buffer of any dtype, as a float (bool: 1 or 0). */
    static float read(Buffer src, int index) {
        Object a = CpuBuffer.array(src);
        if (a instanceof float[] f) {
            return f[index];
        }
        if (a instanceof double[] d) {
            return (float) d[index];
        }
        if (a instanceof long[] l) {
            return l[index];
        }
        return ((boolean[]) a)[index] ? 1f : 0f;
    }

    private static void sameType(String what, Buffer src, Buffer dst) {
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException(what + " from " + src.dtype() + " to " + dst.dtype()
                    + ": both buffers must have one dtype (cast converts)");
        }
    }
}
