package dev.blitz.backend.cuda;

import dev.blitz.backend.AdamParams;
import dev.blitz.backend.Backend;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.PoolGeometry;
import dev.blitz.backend.ReduceOp;
import dev.blitz.backend.SgdParams;
import dev.blitz.backend.Strided;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.MemoryStats;
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;
import jcuda.Pointer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CUDA backend of one GPU: binds the device's context and dispatches each kernel of {@link Backend} to the
 * class of its op ({@code Conv2dCuda}, {@code SgdCuda}, ...), which holds that op's algorithm: cuDNN, cuBLAS or
 * the PTX kernels. Memory comes from the caching allocator. Everything is queued on the legacy default stream;
 * only {@link #download} and {@link #read} wait for the GPU. Started by {@link CudaProvider}, the plug-in that
 * {@code dev.blitz.backend.Backends} finds, so nothing outside this package links JCuda.
 * <p>
 * Several threads may use one GPU at once: each entry point holds this backend's lock, because a cuDNN handle
 * must not be used by two threads at a time and the convolution workspace is shared. Their calls interleave on the
 * one stream, each thread's in its own order (which is what makes the allocator's reuse safe across threads); the
 * GPU runs them one after another, and a thread waiting in a download holds the others back until its data is in.
 */
final class CudaBackend implements Backend {
    private static final Map<Integer, CudaBackend> OPEN = new HashMap<>();

    private final CudaDevice gpu;
    private final Device device;
    private final CachingAllocator memory;
    private final CopyCuda copy;
    private final ElementwiseCuda elementwise;
    private final UnaryCuda unary;
    private final WhereCuda where;
    private final ReduceCuda reduce;
    private final IndexCuda index;
    private final SumCuda sum;
    private final GemmCuda gemm;
    private final ReluCuda relu;
    private final ConvAlgorithmCache algorithms;
    private final Conv2dCuda conv2d;
    private final MaxPool2dCuda maxPool2d;
    private final MseLossCuda mseLoss;
    private final CrossEntropyCuda crossEntropy;
    private final SgdCuda sgd;
    private final AdamCuda adam;

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
        Kernels kernels = new Kernels();
        OnesVector ones = new OnesVector(memory);
        this.gemm = new GemmCuda(gpu.cublas);
        this.copy = new CopyCuda(kernels, memory);
        this.elementwise = new ElementwiseCuda(kernels);
        this.unary = new UnaryCuda(kernels);
        this.where = new WhereCuda(kernels);
        this.reduce = new ReduceCuda(kernels);
        this.index = new IndexCuda(kernels);
        this.sum = new SumCuda(kernels, gemm, ones);
        this.relu = new ReluCuda(gpu.cudnn);
        this.algorithms = new ConvAlgorithmCache(gpu.identity);
        this.conv2d = new Conv2dCuda(gpu.cudnn, memory, gemm, ones, algorithms);
        this.maxPool2d = new MaxPool2dCuda(gpu.cudnn);
        this.mseLoss = new MseLossCuda(kernels, memory);
        this.crossEntropy = new CrossEntropyCuda(kernels, memory, device);
        this.sgd = new SgdCuda(kernels);
        this.adam = new AdamCuda(kernels);
    }

    private static CudaBuffer cuda(Buffer b) {
        return (CudaBuffer) b;
    }

    private static CudaBuffer cudaOrNull(Buffer b) {
        return b == null ? null : (CudaBuffer) b;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public synchronized Buffer allocate(DType dtype, int length) {
        gpu.bind();
        return memory.allocate(dtype, length);
    }

    @Override
    public synchronized Buffer upload(float[] data) {
        gpu.bind();
        return copy.upload(DType.FLOAT32, Pointer.to(data), data.length);
    }

    @Override
    public synchronized Buffer upload(double[] data) {
        gpu.bind();
        return copy.upload(DType.FLOAT64, Pointer.to(data), data.length);
    }

    @Override
    public synchronized Buffer upload(long[] data) {
        gpu.bind();
        return copy.upload(DType.INT64, Pointer.to(data), data.length);
    }

    @Override
    public synchronized Buffer upload(boolean[] data) {
        gpu.bind();
        return copy.upload(data);
    }

    @Override
    public synchronized void download(Buffer src, float[] dst) {
        gpu.bind();
        copy.download(cuda(src), dst);
        crossEntropy.checkTargets();
    }

    @Override
    public synchronized void download(Buffer src, double[] dst) {
        gpu.bind();
        copy.download(cuda(src), DType.FLOAT64, Pointer.to(dst), dst.length);
        crossEntropy.checkTargets();
    }

    @Override
    public synchronized void download(Buffer src, long[] dst) {
        gpu.bind();
        copy.download(cuda(src), DType.INT64, Pointer.to(dst), dst.length);
        crossEntropy.checkTargets();
    }

    @Override
    public synchronized void download(Buffer src, boolean[] dst) {
        gpu.bind();
        copy.download(cuda(src), dst);
        crossEntropy.checkTargets();
    }

    @Override
    public synchronized float read(Buffer src, int index) {
        gpu.bind();
        float value = copy.read(cuda(src), index);
        crossEntropy.checkTargets();
        return value;
    }

    @Override
    public synchronized void fill(Buffer dst, double value) {
        gpu.bind();
        copy.fill(cuda(dst), value);
    }

    @Override
    public synchronized void copy(Buffer src, Buffer dst) {
        gpu.bind();
        copy.copy(cuda(src), cuda(dst));
    }

    @Override
    public synchronized void copyStrided(Strided src, Strided dst, int[] dims) {
        gpu.bind();
        copy.copyStrided(src, dst, dims);
    }

    @Override
    public synchronized void cast(Buffer src, Buffer dst) {
        gpu.bind();
        copy.cast(cuda(src), cuda(dst));
    }

    @Override
    public synchronized void binary(BinaryOp op, Strided a, Strided b, Buffer out, Shape outShape) {
        gpu.bind();
        elementwise.binary(op, a, b, cuda(out), outShape);
    }

    @Override
    public synchronized void unary(UnaryOp op, Strided x, double alpha, double beta, Buffer out, Shape shape) {
        gpu.bind();
        unary.unary(op, x, alpha, beta, cuda(out), shape);
    }

    @Override
    public synchronized void where(Strided cond, Strided a, Strided b, Buffer out, Shape shape) {
        gpu.bind();
        where.where(cond, a, b, cuda(out), shape);
    }

    @Override
    public synchronized void reduce(ReduceOp op, Buffer x, int outer, int size, int inner, Buffer out) {
        gpu.bind();
        reduce.reduce(op, cuda(x), outer, size, inner, cuda(out));
    }

    @Override
    public synchronized void indexSelect(Buffer x, int outer, int size, int inner, Buffer index, Buffer out) {
        gpu.bind();
        this.index.indexSelect(cuda(x), size, inner, cuda(index), cuda(out));
    }

    @Override
    public synchronized void indexAdd(Buffer src, int outer, int size, int inner, Buffer index, Buffer out) {
        gpu.bind();
        this.index.indexAdd(cuda(src), outer, size, inner, cuda(index), cuda(out));
    }

    @Override
    public synchronized void gather(Buffer x, int[] xDims, Buffer index, int[] indexDims, int dim, Buffer out) {
        gpu.bind();
        this.index.gather(cuda(x), xDims, cuda(index), indexDims, dim, cuda(out));
    }

    @Override
    public synchronized void scatter(Buffer src, int[] srcDims, Buffer index, int[] indexDims, int dim, Buffer out,
                                     int[] outDims, boolean add) {
        gpu.bind();
        this.index.scatter(cuda(src), srcDims, cuda(index), indexDims, dim, cuda(out), outDims, add);
    }

    @Override
    public synchronized void affine(Buffer x, float alpha, float beta, Buffer out) {
        gpu.bind();
        elementwise.affine(cuda(x), alpha, beta, cuda(out));
    }

    @Override
    public synchronized void axpy(float alpha, Buffer x, Buffer y) {
        gpu.bind();
        elementwise.axpy(alpha, cuda(x), cuda(y));
    }

    @Override
    public synchronized void sumTo(Buffer src, Shape srcShape, Buffer dst, Shape dstShape) {
        gpu.bind();
        sum.sumTo(cuda(src), srcShape, cuda(dst), dstShape);
    }

    @Override
    public synchronized void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Buffer a, Buffer b,
                     float beta, Buffer c) {
        gpu.bind();
        gemm.gemm(transA, transB, m, n, k, alpha, cuda(a), cuda(b), beta, cuda(c));
    }

    @Override
    public synchronized void gemmBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a,
                                         int strideA, Buffer b, int strideB, double beta, Buffer c, int strideC,
                                         int batch) {
        gpu.bind();
        gemm.gemmBatched(transA, transB, m, n, k, alpha, cuda(a), strideA, cuda(b), strideB, beta, cuda(c), strideC,
                batch);
    }

    @Override
    public synchronized void reluForward(Buffer x, Buffer y) {
        gpu.bind();
        relu.forward(cuda(x), cuda(y));
    }

    @Override
    public synchronized void reluBackward(Buffer y, Buffer dy, Buffer dx) {
        gpu.bind();
        relu.backward(cuda(y), cuda(dy), cuda(dx));
    }

    @Override
    public synchronized void conv2dForward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        gpu.bind();
        conv2d.forward(g, cuda(x), cuda(w), cudaOrNull(bias), cuda(y));
    }

    @Override
    public synchronized void conv2dBackwardData(ConvGeometry g, Buffer w, Buffer dy, Buffer dx) {
        gpu.bind();
        conv2d.backwardData(g, cuda(w), cuda(dy), cuda(dx));
    }

    @Override
    public synchronized void conv2dBackwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        gpu.bind();
        conv2d.backwardFilter(g, cuda(x), cuda(dy), cuda(dw));
    }

    @Override
    public synchronized void conv2dBackwardBias(ConvGeometry g, Buffer dy, Buffer db) {
        gpu.bind();
        conv2d.backwardBias(g, cuda(dy), cuda(db));
    }

    @Override
    public synchronized void maxPool2dForward(PoolGeometry g, Buffer x, Buffer y) {
        gpu.bind();
        maxPool2d.forward(g, cuda(x), cuda(y));
    }

    @Override
    public synchronized void maxPool2dBackward(PoolGeometry g, Buffer x, Buffer y, Buffer dy, Buffer dx) {
        gpu.bind();
        maxPool2d.backward(g, cuda(x), cuda(y), cuda(dy), cuda(dx));
    }

    @Override
    public synchronized void mseForward(Buffer input, Buffer target, int n, Reduction reduction, Buffer out) {
        gpu.bind();
        mseLoss.forward(cuda(input), cuda(target), n, reduction, cuda(out));
    }

    @Override
    public synchronized void mseBackward(Buffer input, Buffer target, Buffer gradOut, int n, Reduction reduction, Buffer gradIn) {
        gpu.bind();
        mseLoss.backward(cuda(input), cuda(target), cuda(gradOut), n, reduction, cuda(gradIn));
    }

    @Override
    public synchronized void sgdStep(SgdParams p, Buffer param, Buffer grad, Buffer momentumBuffer, boolean firstStep) {
        gpu.bind();
        sgd.step(p, cuda(param), cuda(grad), cudaOrNull(momentumBuffer), firstStep);
    }


    @Override
    public synchronized void logSoftmax(Buffer x, int rows, int cols, Buffer out) {
        gpu.bind();
        crossEntropy.logSoftmax(cuda(x), rows, cols, cuda(out));
    }

    @Override
    public synchronized void crossEntropyForward(Buffer logp, Buffer target, int n, int c, float eps, Reduction reduction,
                                    Buffer out) {
        gpu.bind();
        crossEntropy.forward(cuda(logp), cuda(target), n, c, eps, reduction, cuda(out));
    }

    @Override
    public synchronized void crossEntropyBackward(Buffer logp, Buffer target, Buffer gradOut, int n, int c, float eps,
                                     Reduction reduction, Buffer gradIn) {
        gpu.bind();
        crossEntropy.backward(cuda(logp), cuda(target), cuda(gradOut), n, c, eps, reduction, cuda(gradIn));
    }

    @Override
    public synchronized void adamStep(AdamParams p, int step, Buffer param, Buffer grad, Buffer expAvg, Buffer expAvgSq,
                         Buffer maxExpAvgSq) {
        gpu.bind();
        adam.step(p, step, cuda(param), cuda(grad), cuda(expAvg), cuda(expAvgSq), cudaOrNull(maxExpAvgSq));
    }

    @Override
    public MemoryStats memoryStats() {
        return memory.stats();
    }

    /** Gives the allocator's cached blocks back to the device (tests that fill the GPU clean up with it). */
    synchronized void emptyCache() {
        gpu.bind();
        memory.emptyCache();
    }

    @Override
    public synchronized int saveAlgorithmCache(Path file) throws IOException {
        return algorithms.save(file);
    }

    @Override
    public synchronized int loadAlgorithmCache(Path file) throws IOException {
        return algorithms.load(file);
    }

    /** E.g. {@code cuda:0 (NVIDIA H200, cuDNN 9.14.0, cuBLAS 13.1.0)}. */
    @Override
    public String toString() {
        return gpu.description;
    }
}
