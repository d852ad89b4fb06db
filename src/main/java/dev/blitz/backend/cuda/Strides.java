package dev.blitz.backend.cuda;

import java.util.Arrays;

/**
 * The {@code Strides} struct the binary_f32 and sum_to_f32 kernels take by value: {@code int rank; int dims[8];
 * int a[8]; int b[8];} as 25 ints. Dimensions of size 1 are dropped and neighbours that both operands walk
 * contiguously are merged, so any rank collapses to what the layout really needs (and the kernels index less).
 */
final class Strides {
    static final int MAX_RANK = 8;
    static final int INTS = 1 + 3 * MAX_RANK;

    private Strides() {
    }

    /** Packs row-major {@code dims} with element strides {@code a} and {@code b} (0 = broadcast) per dimension. */
    static int[] pack(int[] dims, int[] a, int[] b) {
        int[] d = new int[dims.length];
        int[] sa = new int[dims.length];
        int[] sb = new int[dims.length];
        int rank = 0;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 1) {
                continue;
            }
            if (rank > 0 && sa[rank - 1] == a[i] * dims[i] && sb[rank - 1] == b[i] * dims[i]) {
                d[rank - 1] *= dims[i];
                sa[rank - 1] = a[i];
                sb[rank - 1] = b[i];
                continue;
            }
            d[rank] = dims[i];
            sa[rank] = a[i];
            sb[rank] = b[i];
            rank++;
        }
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException("CUDA elementwise kernels take at most " + MAX_RANK + " dimensions"
                    + " after merging contiguous ones; shape " + Arrays.toString(dims) + " with strides "
                    + Arrays.toString(a) + " and " + Arrays.toString(b) + " needs " + rank);
        }
        int[] s = new int[INTS];
        // A scalar still gets one dimension (of size 1), so kernels never meet rank 0.
        s[0] = Math.max(rank, 1);
        s[1] = 1;
        System.arraycopy(d, 0, s, 1, rank);
        System.arraycopy(sa, 0, s, 1 + MAX_RANK, rank);
        System.arraycopy(sb, 0, s, 1 + 2 * MAX_RANK, rank);
        return s;
    }
}
