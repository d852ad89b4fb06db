package dev.blitz.backend.cuda;

import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnActivationDescriptor;
import jcuda.jcudnn.cudnnActivationMode;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnNanPropagation;
import jcuda.jcudnn.cudnnTensorDescriptor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ReLU through cuDNN on any shape: elementwise, so a tensor of n values is described as n×1×1×1 (NCHW maps
 * and the 2-D activations of linear layers alike). NaN propagates, as on the CPU.
 */
final class ReluCuda {
    private final cudnnHandle handle;
    private final cudnnActivationDescriptor relu = new cudnnActivationDescriptor();
    private final Map<Integer, cudnnTensorDescriptor> byLength = new ConcurrentHashMap<>();

    ReluCuda(cudnnHandle handle) {
        this.handle = handle;
        CudaCheck.cudnn(JCudnn.cudnnCreateActivationDescriptor(relu), "cudnnCreateActivationDescriptor");
        CudaCheck.cudnn(JCudnn.cudnnSetActivationDescriptor(relu, cudnnActivationMode.CUDNN_ACTIVATION_RELU,
                cudnnNanPropagation.CUDNN_PROPAGATE_NAN, 0.0), "cudnnSetActivationDescriptor");
    }

    void forward(CudaBuffer x, CudaBuffer y) {
        if (x.length() == 0) {
            return;
        }
        cudnnTensorDescriptor d = describe(x.length());
        CudaCheck.cudnn(JCudnn.cudnnActivationForward(handle, relu, Cudnn.ONE, d, x.pointer(), Cudnn.ZERO, d,
                y.pointer()), "cudnnActivationForward");
    }

    /**
     * {@code dx = y > 0 ? dy : 0}. cuDNN also asks for the input x; the output stands in for it, since
     * relu(x) > 0 exactly where x > 0.
     */
    void backward(CudaBuffer y, CudaBuffer dy, CudaBuffer dx) {
        if (y.length() == 0) {
            return;
        }
        cudnnTensorDescriptor d = describe(y.length());
        CudaCheck.cudnn(JCudnn.cudnnActivationBackward(handle, relu, Cudnn.ONE, d, y.pointer(), d, dy.pointer(), d,
                y.pointer(), Cudnn.ZERO, d, dx.pointer()), "cudnnActivationBackward");
    }

    private cudnnTensorDescriptor describe(int length) {
        return byLength.computeIfAbsent(length, n -> Cudnn.tensor(n, 1, 1, 1));
    }
}
