package dev.blitz.backend.cpu;

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
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;

/**
 * The portable backend: kernels in plain Java on the host, multi-threaded ({@link Parallel}), with convolution
 * and linear layers on a cache-blocked GEMM ({@link GemmCpu}). When the JVM has the Vector API
 * ({@code --add-modules jdk.incubator.vector}) the GEMM micro-kernels and 2×2 max pooling use it
 * ({@link VectorGemm}, {@link VectorMaxPool2x2}); otherwise scalar kernels run, after a one-line hint. Buffers
 * are Java arrays of their dtype ({@link CpuBuffer}); released float32 arrays are reused ({@link ArrayPool}).
 * This class only dispatches; each kind of kernel lives in its own class of this package.
 */
final class CpuBackend implements Backend {
    static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    private static float[] f(Buffer b) {
        return CpuBuffer.of(b);
    }

    /** Threads the kernels split work over ({@code -Dblitz.threads} / {@code BLITZ_THREADS}, else every core). */
    static int threads() {
        return Parallel.threads();
    }

    /** Whether GEMMs run on the Vector API kernel (else the scalar fallback). */
    static boolean vectorized() {
        return GemmCpu.vectorized();
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Buffer allocate(DType dtype, int length) {
        return switch (dtype) {
            case FLOAT32 -> CpuBuffer.pooled(ArrayPool.take(length));
            case FLOAT64 -> CpuBuffer.over(new double[length]);
            case INT64 -> CpuBuffer.over(new long[length]);
            case BOOL -> CpuBuffer.over(new boolean[length]);
        };
    }

    @Override
    public Buffer upload(float[] data) {
        // From the pool, like allocate: a copy made with clone() would be released into the pool and never
        // taken again, filling it with arrays no step reuses (a DataLoader's batches, every step).
        float[] copy = ArrayPool.take(data.length);
        System.arraycopy(data, 0, copy, 0, data.length);
        return CpuBuffer.pooled(copy);
    }

    @Override
    public Buffer upload(double[] data) {
        return CpuBuffer.over(data.clone());
    }

    @Override
    public Buffer upload(long[] data) {
        return CpuBuffer.over(data.clone());
    }

    @Override
    public Buffer upload(boolean[] data) {
        return CpuBuffer.over(data.clone());
    }

    @Override
    public void download(Buffer src, float[] dst) {
        System.arraycopy(f(src), 0, dst, 0, dst.length);
    }

    @Override
    public void download(Buffer src, double[] dst) {
        System.arraycopy(CpuBuffer.f64(src), 0, dst, 0, dst.length);
    }

    @Override
    public void download(Buffer src, long[] dst) {
        System.arraycopy(CpuBuffer.i64(src), 0, dst, 0, dst.length);
    }

    @Override
    public void download(Buffer src, boolean[] dst) {
        System.arraycopy(CpuBuffer.b8(src), 0, dst, 0, dst.length);
    }

    /**
     * A buffer over {@code data} itself, never given to {@link ArrayPool}.
     *
     * @throws IllegalArgumentException unless {@code data} is a {@code float[]} or {@code double[]}
     */
    @Override
    public Buffer wrap(Object data) {
        if (!(data instanceof float[]) && !(data instanceof double[])) {
            throw new IllegalArgumentException("wrap shares a float[] or double[], not "
                    + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        return CpuBuffer.over(data);
    }

    /** The array itself, which from now on stays the buffer's alone: it is not pooled on release. */
    @Override
    public Object hostArray(Buffer buffer) {
        return CpuBuffer.shared(buffer);
    }

    @Override
    public float read(Buffer src, int index) {
        return CopyCpu.read(src, index);
    }

    @Override
    public void fill(Buffer dst, double value) {
        CopyCpu.fill(dst, value);
    }

    @Override
    public void copy(Buffer src, Buffer dst) {
        CopyCpu.copy(src, dst);
    }

    @Override
    public void copyStrided(Strided src, Strided dst, int[] dims) {
        CopyCpu.copyStrided(src, dst, dims);
    }

    @Override
    public void cast(Buffer src, Buffer dst) {
        CopyCpu.cast(src, dst);
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Buffer out, Shape outShape) {
        ElementwiseCpu.binary(op, a, b, out, outShape.dims());
    }

    @Override
    public void unary(UnaryOp op, Strided x, double alpha, double beta, Buffer out, Shape shape) {
        UnaryCpu.unary(op, x, alpha, beta, out, shape.dims());
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Buffer out, Shape shape) {
        WhereCpu.where(cond, a, b, out, shape.dims());
    }

    @Override
    public void reduce(ReduceOp op, Buffer x, int outer, int size, int inner, Buffer out) {
        ReduceCpu.reduce(op, x, outer, size, inner, out);
    }

    @Override
    public void indexSelect(Buffer x, int outer, int size, int inner, Buffer index, Buffer out) {
        IndexCpu.indexSelect(x, outer, size, inner, index, out);
    }

    @Override
    public void indexAdd(Buffer src, int outer, int size, int inner, Buffer index, Buffer out) {
        IndexCpu.indexAdd(src, outer, size, inner, index, out);
    }

    @Override
    public void gather(Buffer x, int[] xDims, Buffer index, int[] indexDims, int dim, Buffer out) {
        IndexCpu.gather(x, xDims, index, indexDims, dim, out);
    }

    @Override
    public void scatter(Buffer src, int[] srcDims, Buffer index, int[] indexDims, int dim, Buffer out,
                        int[] outDims, boolean add) {
        IndexCpu.scatter(src, srcDims, index, indexDims, dim, out, outDims, add);
    }

    @Override
    public void affine(Buffer x, float alpha, float beta, Buffer out) {
        ElementwiseCpu.affine(f(x), alpha, beta, f(out));
    }

    @Override
    public void axpy(float alpha, Buffer x, Buffer y) {
        ElementwiseCpu.axpy(alpha, f(x), f(y));
    }

    @Override
    public void sumTo(Buffer src, Shape srcShape, Buffer dst, Shape dstShape) {
        SumCpu.sumTo(f(src), srcShape.dims(), f(dst), dstShape.broadcastStrides(srcShape));
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Buffer a, Buffer b,
                     float beta, Buffer c) {
        GemmCpu.gemm(transA, transB, m, n, k, alpha, f(a), 0, f(b), 0, beta, f(c), 0);
    }

    @Override
    public void gemmBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, int strideA,
                            Buffer b, int strideB, double beta, Buffer c, int strideC, int batch) {
        BatchedGemmCpu.gemmBatched(transA, transB, m, n, k, alpha, a, strideA, b, strideB, beta, c, strideC, batch);
    }

    @Override
    public void reluForward(Buffer x, Buffer y) {
        ReluCpu.forward(f(x), f(y));
    }

    @Override
    public void reluBackward(Buffer y, Buffer dy, Buffer dx) {
        ReluCpu.backward(f(y), f(dy), f(dx));
    }

    @Override
    public void conv2dForward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        Conv2dCpu.forward(g, f(x), f(w), bias == null ? null : f(bias), f(y));
    }

    @Override
    public void conv2dBackwardData(ConvGeometry g, Buffer w, Buffer dy, Buffer dx) {
        Conv2dCpu.backwardData(g, f(w), f(dy), f(dx));
    }

    @Override
    public void conv2dBackwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        Conv2dCpu.backwardFilter(g, f(x), f(dy), f(dw));
    }

    @Override
    public void conv2dBackwardBias(ConvGeometry g, Buffer dy, Buffer db) {
        Conv2dCpu.backwardBias(g, f(dy), f(db));
    }

    @Override
    public void maxPool2dForward(PoolGeometry g, Buffer x, Buffer y) {
        MaxPool2dCpu.forward(g, f(x), f(y));
    }

    @Override
    public void maxPool2dBackward(PoolGeometry g, Buffer x, Buffer y, Buffer dy, Buffer dx) {
        MaxPool2dCpu.backward(g, f(x), f(y), f(dy), f(dx));
    }

    @Override
    public void mseForward(Buffer input, Buffer target, int n, Reduction reduction, Buffer out) {
        MseLossCpu.forward(f(input), f(target), n, reduction, f(out));
    }

    @Override
    public void mseBackward(Buffer input, Buffer target, Buffer gradOut, int n, Reduction reduction, Buffer gradIn) {
        MseLossCpu.backward(f(input), f(target), f(gradOut), n, reduction, f(gradIn));
    }

    @Override
    public void sgdStep(SgdParams p, Buffer param, Buffer grad, Buffer momentumBuffer, boolean firstStep) {
        SgdCpu.step(p, f(param), f(grad), momentumBuffer == null ? null : f(momentumBuffer), firstStep);
    }


    @Override
    public void logSoftmax(Buffer x, int rows, int cols, Buffer out) {
        CrossEntropyCpu.logSoftmax(f(x), rows, cols, f(out));
    }

    @Override
    public void crossEntropyForward(Buffer logp, Buffer target, int n, int c, float eps, Reduction reduction,
                                    Buffer out) {
        CrossEntropyCpu.forward(f(logp), f(target), n, c, eps, reduction, f(out));
    }

    @Override
    public void crossEntropyBackward(Buffer logp, Buffer target, Buffer gradOut, int n, int c, float eps,
                                     Reduction reduction, Buffer gradIn) {
        CrossEntropyCpu.backward(f(logp), f(target), f(gradOut), n, c, eps, reduction, f(gradIn));
    }

    @Override
    public void adamStep(AdamParams p, int step, Buffer param, Buffer grad, Buffer expAvg, Buffer expAvgSq,
                         Buffer maxExpAvgSq) {
        AdamCpu.step(p, step, f(param), f(grad), f(expAvg), f(expAvgSq), maxExpAvgSq == null ? null : f(maxExpAvgSq));
    }

    /** E.g. {@code cpu (2 threads, Vector API)}. */
    @Override
    public String toString() {
        return "cpu (" + threads() + " threads, " + (vectorized() ? "Vector API" : "scalar kernels") + ")";
    }
}
