package dev.blitz.backend.cuda;

import dev.blitz.models.LeNet;

import dev.blitz.backend.AdamParams;
import dev.blitz.backend.Backend;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.PoolGeometry;
import dev.blitz.backend.SgdParams;
import dev.blitz.core.Device;
import dev.blitz.core.MemoryStats;
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

import java.util.HashMap;
import java.util.Map;

/**
 * The CUDA backend of one GPU: a thin dispatcher to cuDNN (convolution, pooling, ReLU), cuBLAS (GEMM), the PTX
 * kernels (elementwise ops, reductions, MSE, cross-entropy, argmax, SGD, Adam) and the caching allocator.
 * Everything is queued on the legacy default stream; only {@link #download} and {@link #read} wait for the GPU.
 * Started by {@link CudaProvider}, the plug-in that {@code dev.blitz.backend.Backends} finds, so nothing
 * outside this package links JCuda.
 */
public final class CudaBackend implements Backend {
    private static final Map<Integer, CudaBackend> OPEN = new HashMap<>();

    private final CudaDevice gpu;
    private final Device device;
    private final CachingAllocator memory;
    private final Kernels kernels;
    private final CublasGemm gemm;
    private CudaBuffer ones;
    private final CudnnConvolution convolution;
    private final CudnnPooling pooling;
    private final CudnnActivation relu;
    /**
     * Two floats, zero until a cross-entropy kernel meets a target that is not a class index: then that value
     * and the number of classes. Read (and cleared) by {@link #checkTargets} when results are next read.
     */
    private final CudaBuffer badTarget;
    /** A cross-entropy kernel was queued since {@link #badTarget} was last read. */
    private volatile boolean targetsUnchecked;

    /**
     * The backend of {@code cuda:index}, started on first use; throws
     * {@link dev.blitz.backend.DeviceUnavailableException} or a LinkageError (a native library missing) when
     * it cannot start.
     */
    static synchronized CudaBackend open(int index) {
        CudaBackend b = OPEN.get(index);
        if (b == null) {
            b = new CudaBackend(new CudaDevice(index));
            OPEN.put(index, b);
        }
        return b;
    }

    private CudaBackend(CudaDevice gpu) {
        this.gpu = gpu;
        this.device = Device.cuda(gpu.index);
        this.memory = new CachingAllocator(device);
        this.kernels = new Kernels();
        this.gemm = new CublasGemm(gpu.cublas);
        this.convolution = new CudnnConvolution(gpu.cudnn, memory);
        this.pooling = new CudnnPooling(gpu.cudnn);
        this.relu = new CudnnActivation(gpu.cudnn);
        this.badTarget = memory.allocate(2);
        CudaCheck.driver(JCudaDriver.cuMemsetD32(badTarget.pointer(), 0, 2), "cuMemsetD32");
    }

    private static CudaBuffer cuda(Buffer b) {
        return (CudaBuffer) b;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Buffer allocate(int length) {
        gpu.bind();
        return memory.allocate(length);
    }

    @Override
    public Buffer upload(float[] data) {
        gpu.bind();
        CudaBuffer b = memory.allocate(data.length);
        if (data.length > 0) {
            CudaCheck.driver(JCudaDriver.cuMemcpyHtoD(b.pointer(), Pointer.to(data), 4L * data.length),
                    "cuMemcpyHtoD");
        }
        return b;
    }

    @Override
    public void download(Buffer src, float[] dst) {
        gpu.bind();
        if (dst.length > 0) {
            CudaCheck.driver(JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), cuda(src).pointer(), 4L * dst.length),
                    "cuMemcpyDtoH (waits for the queued work, so a failed kernel may show here)");
        }
        checkTargets();
    }

    @Override
    public float read(Buffer src, int index) {
        gpu.bind();
        float[] value = new float[1];
        CudaCheck.driver(JCudaDriver.cuMemcpyDtoH(Pointer.to(value), cuda(src).pointer().withByteOffset(4L * index),
                4), "cuMemcpyDtoH (waits for the queued work, so a failed kernel may show here)");
        checkTargets();
        return value[0];
    }

    /**
     * Reports a target that a cross-entropy kernel found not to be a class index. Checking before the launch
     * would copy the targets to the host and wait for the GPU every training step; the kernel cannot throw, so
     * it leaves the value behind (and NaN in that row's loss and gradient) for the next read of any result,
     * which waits for the GPU anyway, to find.
     */
    private void checkTargets() {
        if (!targetsUnchecked) {
            return;
        }
        targetsUnchecked = false;
        float[] bad = new float[2];
        CudaCheck.driver(JCudaDriver.cuMemcpyDtoH(Pointer.to(bad), badTarget.pointer(), 8), "cuMemcpyDtoH");
        if (bad[0] != 0f) { // every value that is not a class index is nonzero or NaN
            CudaCheck.driver(JCudaDriver.cuMemsetD32(badTarget.pointer(), 0, 2), "cuMemsetD32");
            throw new IllegalArgumentException("cross_entropy: a target on " + device + " was " + bad[0]
                    + ", which is not a class index; expected integers in [0, " + (int) bad[1] + ") (found when"
                    + " results were next read from the GPU; the loss and gradient of its row are NaN)");
        }
    }

    @Override
    public void fill(Buffer dst, float value) {
        gpu.bind();
        if (dst.length() > 0) {
            CudaCheck.driver(JCudaDriver.cuMemsetD32Async(cuda(dst).pointer(), Float.floatToRawIntBits(value),
                    dst.length(), Kernels.STREAM), "cuMemsetD32Async");
        }
    }

    @Override
    public void copy(Buffer src, Buffer dst) {
        gpu.bind();
        if (src.length() > 0) {
            CudaCheck.driver(JCudaDriver.cuMemcpyDtoDAsync(cuda(dst).pointer(), cuda(src).pointer(),
                    4L * src.length(), Kernels.STREAM), "cuMemcpyDtoDAsync");
        }
    }

    @Override
    public void binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer out, Shape outShape) {
        gpu.bind();
        int n = outShape.numel();
        int code = switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
        };
        kernels.binary(n, code, cuda(a), cuda(b), cuda(out), Strides.pack(outShape.dims(), aStrides, bStrides));
    }

    @Override
    public void affine(Buffer x, float alpha, float beta, Buffer out) {
        gpu.bind();
        kernels.affine(out.length(), cuda(x), alpha, beta, cuda(out));
    }

    @Override
    public void axpy(float alpha, Buffer x, Buffer y) {
        gpu.bind();
        kernels.axpy(y.length(), alpha, cuda(x), cuda(y));
    }

    @Override
    public void sumTo(Buffer src, Shape srcShape, Buffer dst, Shape dstShape) {
        gpu.bind();
        int keep = dstShape.numel();
        if (keep > 1 && reducesLeadingDimsOnly(srcShape, dstShape)) {
            // A bias gradient: rows summed by a GEMM with a row of ones, where one thread per column of the
            // sum_to kernel was the slowest op of a LeNet step at batch 1024.
            int rows = srcShape.numel() / keep;
            gemm.gemm(false, false, 1, keep, rows, 1f, ones(rows), cuda(src), 0f, cuda(dst));
            return;
        }
        int[] dstStrides = dstShape.broadcastStrides(srcShape);
        kernels.sumTo(dstShape.numel(), cuda(src), cuda(dst), Strides.pack(srcShape.dims(), dstStrides,
                new int[dstStrides.length]));
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Buffer a, Buffer b,
                     float beta, Buffer c) {
        gpu.bind();
        gemm.gemm(transA, transB, m, n, k, alpha, cuda(a), cuda(b), beta, cuda(c));
    }

    @Override
    public void reluForward(Buffer x, Buffer y) {
        gpu.bind();
        relu.forward(cuda(x), cuda(y));
    }

    @Override
    public void reluBackward(Buffer y, Buffer dy, Buffer dx) {
        gpu.bind();
        relu.backward(cuda(y), cuda(dy), cuda(dx));
    }

    @Override
    public void conv2dForward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        gpu.bind();
        convolution.forward(g, cuda(x), cuda(w), bias == null ? null : cuda(bias), cuda(y));
    }

    @Override
    public void conv2dBackwardData(ConvGeometry g, Buffer w, Buffer dy, Buffer dx) {
        gpu.bind();
        convolution.backwardData(g, cuda(w), cuda(dy), cuda(dx));
    }

    @Override
    public void conv2dBackwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        gpu.bind();
        convolution.backwardFilter(g, cuda(x), cuda(dy), cuda(dw));
    }

    @Override
    public void conv2dBackwardBias(ConvGeometry g, Buffer dy, Buffer db) {
        gpu.bind();
        // Two GEMMs with ones (over each plane, then over the batch): cudnnConvolutionBackwardBias took 0.4 ms
        // for conv1 at batch 1024, the slowest op of the step.
        int planes = g.batch() * g.outChannels();
        int plane = g.outH() * g.outW();
        CudaBuffer perPlane = memory.allocate(planes);
        try {
            gemm.gemm(false, false, planes, 1, plane, 1f, cuda(dy), ones(plane), 0f, perPlane);
            gemm.gemm(false, false, 1, g.outChannels(), g.batch(), 1f, ones(g.batch()), perPlane, 0f, cuda(db));
        } finally {
            perPlane.release();
        }
    }

    /** True when {@code dst} keeps exactly the trailing dimensions of {@code src} (leading 1s aside). */
    private static boolean reducesLeadingDimsOnly(Shape src, Shape dst) {
        int[] s = src.dims();
        int[] d = dst.dims();
        int lead = 0;
        while (lead < d.length && d[lead] == 1) {
            lead++;
        }
        int kept = d.length - lead;
        if (kept > s.length) {
            return false;
        }
        for (int i = 0; i < kept; i++) {
            if (d[lead + i] != s[s.length - kept + i]) {
                return false;
            }
        }
        return true;
    }

    /** A device vector of at least {@code n} ones, grown on demand and kept for the backend's life. */
    private CudaBuffer ones(int n) {
        if (ones == null || ones.length() < n) {
            if (ones != null) {
                ones.release();
            }
            ones = memory.allocate(Math.max(n, 1024));
            fill(ones, 1f);
        }
        return ones;
    }

    @Override
    public void maxPool2dForward(PoolGeometry g, Buffer x, Buffer y) {
        gpu.bind();
        pooling.forward(g, cuda(x), cuda(y));
    }

    @Override
    public void maxPool2dBackward(PoolGeometry g, Buffer x, Buffer y, Buffer dy, Buffer dx) {
        gpu.bind();
        pooling.backward(g, cuda(x), cuda(y), cuda(dy), cuda(dx));
    }

    /** Mean and sum reduce in two launches (per-block partial sums, then one block) without leaving the GPU. */
    @Override
    public void mseForward(Buffer input, Buffer target, int n, Reduction reduction, Buffer out) {
        gpu.bind();
        if (reduction == Reduction.NONE) {
            kernels.mseNone(n, cuda(input), cuda(target), cuda(out));
            return;
        }
        int blocks = (int) Math.max(1, Math.min((n + Kernels.BLOCK - 1L) / Kernels.BLOCK, 1024));
        CudaBuffer partials = memory.allocate(blocks);
        kernels.msePartial(n, cuda(input), cuda(target), partials);
        kernels.sumFinish(blocks, partials, reduction == Reduction.MEAN ? 1f / n : 1f, cuda(out));
        partials.release();
    }

    @Override
    public void mseBackward(Buffer input, Buffer target, Buffer gradOut, int n, Reduction reduction, Buffer gradIn) {
        gpu.bind();
        int gradOutStride = reduction == Reduction.NONE ? 1 : 0;
        float scale = reduction == Reduction.MEAN ? 2f / n : 2f;
        kernels.mseBackward(n, cuda(input), cuda(target), cuda(gradOut), gradOutStride, scale, cuda(gradIn));
    }

    @Override
    public void sgdStep(SgdParams p, Buffer param, Buffer grad, Buffer momentumBuffer, boolean firstStep) {
        gpu.bind();
        int flags = (p.nesterov() ? 1 : 0) | (p.maximize() ? 2 : 0) | (firstStep ? 4 : 0)
                | (momentumBuffer != null ? 8 : 0);
        kernels.sgd(param.length(), cuda(param), cuda(grad), momentumBuffer == null ? null : cuda(momentumBuffer),
                p.lr(), p.momentum(), p.dampening(), p.weightDecay(), flags);
    }

    @Override
    public void argmax(Buffer x, int outer, int size, int inner, Buffer out) {
        gpu.bind();
        kernels.argmax(outer * inner, cuda(x), size, inner, cuda(out));
    }

    @Override
    public void logSoftmax(Buffer x, int rows, int cols, Buffer out) {
        gpu.bind();
        kernels.logSoftmax(rows, cuda(x), cols, cuda(out));
    }

    /** Per-row losses, then for mean and sum the one-block reduction of MSE's second stage. */
    @Override
    public void crossEntropyForward(Buffer logp, Buffer target, int n, int c, float eps, Reduction reduction,
                                    Buffer out) {
        gpu.bind();
        CudaBuffer rows = reduction == Reduction.NONE ? cuda(out) : memory.allocate(Math.max(n, 1));
        kernels.crossEntropy(n, cuda(logp), cuda(target), c, eps, rows, badTarget);
        targetsUnchecked = true;
        if (reduction != Reduction.NONE) {
            kernels.sumFinish(n, rows, reduction == Reduction.MEAN ? 1f / n : 1f, cuda(out));
            rows.release();
        }
    }

    @Override
    public void crossEntropyBackward(Buffer logp, Buffer target, Buffer gradOut, int n, int c, float eps,
                                     Reduction reduction, Buffer gradIn) {
        gpu.bind();
        int gradOutStride = reduction == Reduction.NONE ? 1 : 0;
        float scale = reduction == Reduction.MEAN ? 1f / n : 1f;
        kernels.crossEntropyBackward(n * c, cuda(logp), cuda(target), cuda(gradOut), gradOutStride, c, eps, scale,
                cuda(gradIn));
    }

    /** The per-step scalars are rounded to float from double exactly as the CPU kernel rounds them. */
    @Override
    public void adamStep(AdamParams p, int step, Buffer param, Buffer grad, Buffer expAvg, Buffer expAvgSq,
                         Buffer maxExpAvgSq) {
        gpu.bind();
        float negStepSize = (float) (-p.lr() / (1 - Math.pow(p.beta1(), step)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(p.beta2(), step));
        float decay = (float) (1 - (double) p.lr() * p.weightDecay());
        int flags = (p.maximize() ? 1 : 0) | (p.decoupledWeightDecay() ? 2 : 0) | (maxExpAvgSq != null ? 4 : 0);
        kernels.adam(param.length(), cuda(param), cuda(grad), cuda(expAvg), cuda(expAvgSq),
                maxExpAvgSq == null ? null : cuda(maxExpAvgSq), (float) (1 - p.beta1()), (float) p.beta2(),
                (float) (1 - p.beta2()), negStepSize, bc2Sqrt, p.eps(), p.weightDecay(), decay, flags);
    }

    @Override
    public MemoryStats memoryStats() {
        return memory.stats();
    }

    /** Gives the allocator's cached blocks back to the device (tests that fill the GPU clean up with it). */
    void emptyCache() {
        gpu.bind();
        memory.emptyCache();
    }

    /** E.g. {@code cuda:0 (NVIDIA H200, cuDNN 9.14.0, cuBLAS 13.1.0)}. */
    @Override
    public String toString() {
        return gpu.description;
    }
}
