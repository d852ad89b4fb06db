package dev.blitz.backend.cuda;

import dev.blitz.backend.ReduceOp;

/**
 * Reductions along the middle axis of [outer, size, inner] without atomics, so results are deterministic: a
 * thread per output scanning in order, or, for long rows that would leave the GPU idle or read strided, a block
 * per output with a fixed tree. The choice depends on the shape only.
 */
final class ReduceCuda {
    /** Rows at least this long are split over a block, when they are contiguous or there are few outputs. */
    static final int BLOCK_ROW = 64;
    static final int FEW_OUTPUTS = 1024;

    private final Kernels kernels;

    ReduceCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    void reduce(ReduceOp op, CudaBuffer x, int outer, int size, int inner, CudaBuffer out) {
        int nOut = outer * inner;
        boolean blockPerOutput = size >= BLOCK_ROW && (inner == 1 || nOut < FEW_OUTPUTS);
        kernels.reduce(x.dtype(), nOut, ReduceOpCode.of(op).code, x, size, inner, out, blockPerOutput ? 1 : 0);
    }
}
