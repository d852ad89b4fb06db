package dev.blitz.backend.cpu;

import dev.blitz.backend.Strided;

/**
 * Visits the positions of a shape in row-major order, one innermost row (or the part of one inside a range) at a
 * time, with where each operand's element of the row's start lies in its buffer. Before walking, dimensions of
 * size 1 are dropped and neighbouring dimensions that every operand lays out as one ({@code stride[d] ==
 * stride[d + 1] * dims[d + 1]}) are merged, so a contiguous view is one long row, and the rows of sliced and
 * broadcast views are as long as their layouts allow. The layout kernels ({@link ElementwiseCpu},
 * {@link UnaryCpu}, {@link WhereCpu}, {@link CopyCpu}) and gather and scatter ({@link IndexCpu}) are each a loop
 * over such rows.
 */
final class StridedWalk {
    /** One row: {@code len} positions from flat position {@code at}; operand k's first element is {@code from[k]}. */
    interface Row {
        /** {@code from} is one array the walk refills for every row: read it, never keep it. */
        void run(int at, int len, int[] from);
    }

    /** The merged dimensions: the first {@code rank} of {@code dims} and of each operand's {@code strides}. */
    private final int rank;
    private final int[] dims;
    private final int[][] strides;
    private final int[] offsets;
    private final int numel;

    /**
     * A walk over {@code dims} of operands whose element {@code (i0, i1, ...)} is at
     * {@code offsets[k] + i0 * strides[k][0] + i1 * strides[k][1] + ...}.
     *
     * @param dims the sizes per dimension (none for a scalar)
     * @param offsets each operand's first element (kept, not copied)
     * @param strides each operand's strides, one per dimension
     */
    StridedWalk(int[] dims, int[] offsets, int[]... strides) {
        int ops = offsets.length;
        int[] d = new int[Math.max(1, dims.length)];
        int[][] s = new int[ops][];
        for (int k = 0; k < ops; k++) {
            s[k] = new int[d.length]; // not new int[ops][d.length]: HotSpot makes those in a slow runtime call
        }
        int rank = 0;
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            count *= dims[i];
            if (dims[i] == 1) {
                continue;
            }
            boolean merges = rank > 0;
            for (int k = 0; k < ops && merges; k++) {
                merges = s[k][rank - 1] == strides[k][i] * (long) dims[i];
            }
            if (!merges) {
                d[rank++] = 1;
            }
            d[rank - 1] *= dims[i];
            for (int k = 0; k < ops; k++) {
                s[k][rank - 1] = strides[k][i];
            }
        }
        if (rank == 0) {
            d[0] = 1;
            rank = 1;
        }
        this.rank = rank;
        this.dims = d;
        this.strides = s;
        this.offsets = offsets;
        this.numel = (int) count;
    }

    /** A walk over {@code dims} of the given views. */
    static StridedWalk of(int[] dims, Strided... views) {
        int[] offsets = new int[views.length];
        int[][] strides = new int[views.length][];
        for (int k = 0; k < views.length; k++) {
            offsets[k] = views[k].offset();
            strides[k] = views[k].strides();
        }
        return new StridedWalk(dims, offsets, strides);
    }

    /** {@return the number of positions} */
    int numel() {
        return numel;
    }

    /** {@return the number of merged dimensions, at least 1} */
    int rank() {
        return rank;
    }

    /** {@return the size of merged dimension d} */
    int size(int d) {
        return dims[d];
    }

    /** {@return operand k's stride along merged dimension d} */
    int stride(int k, int d) {
        return strides[k][d];
    }

    /** {@return operand k's first element} */
    int offset(int k) {
        return offsets[k];
    }

    /** {@return operand k's stride along a row} */
    int rowStride(int k) {
        return strides[k][rank - 1];
    }

    /**
     * Walks every position, split over threads in contiguous ranges (elementwise kernels are the same whatever
     * the split).
     *
     * @param workPerItem the cost of one position, in {@link Parallel}'s units (about a streamed float each)
     * @param row what to do with each row
     */
    void run(long workPerItem, Row row) {
        Parallel.forRange(numel, workPerItem, (part, from, to) -> walk(from, to, row));
    }

    /** Walks the flat positions {@code [from, to)} on the calling thread. */
    void walk(int from, int to, Row row) {
        if (from >= to) {
            return;
        }
        int last = rank - 1;
        int inner = dims[last];
        int ops = offsets.length;
        // idx holds the coordinates of the current row (its last one unused); base its operands' row starts.
        int[] idx = new int[rank];
        int[] base = offsets.clone();
        for (int d = last - 1, rest = from / inner; d >= 0; d--) {
            idx[d] = rest % dims[d];
            rest /= dims[d];
            for (int k = 0; k < ops; k++) {
                base[k] += idx[d] * strides[k][d];
            }
        }
        int[] at = new int[ops];
        int column = from % inner;
        for (int pos = from; pos < to; column = 0) {
            int len = Math.min(inner - column, to - pos);
            for (int k = 0; k < ops; k++) {
                at[k] = base[k] + column * strides[k][last];
            }
            row.run(pos, len, at);
            pos += len;
            for (int d = last - 1; d >= 0; d--) {
                for (int k = 0; k < ops; k++) {
                    base[k] += strides[k][d];
                }
                if (++idx[d] < dims[d]) {
                    break;
                }
                for (int k = 0; k < ops; k++) {
                    base[k] -= dims[d] * strides[k][d];
                }
                idx[d] = 0;
            }
        }
    }
}
