package dev.blitz.backend.cuda;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
import dev.blitz.core.Shape;

/** Broadcasting binary ops and comparisons over views, affine maps and axpy, each one PTX kernel. */
final class ElementwiseCuda {
    private final Kernels kernels;

    ElementwiseCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    void binary(BinaryOp op, Strided a, Strided b, CudaBuffer out, Shape outShape) {
        int n = outShape.numel();
        if (n == 0) {
            return;
        }
        int[] strides = Strides.pack("binary " + op, outShape.dims(), a.strides(), b.strides());
        CudaBuffer x = (CudaBuffer) a.buffer();
        CudaBuffer y = (CudaBuffer) b.buffer();
        int code = BinaryOpCode.of(op).code;
        if (op.isComparison()) {
            kernels.compare(x.dtype(), n, code, x.at(a.offset()), y.at(b.offset()), out, strides);
        } else {
            kernels.binary(x.dtype(), n, code, x.at(a.offset()), y.at(b.offset()), out, strides);
        }
    }

    void affine(CudaBuffer x, float alpha, float beta, CudaBuffer out) {
        kernels.affine(out.length(), x, alpha, beta, out);
    }

    void axpy(float alpha, CudaBuffer x, CudaBuffer y) {
        kernels.axpy(y.length(), alpha, x, y);
    }
}
