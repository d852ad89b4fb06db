package dev.blitz.backend.cuda;

import jcuda.CudaException;
import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;
import jcuda.jcudnn.JCudnn;
import jcuda.runtime.cudaError;

/**
 * Status checks for the four C APIs: a failed call becomes an exception naming the call and the status. JCuda's
 * own exceptions stay off so that callers can react to a status (out of memory) before it is an error.
 */
final class CudaCheck {
    private CudaCheck() {
    }

    static void driver(int status, String call) {
        if (status != CUresult.CUDA_SUCCESS) {
            throw new CudaException(call + " failed: " + CUresult.stringFor(status));
        }
    }

    static void runtime(int status, String call) {
        if (status != cudaError.cudaSuccess) {
            throw new CudaException(call + " failed: " + cudaError.stringFor(status));
        }
    }

    static void cublas(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(call + " failed: " + cublasStatus.stringFor(status));
        }
    }

    /** cuDNN 9 renumbered its statuses, so the name comes from the library itself, not from the 11.7 jar. */
    static void cudnn(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: " + JCudnn.cudnnGetErrorString(status) + " (status " + status
                    + ")");
        }
    }
}
