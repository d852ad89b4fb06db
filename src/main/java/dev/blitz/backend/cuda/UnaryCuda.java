package dev.blitz.backend.cuda;

import dev.blitz.backend.Strided;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.Shape;

/** Elementwise functions of one view ({@link UnaryOp}), one kernel per input dtype with the op as a code. */
final class UnaryCuda {
    private final Kernels kernels;

    UnaryCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    void unary(UnaryOp op, Strided x, double alpha, double beta, CudaBuffer out, Shape shape) {
        int n = shape.numel();
        if (n == 0) {
            return;
        }
        int[] strides = Strides.pack("unary " + op, shape.dims(), x.strides());
        CudaBuffer in = (CudaBuffer) x.buffer();
        kernels.unary(in.dtype(), n, UnaryOpCode.of(op).code, in.at(x.offset()), alpha, beta, out, strides);
    }
}
