package dev.blitz.backend.cuda;

import dev.blitz.core.Shape;

/** Sums over broadcast dimensions: a GEMM with ones when only leading dimensions go, else the sum_to kernel. */
final class SumCuda {
    private final Kernels kernels;
    private final GemmCuda gemm;
    private final OnesVector ones;

    SumCuda(Kernels kernels, GemmCuda gemm, OnesVector ones) {
        this.kernels = kernels;
        this.gemm = gemm;
        this.ones = ones;
    }

    void sumTo(CudaBuffer src, Shape srcShape, CudaBuffer dst, Shape dstShape) {
        int keep = dstShape.numel();
        if (keep > 1 && reducesLeadingDimsOnly(srcShape, dstShape)) {
            // A bias gradient: rows summed by a GEMM with a row of ones, where one thread per column of the
            // sum_to kernel was the slowest op of a LeNet step at batch 1024.
            int rows = srcShape.numel() / keep;
            gemm.gemm(false, false, 1, keep, rows, 1f, ones.atLeast(rows), src, 0f, dst);
            return;
        }
        int[] dstStrides = dstShape.broadcastStrides(srcShape);
        kernels.sumTo(dstShape.numel(), src, dst, Strides.pack("sumTo", srcShape.dims(), dstStrides,
                new int[dstStrides.length]));
    }

    /** True when {@code dst} keeps exactly the trailing dimensions of {@code src} (leading 1s aside). */
    private static boolean reducesLeadingDimsOnly(Shape src, Shape dst) {
        int[] s = src.dims();
        int[] d = dst.dims();
        int lead = 0;
        while (lead < d.length && d[lead] == 1) {
            lead++;
        }
        int kept = d.length - lead;
        if (kept > s.length) {
            return false;
        }
        for (int i = 0; i < kept; i++) {
            if (d[lead + i] != s[s.length - kept + i]) {
                return false;
            }
        }
        return true;
    }
}
