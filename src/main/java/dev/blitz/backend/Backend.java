package dev.blitz.backend;

import dev.blitz.tensor.Device;
import dev.blitz.tensor.MemoryStats;
import dev.blitz.tensor.Reduction;
import dev.blitz.tensor.Shape;

/**
 * The narrow kernel interface every backend implements. All buffers hold contiguous row-major float32 data
 * and belong to this backend. Shapes and geometries are validated above this layer, so kernels may assume
 * valid input. Kernels overwrite their outputs (never accumulate) unless a parameter says otherwise, and may
 * run asynchronously: only {@link #download} and {@link #read} wait for results.
 */
public interface Backend {
    Device device();

    /** A buffer of {@code length} floats with unspecified contents. */
    Buffer allocate(int length);

    Buffer upload(float[] data);

    /** Copies the whole buffer into {@code dst} (same length). */
    void download(Buffer src, float[] dst);

    float read(Buffer src, int index);

    void fill(Buffer dst, float value);

    void copy(Buffer src, Buffer dst);

    /**
     * {@code out[i] = op(a[ia], b[ib])} over {@code outShape}, where the element strides of {@code a} and
     * {@code b} are given per output dimension (0 where an operand is broadcast). {@code out} may be {@code a}.
     */
    void binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer out, Shape outShape);

    /** {@code out = alpha * x + beta} elementwise; {@code out} may be {@code x}. */
    void affine(Buffer x, float alpha, float beta, Buffer out);

    /** {@code y += alpha * x}. */
    void axpy(float alpha, Buffer x, Buffer y);

    /** Sums {@code src} over the dimensions where {@code dstShape} (broadcastable to srcShape) has size 1 or none. */
    void sumTo(Buffer src, Shape srcShape, Buffer dst, Shape dstShape);

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C} with op(A) of shape m×k and op(B) k×n; A is stored
     * k×m when {@code transA}, B is stored n×k when {@code transB}.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Buffer a, Buffer b, float beta,
              Buffer c);

    void reluForward(Buffer x, Buffer y);

    /** {@code dx = y > 0 ? dy : 0}, from the forward output {@code y}. */
    void reluBackward(Buffer y, Buffer dy, Buffer dx);

    /** {@code y = conv(x, w) + bias}; {@code bias} may be null. */
    void conv2dForward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y);

    void conv2dBackwardData(ConvGeometry g, Buffer w, Buffer dy, Buffer dx);

    void conv2dBackwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw);

    void conv2dBackwardBias(ConvGeometry g, Buffer dy, Buffer db);

    void maxPool2dForward(PoolGeometry g, Buffer x, Buffer y);

    /** Routes each {@code dy} to the input cell that won the window (the first maximum, as PyTorch). */
    void maxPool2dBackward(PoolGeometry g, Buffer x, Buffer y, Buffer dy, Buffer dx);

    /** Squared error of {@code n} elements; {@code out} holds 1 value, or {@code n} for {@link Reduction#NONE}. */
    void mseForward(Buffer input, Buffer target, int n, Reduction reduction, Buffer out);

    /** {@code gradIn = d loss / d input}, given the loss gradient {@code gradOut} (1 value, or n for NONE). */
    void mseBackward(Buffer input, Buffer target, Buffer gradOut, int n, Reduction reduction, Buffer gradIn);

    /**
     * One in-place SGD update of {@code param} with PyTorch's rules. {@code momentumBuffer} is null without
     * momentum; {@code firstStep} says it holds nothing yet (PyTorch then copies the gradient into it).
     */
    void sgdStep(SgdParams p, Buffer param, Buffer grad, Buffer momentumBuffer, boolean firstStep);

    /** What this backend's allocator holds; backends whose memory the GC manages report zeros. */
    default MemoryStats memoryStats() {
        return MemoryStats.NONE;
    }
}
