package dev.blitz.backend.cuda;

import java.util.Arrays;

/**
 * The {@code Strides} struct the layout kernels take by value: {@code int rank; int dims[8]; int a[8]; int b[8];
 * int c[8];} as 33 ints, the sizes and then the element strides of up to three operands (0 = broadcast).
 */
final class Strides {
    static final int MAX_RANK = 8;
    static final int OPERANDS = 3;
    static final int INTS = 1 + (1 + OPERANDS) * MAX_RANK;

    private Strides() {
    }

    /**
     * Packs row-major {@code dims} with each operand's element strides per dimension. Dimensions of size 1 are
     * dropped and neighbours that every operand walks contiguously are merged, so any rank collapses to what the
     * layout really needs (and the kernels index less).
     *
     * @param op the operation, named in the error
     * @param dims the sizes
     * @param operands up to three stride arrays, each as long as {@code dims}
     * @throws IllegalArgumentException if more than 8 dimensions remain
     */
    static int[] pack(String op, int[] dims, int[]... operands) {
        int[] d = new int[dims.length];
        int[][] s = new int[operands.length][dims.length];
        int rank = 0;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 1) {
                continue;
            }
            boolean merges = rank > 0;
            for (int k = 0; k < operands.length && merges; k++) {
                merges = s[k][rank - 1] == operands[k][i] * dims[i];
            }
            if (merges) {
                d[rank - 1] *= dims[i];
            } else {
                d[rank++] = dims[i];
            }
            for (int k = 0; k < operands.length; k++) {
                s[k][rank - 1] = operands[k][i];
            }
        }
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException("CUDA " + op + " takes at most " + MAX_RANK + " dimensions after"
                    + " merging contiguous ones; shape " + Arrays.toString(dims) + " with strides "
                    + Arrays.stream(operands).map(Arrays::toString).toList() + " needs " + rank);
        }
        return struct(rank, d, s);
    }

    /**
     * Packs {@code dims} and the operands' strides as they are, but for dropping dimensions of size 1 other than
     * {@code keep} (gather and scatter address one dimension by its position).
     *
     * @param op the operation, named in the error
     * @param dims the sizes
     * @param keep the dimension to keep whatever its size; its new position is {@code keptAt(dims, keep)}
     * @param operands up to three stride arrays, each as long as {@code dims}
     * @throws IllegalArgumentException if more than 8 dimensions remain
     */
    static int[] exact(String op, int[] dims, int keep, int[]... operands) {
        int[] d = new int[dims.length];
        int[][] s = new int[operands.length][dims.length];
        int rank = 0;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != 1 || i == keep) {
                d[rank] = dims[i];
                for (int k = 0; k < operands.length; k++) {
                    s[k][rank] = operands[k][i];
                }
                rank++;
            }
        }
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException("CUDA " + op + " takes at most " + MAX_RANK + " dimensions of size"
                    + " other than 1 (besides dim " + keep + "); shape " + Arrays.toString(dims) + " has "
                    + rank);
        }
        return struct(rank, d, s);
    }

    /** Where dimension {@code keep} lands in {@link #exact}'s struct. */
    static int keptAt(int[] dims, int keep) {
        int at = 0;
        for (int i = 0; i < keep; i++) {
            if (dims[i] != 1) {
                at++;
            }
        }
        return at;
    }

    /** Row-major element strides of a contiguous array over {@code dims}. */
    static int[] contiguous(int[] dims) {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    private static int[] struct(int rank, int[] dims, int[][] strides) {
        int[] s = new int[INTS];
        // A scalar still gets one dimension (of size 1), so kernels never meet rank 0.
        s[0] = Math.max(rank, 1);
        s[1] = 1;
        System.arraycopy(dims, 0, s, 1, rank);
        for (int k = 0; k < strides.length; k++) {
            System.arraycopy(strides[k], 0, s, 1 + (1 + k) * MAX_RANK, rank);
        }
        return s;
    }
}
