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

    // Operations added for MNIST training. Each default runs the CPU kernel on host copies of the buffers
    // (download, compute, upload into the outputs): correct on any backend, slow on a device, which should
    // override it with its own kernel.

    /**
     * Index of the largest value along the middle axis of {@code x} viewed as [outer, size, inner] (row-major):
     * {@code out[o * inner + i] = argmax_k x[(o * size + k) * inner + i]}, written as a float. Ties go to the
     * first (lowest) index; a NaN counts as larger than any number, so the first NaN wins, as in PyTorch.
     * {@code out} holds {@code outer * inner} values; {@code size >= 1}.
     */
    default void argmax(Buffer x, int outer, int size, int inner, Buffer out) {
        Buffer o = HostFallback.hostLike(out);
        HostFallback.CPU.argmax(HostFallback.toHost(this, x), outer, size, inner, o);
        HostFallback.copyBack(this, o, out);
    }

    /**
     * Row-wise log-softmax of an {@code rows x cols} matrix: {@code out[r, c] = x[r, c] - max_r - log(sum_j
     * exp(x[r, j] - max_r))}, computed stably (the row maximum is subtracted before exponentiating).
     * {@code out} may not be {@code x}.
     */
    default void logSoftmax(Buffer x, int rows, int cols, Buffer out) {
        Buffer o = HostFallback.hostLike(out);
        HostFallback.CPU.logSoftmax(HostFallback.toHost(this, x), rows, cols, o);
        HostFallback.copyBack(this, o, out);
    }

    /**
     * Cross-entropy from log-probabilities {@code logp} ({@code n x c}, from {@link #logSoftmax}) and class
     * indices {@code target} (n floats holding integers in [0, c), checked by the caller), with label smoothing
     * {@code eps} in [0, 1]: per row {@code loss_i = -sum_j q_ij * logp[i, j]} with
     * {@code q_ij = (1 - eps) * [j == target_i] + eps / c} (PyTorch's {@code (1 - eps) * nll + eps / c *
     * smooth_loss}). {@code out} holds n values for {@link Reduction#NONE}, else one: the sum, or the sum / n
     * for {@link Reduction#MEAN}.
     */
    default void crossEntropyForward(Buffer logp, Buffer target, int n, int c, float eps, Reduction reduction,
                                     Buffer out) {
        Buffer o = HostFallback.hostLike(out);
        HostFallback.CPU.crossEntropyForward(HostFallback.toHost(this, logp), HostFallback.toHost(this, target), n, c,
                eps, reduction, o);
        HostFallback.copyBack(this, o, out);
    }

    /**
     * Gradient of {@link #crossEntropyForward} with respect to the logits that produced {@code logp}:
     * {@code gradIn[i, j] = g_i * s * (exp(logp[i, j]) - q_ij)}, where {@code g_i} is {@code gradOut[i]} for
     * {@link Reduction#NONE} and {@code gradOut[0]} otherwise, and {@code s} is {@code 1 / n} for MEAN, else 1.
     */
    default void crossEntropyBackward(Buffer logp, Buffer target, Buffer gradOut, int n, int c, float eps,
                                      Reduction reduction, Buffer gradIn) {
        Buffer o = HostFallback.hostLike(gradIn);
        HostFallback.CPU.crossEntropyBackward(HostFallback.toHost(this, logp), HostFallback.toHost(this, target),
                HostFallback.toHost(this, gradOut), n, c, eps, reduction, o);
        HostFallback.copyBack(this, o, gradIn);
    }

    /**
     * One in-place Adam/AdamW update of {@code param}, with PyTorch's single-tensor rules in float32 (step is the
     * 1-based count of updates of this parameter, including this one; bias corrections are computed in double):
     * <pre>
     * g = maximize ? -grad : grad
     * if weightDecay != 0: decoupled ? param *= 1 - lr * weightDecay : g += weightDecay * param
     * expAvg = lerp(expAvg, g, 1 - beta1)           // m + w * (g - m) for w &lt; 0.5, else g - (g - m) * (1 - w)
     * expAvgSq = expAvgSq * beta2 + (1 - beta2) * g * g
     * bc1 = 1 - beta1^step; bc2Sqrt = sqrt(1 - beta2^step)
     * if amsgrad: maxExpAvgSq = max(maxExpAvgSq, expAvgSq); v = maxExpAvgSq  else v = expAvgSq
     * param += (-lr / bc1) * expAvg / (sqrt(v) / bc2Sqrt + eps)
     * </pre>
     * {@code maxExpAvgSq} is null unless {@code amsgrad}. The state buffers start as zeros (the caller fills them).
     */
    default void adamStep(AdamParams p, int step, Buffer param, Buffer grad, Buffer expAvg, Buffer expAvgSq,
                          Buffer maxExpAvgSq) {
        Buffer w = HostFallback.toHost(this, param);
        Buffer m = HostFallback.toHost(this, expAvg);
        Buffer v = HostFallback.toHost(this, expAvgSq);
        Buffer vMax = HostFallback.toHost(this, maxExpAvgSq);
        HostFallback.CPU.adamStep(p, step, w, HostFallback.toHost(this, grad), m, v, vMax);
        HostFallback.copyBack(this, w, param);
        HostFallback.copyBack(this, m, expAvg);
        HostFallback.copyBack(this, v, expAvgSq);
        HostFallback.copyBack(this, vMax, maxExpAvgSq);
    }
}
