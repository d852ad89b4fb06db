package dev.blitz.backend.cuda;

import dev.blitz.backend.BinaryOp;
import dev.blitz.core.Shape;

/** Broadcasting binary ops, affine maps and axpy, each one PTX kernel. */
final class ElementwiseCuda {
    private final Kernels kernels;

    ElementwiseCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    void binary(BinaryOp op, CudaBuffer a, int[] aStrides, CudaBuffer b, int[] bStrides, CudaBuffer out,
                Shape outShape) {
        int[] strides = Strides.pack(outShape.dims(), aStrides, bStrides);
        kernels.binary(outShape.numel(), BinaryOpCode.of(op).code, a, b, out, strides);
    }

    void affine(CudaBuffer x, float alpha, float beta, CudaBuffer out) {
        kernels.affine(out.length(), x, alpha, beta, out);
    }

    void axpy(float alpha, CudaBuffer x, CudaBuffer y) {
        kernels.axpy(y.length(), alpha, x, y);
    }
}
