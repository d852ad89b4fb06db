package dev.blitz.backend.cuda;

import dev.blitz.backend.Strided;
import dev.blitz.core.Shape;

/** {@code cond ? a : b} over three broadcast views, one kernel per dtype. */
final class WhereCuda {
    private final Kernels kernels;

    WhereCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    void where(Strided cond, Strided a, Strided b, CudaBuffer out, Shape shape) {
        int n = shape.numel();
        if (n == 0) {
            return;
        }
        int[] strides = Strides.pack("where", shape.dims(), cond.strides(), a.strides(), b.strides());
        CudaBuffer c = (CudaBuffer) cond.buffer();
        CudaBuffer x = (CudaBuffer) a.buffer();
        CudaBuffer y = (CudaBuffer) b.buffer();
        kernels.where(out.dtype(), n, c.at(cond.offset()), x.at(a.offset()), y.at(b.offset()), out, strides);
    }
}
