package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;

/**
 * Indexing kernels with int64 indices: {@code index_select} and its backward {@code index_add_}, {@code gather}
 * and its backward {@code scatter_} / {@code scatter_add_}. Indices are trusted (checked above). Writes that can
 * collide (repeated indices) are made by one thread, in increasing position, so results never depend on the
 * thread count.
 */
final class IndexCpu {
    /** Lanes of a row one {@link #indexAdd} task adds. */
    private static final int CHUNK = 1024;

    private IndexCpu() {
    }

    /**
     * {@code out[o, j, i] = x[o, index[j], i]}, as {@link dev.blitz.backend.Backend#indexSelect}; any dtype.
     *
     * @throws IllegalArgumentException if {@code x} and {@code out} differ in dtype
     */
    static void indexSelect(Buffer x, int outer, int size, int inner, Buffer index, Buffer out) {
        sameType("indexSelect", x, out);
        long[] idx = CpuBuffer.i64(index);
        int n = idx.length;
        Object src = CpuBuffer.array(x);
        Object dst = CpuBuffer.array(out);
        Parallel.forRange(outer * n, inner, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r / n;
                System.arraycopy(src, (o * size + (int) idx[r % n]) * inner, dst, r * inner, inner);
            }
        });
    }

    /**
     * {@code out[o, index[j], i] += src[o, j, i]}, as {@link dev.blitz.backend.Backend#indexAdd}: float32 or
     * float64, repeated indices adding up in increasing {@code j}. Threads take (o, block of i) pairs.
     *
     * @throws IllegalArgumentException for another dtype, or if {@code src} and {@code out} differ in it
     */
    static void indexAdd(Buffer src, int outer, int size, int inner, Buffer index, Buffer out) {
        sameType("indexAdd", src, out);
        floatsOnly("indexAdd", src);
        long[] idx = CpuBuffer.i64(index);
        int n = idx.length;
        int chunks = (inner + CHUNK - 1) / CHUNK;
        Object s = CpuBuffer.array(src);
        Object d = CpuBuffer.array(out);
        Parallel.forRange(outer * chunks, (long) n * Math.min(inner, CHUNK), (part, from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t / chunks;
                int i0 = t % chunks * CHUNK;
                int len = Math.min(CHUNK, inner - i0);
                for (int j = 0; j < n; j++) {
                    int at = (o * n + j) * inner + i0;
                    int into = (o * size + (int) idx[j]) * inner + i0;
                    if (s instanceof float[] f) {
                        float[] g = (float[]) d;
                        for (int i = 0; i < len; i++) {
                            g[into + i] += f[at + i];
                        }
                    } else {
                        double[] f = (double[]) s;
                        double[] g = (double[]) d;
                        for (int i = 0; i < len; i++) {
                            g[into + i] += f[at + i];
                        }
                    }
                }
            }
        });
    }

    /**
     * {@code out[c] = x[c with c[dim] replaced by index[c]]} over {@code indexDims}, as
     * {@link dev.blitz.backend.Backend#gather}; any dtype.
     *
     * @throws IllegalArgumentException if {@code x} and {@code out} differ in dtype
     */
    static void gather(Buffer x, int[] xDims, Buffer index, int[] indexDims, int dim, Buffer out) {
        sameType("gather", x, out);
        if (indexDims.length == 0) {
            // A scalar is a one-element vector here: its only index is 0.
            xDims = new int[] {1};
            indexDims = new int[] {1};
        }
        int[] xStrides = contiguous(xDims);
        int step = xStrides[dim];
        xStrides[dim] = 0;
        // Operand 0 walks the indices, operand 1 x at the index's coordinates with c[dim] = 0.
        StridedWalk walk = new StridedWalk(indexDims, new int[2], contiguous(indexDims), xStrides);
        int si = walk.rowStride(0);
        int sx = walk.rowStride(1);
        long[] idx = CpuBuffer.i64(index);
        Object src = CpuBuffer.array(x);
        Object dst = CpuBuffer.array(out);
        walk.run(2, (at, len, from) -> {
            int ii = from[0];
            int ix = from[1];
            if (dst instanceof float[] o) {
                float[] v = (float[]) src;
                for (int i = 0; i < len; i++, ii += si, ix += sx) {
                    o[at + i] = v[ix + (int) idx[ii] * step];
                }
            } else if (dst instanceof double[] o) {
                double[] v = (double[]) src;
                for (int i = 0; i < len; i++, ii += si, ix += sx) {
                    o[at + i] = v[ix + (int) idx[ii] * step];
                }
            } else if (dst instanceof long[] o) {
                long[] v = (long[]) src;
                for (int i = 0; i < len; i++, ii += si, ix += sx) {
                    o[at + i] = v[ix + (int) idx[ii] * step];
                }
            } else {
                boolean[] o = (boolean[]) dst;
                boolean[] v = (boolean[]) src;
                for (int i = 0; i < len; i++, ii += si, ix += sx) {
                    o[at + i] = v[ix + (int) idx[ii] * step];
                }
            }
        });
    }

    /**
     * {@code out[c with c[dim] replaced by index[c]] = src[c]} (or {@code +=} when {@code add}) over
     * {@code indexDims}, as {@link dev.blitz.backend.Backend#scatter}: any dtype, float32 or float64 to add.
     * Positions are visited in row-major order, so along {@code dim} in increasing order; threads take whole
     * ranges of the dimensions before {@code dim}, which never write the same element.
     *
     * @throws IllegalArgumentException if {@code src} and {@code out} differ in dtype, or to add another dtype
     */
    static void scatter(Buffer src, int[] srcDims, Buffer index, int[] indexDims, int dim, Buffer out,
                        int[] outDims, boolean add) {
        sameType("scatter", src, out);
        if (add) {
            floatsOnly("scatter with add", src);
        }
        if (indexDims.length == 0) {
            srcDims = new int[] {1};
            indexDims = new int[] {1};
            outDims = new int[] {1};
        }
        int[] outStrides = contiguous(outDims);
        int step = outStrides[dim];
        outStrides[dim] = 0;
        StridedWalk walk = new StridedWalk(indexDims, new int[3], contiguous(indexDims), contiguous(srcDims),
                outStrides);
        int si = walk.rowStride(0);
        int ss = walk.rowStride(1);
        int so = walk.rowStride(2);
        long[] idx = CpuBuffer.i64(index);
        Object s = CpuBuffer.array(src);
        Object d = CpuBuffer.array(out);
        StridedWalk.Row row = (at, len, from) -> {
            int ii = from[0];
            int is = from[1];
            int io = from[2];
            if (d instanceof float[] o) {
                float[] v = (float[]) s;
                for (int i = 0; i < len; i++, ii += si, is += ss, io += so) {
                    int target = io + (int) idx[ii] * step;
                    o[target] = add ? o[target] + v[is] : v[is];
                }
            } else if (d instanceof double[] o) {
                double[] v = (double[]) s;
                for (int i = 0; i < len; i++, ii += si, is += ss, io += so) {
                    int target = io + (int) idx[ii] * step;
                    o[target] = add ? o[target] + v[is] : v[is];
                }
            } else if (d instanceof long[] o) {
                long[] v = (long[]) s;
                for (int i = 0; i < len; i++, ii += si, is += ss, io += so) {
                    o[io + (int) idx[ii] * step] = v[is];
                }
            } else {
                boolean[] o = (boolean[]) d;
                boolean[] v = (boolean[]) s;
                for (int i = 0; i < len; i++, ii += si, is += ss, io += so) {
                    o[io + (int) idx[ii] * step] = v[is];
                }
            }
        };
        int outer = 1;
        for (int k = 0; k < dim; k++) {
            outer *= indexDims[k];
        }
        int numel = walk.numel();
        int inner = numel == 0 ? 0 : numel / outer; // positions per coordinate before dim
        Parallel.forRange(numel == 0 ? 0 : outer, inner, (part, from, to) -> walk.walk(from * inner, to * inner,
                row));
    }

    /** Row-major strides of {@code dims}. */
    private static int[] contiguous(int[] dims) {
        int[] strides = new int[dims.length];
        for (int k = dims.length - 1, s = 1; k >= 0; k--) {
            strides[k] = s;
            s *= dims[k];
        }
        return strides;
    }

    private static void sameType(String what, Buffer src, Buffer dst) {
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException(what + " from " + src.dtype() + " into " + dst.dtype()
                    + ": both must have one dtype");
        }
    }

    private static void floatsOnly(String what, Buffer b) {
        if (!b.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(what + " takes float32 or float64, not " + b.dtype());
        }
    }
}
