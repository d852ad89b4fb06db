package dev.blitz.backend.cuda;

import dev.blitz.core.DType;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;

/**
 * Row-major GEMM on column-major cuBLAS without copies. A row-major r×c matrix is, read column-major, its
 * transpose (c×r, leading dimension c). So for row-major {@code C = op(A)·op(B)} (m×n) we ask cuBLAS for
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} (n×m, ldc = n): operands swapped, each with the same transpose flag it had.
 */
final class GemmCuda {
    private final cublasHandle handle;

    GemmCuda(cublasHandle handle) {
        this.handle = handle;
    }

    /** {@link dev.blitz.backend.Backend#gemm}: A is stored m×k (k×m when transA), B k×n (n×k when transB). */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, CudaBuffer a, CudaBuffer b, float beta,
              CudaBuffer c) {
        if (m == 0 || n == 0) {
            return;
        }
        // Leading dimensions are the row lengths of the row-major storage; cuBLAS wants them >= 1 even for k = 0.
        int lda = Math.max(1, transA ? m : k);
        int ldb = Math.max(1, transB ? k : n);
        CudaCheck.cublas(JCublas2.cublasSgemm(handle,
                transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                n, m, k, Pointer.to(new float[] {alpha}), b.pointer(), ldb, a.pointer(), lda,
                Pointer.to(new float[] {beta}), c.pointer(), n), "cublasSgemm");
    }

    /**
     * {@link dev.blitz.backend.Backend#gemmBatched}, float32 or float64 by C's dtype: one strided-batched call,
     * operands swapped as in {@link #gemm}, so each swaps its stride too (a stride of 0 reuses one matrix).
     */
    void gemmBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, CudaBuffer a, int strideA,
                     CudaBuffer b, int strideB, double beta, CudaBuffer c, int strideC, int batch) {
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        int lda = Math.max(1, transA ? m : k);
        int ldb = Math.max(1, transB ? k : n);
        int opB = transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opA = transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        if (c.dtype() == DType.FLOAT64) {
            CudaCheck.cublas(JCublas2.cublasDgemmStridedBatched(handle, opB, opA, n, m, k,
                    Pointer.to(new double[] {alpha}), b.pointer(), ldb, strideB, a.pointer(), lda, strideA,
                    Pointer.to(new double[] {beta}), c.pointer(), n, strideC, batch), "cublasDgemmStridedBatched");
        } else {
            CudaCheck.cublas(JCublas2.cublasSgemmStridedBatched(handle, opB, opA, n, m, k,
                    Pointer.to(new float[] {(float) alpha}), b.pointer(), ldb, strideB, a.pointer(), lda, strideA,
                    Pointer.to(new float[] {(float) beta}), c.pointer(), n, strideC, batch),
                    "cublasSgemmStridedBatched");
        }
    }
}
