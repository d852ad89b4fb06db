package dev.blitz.backend.cpu;

/** Sums: a fast float sum of a range, and {@code sumTo} (reduce a tensor down to a shape it broadcasts from). */
final class SumCpu {
    private SumCpu() {
    }

    /** Sum of {@code a[off..off+len)} in 8 interleaved float partial sums: fast, and no less accurate. */
    static float sum(float[] a, int off, int len) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < end; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * {@code d} = {@code s} summed over the dimensions where {@code strides} (the destination's element strides
     * laid over the source dims, 0 where it broadcasts) are 0. Rows along the last source dimension are added
     * whole: elementwise where the destination keeps that dimension, as one sum where it drops it.
     */
    static void sumTo(float[] s, int[] dims, float[] d, int[] strides) {
        java.util.Arrays.fill(d, 0f);
        if (d.length == 1) {
            d[0] = total(s);
            return;
        }
        int rank = dims.length;
        int inner = dims[rank - 1];
        int innerStride = strides[rank - 1];
        int rows = inner == 0 ? 0 : s.length / inner;
        int[] idx = new int[rank];
        int id = 0;
        for (int r = 0, src = 0; r < rows; r++, src += inner) {
            if (innerStride == 0) {
                d[id] += sum(s, src, inner);
            } else {
                for (int j = 0; j < inner; j++) {
                    d[id + j * innerStride] += s[src + j];
                }
            }
            for (int k = rank - 2; k >= 0; k--) {
                idx[k]++;
                id += strides[k];
                if (idx[k] < dims[k]) {
                    break;
                }
                id -= strides[k] * dims[k];
                idx[k] = 0;
            }
        }
    }

    /** The sum of every element, accumulated in double from float blocks. */
    private static float total(float[] s) {
        double t = 0;
        for (int i = 0; i < s.length; i += 4096) {
            t += sum(s, i, Math.min(4096, s.length - i));
        }
        return (float) t;
    }
}
