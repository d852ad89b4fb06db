package dev.blitz.backend.cuda;

import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnDataType;
import jcuda.jcudnn.cudnnTensorDescriptor;
import jcuda.jcudnn.cudnnTensorFormat;

/** What every cuDNN call here shares: packed NCHW float descriptors and the host scalars 1 and 0. */
final class Cudnn {
    /** alpha = 1, beta = 0: outputs are overwritten, as the Backend contract says. */
    static final Pointer ONE = Pointer.to(new float[] {1f});
    static final Pointer ZERO = Pointer.to(new float[] {0f});
    /** cuDNN calls that add into their output (a bias) take beta = 1. */
    static final Pointer ACCUMULATE = ONE;

    private Cudnn() {
    }

    static cudnnTensorDescriptor tensor(int n, int c, int h, int w) {
        cudnnTensorDescriptor d = new cudnnTensorDescriptor();
        CudaCheck.cudnn(JCudnn.cudnnCreateTensorDescriptor(d), "cudnnCreateTensorDescriptor");
        CudaCheck.cudnn(JCudnn.cudnnSetTensor4dDescriptor(d, cudnnTensorFormat.CUDNN_TENSOR_NCHW,
                cudnnDataType.CUDNN_DATA_FLOAT, n, c, h, w), "cudnnSetTensor4dDescriptor(" + n + ", " + c + ", " + h
                + ", " + w + ")");
        return d;
    }
}
