package dev.blitz.backend.cuda;

/** Index of the largest value along the middle axis of [outer, size, inner], one thread per output. */
final class ArgmaxCuda {
    private final Kernels kernels;

    ArgmaxCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    void argmax(CudaBuffer x, int outer, int size, int inner, CudaBuffer out) {
        kernels.argmax(outer * inner, x, size, inner, out);
    }
}
