package dev.blitz.backend.cuda;

import dev.blitz.backend.PoolGeometry;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnNanPropagation;
import jcuda.jcudnn.cudnnPoolingDescriptor;
import jcuda.jcudnn.cudnnPoolingMode;
import jcuda.jcudnn.cudnnTensorDescriptor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 2-D max pooling through cuDNN, descriptors made once per geometry. The deterministic max mode routes each
 * window's gradient to one input cell, the first maximum, as the CPU backend and PyTorch do.
 */
final class MaxPool2dCuda {
    private record Plan(cudnnPoolingDescriptor pool, cudnnTensorDescriptor x, cudnnTensorDescriptor y) {
    }

    private final cudnnHandle handle;
    private final Map<PoolGeometry, Plan> plans = new ConcurrentHashMap<>();

    MaxPool2dCuda(cudnnHandle handle) {
        this.handle = handle;
    }

    void forward(PoolGeometry g, CudaBuffer x, CudaBuffer y) {
        Plan p = plan(g);
        CudaCheck.cudnn(JCudnn.cudnnPoolingForward(handle, p.pool, Cudnn.ONE, p.x, x.pointer(), Cudnn.ZERO, p.y,
                y.pointer()), "cudnnPoolingForward " + g);
    }

    void backward(PoolGeometry g, CudaBuffer x, CudaBuffer y, CudaBuffer dy, CudaBuffer dx) {
        Plan p = plan(g);
        CudaCheck.cudnn(JCudnn.cudnnPoolingBackward(handle, p.pool, Cudnn.ONE, p.y, y.pointer(), p.y, dy.pointer(),
                p.x, x.pointer(), Cudnn.ZERO, p.x, dx.pointer()), "cudnnPoolingBackward " + g);
    }

    private Plan plan(PoolGeometry g) {
        return plans.computeIfAbsent(g, MaxPool2dCuda::describe);
    }

    private static Plan describe(PoolGeometry g) {
        cudnnPoolingDescriptor pool = new cudnnPoolingDescriptor();
        CudaCheck.cudnn(JCudnn.cudnnCreatePoolingDescriptor(pool), "cudnnCreatePoolingDescriptor");
        CudaCheck.cudnn(JCudnn.cudnnSetPooling2dDescriptor(pool, cudnnPoolingMode.CUDNN_POOLING_MAX_DETERMINISTIC,
                cudnnNanPropagation.CUDNN_PROPAGATE_NAN, g.kernelH(), g.kernelW(), g.padH(), g.padW(), g.strideH(),
                g.strideW()), "cudnnSetPooling2dDescriptor " + g);
        return new Plan(pool, Cudnn.tensor(g.batch(), g.channels(), g.inH(), g.inW()),
                Cudnn.tensor(g.batch(), g.channels(), g.outH(), g.outW()));
    }
}
