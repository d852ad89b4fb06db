package dev.blitz.backend.cuda;

import dev.blitz.core.Reduction;

/** Squared error; mean and sum reduce in two launches (per-block partial sums, then one block) on the GPU. */
final class MseLossCuda {
    private final Kernels kernels;
    private final CachingAllocator memory;

    MseLossCuda(Kernels kernels, CachingAllocator memory) {
        this.kernels = kernels;
        this.memory = memory;
    }

    void forward(CudaBuffer input, CudaBuffer target, int n, Reduction reduction, CudaBuffer out) {
        if (reduction == Reduction.NONE) {
            kernels.mseNone(n, input, target, out);
            return;
        }
        int blocks = (int) Math.max(1, Math.min((n + Kernels.BLOCK - 1L) / Kernels.BLOCK, 1024));
        CudaBuffer partials = memory.allocate(blocks);
        kernels.msePartial(n, input, target, partials);
        kernels.sumFinish(blocks, partials, reduction == Reduction.MEAN ? 1f / n : 1f, out);
        partials.release();
    }

    void backward(CudaBuffer input, CudaBuffer target, CudaBuffer gradOut, int n, Reduction reduction,
                  CudaBuffer gradIn) {
        int gradOutStride = reduction == Reduction.NONE ? 1 : 0;
        float scale = reduction == Reduction.MEAN ? 2f / n : 2f;
        kernels.mseBackward(n, input, target, gradOut, gradOutStride, scale, gradIn);
    }
}
