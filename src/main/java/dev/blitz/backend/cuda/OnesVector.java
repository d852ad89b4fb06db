package dev.blitz.backend.cuda;

import jcuda.driver.JCudaDriver;

/**
 * A device vector of ones, grown on demand and kept for the backend's life: a GEMM against it sums the rows or
 * columns of a matrix (bias gradients), which beat both cuDNN's bias gradient and a one-thread-per-column sum.
 */
final class OnesVector {
    private final CachingAllocator memory;
    private CudaBuffer ones;

    OnesVector(CachingAllocator memory) {
        this.memory = memory;
    }

    /** At least {@code n} ones (the first {@code n} of a possibly longer vector). */
    synchronized CudaBuffer atLeast(int n) {
        if (ones == null || ones.length() < n) {
            if (ones != null) {
                ones.release();
            }
            ones = memory.allocate(Math.max(n, 1024));
            CudaCheck.driver(JCudaDriver.cuMemsetD32Async(ones.pointer(), Float.floatToRawIntBits(1f), ones.length(),
                    Kernels.STREAM), "cuMemsetD32Async");
        }
        return ones;
    }
}
