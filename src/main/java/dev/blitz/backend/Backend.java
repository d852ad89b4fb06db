package dev.blitz.backend;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.MemoryStats;
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The narrow kernel interface every backend implements. Buffers belong to this backend and hold one
 * {@link DType} each. The layout kernels ({@link #copyStrided}, {@link #binary}, {@link #unary},
 * {@link #where}) read views through {@link Strided}; every other kernel reads whole buffers as contiguous
 * row-major data. The network kernels (gemm, relu, conv, pool, losses, optimizers) take float32 only; the
 * general ones say which dtypes they take. Shapes, dtypes, indices and geometries are validated above this
 * layer, so kernels may assume valid input. Kernels overwrite their outputs (never accumulate) unless a parameter says otherwise, and may
 * run asynchronously: only {@link #download} and {@link #read} wait for results.
 */
public interface Backend {
    /** {@return the device whose memory this backend owns} */
    Device device();

    /**
     * A buffer of {@code length} floats with unspecified contents.
     *
     * @param length the number of floats, {@code >= 0}
     * @return a new buffer; the caller releases it
     * @throws RuntimeException if device memory runs out (CUDA: {@code OutOfDeviceMemoryException})
     */
    default Buffer allocate(int length) {
        return allocate(DType.FLOAT32, length);
    }

    /**
     * A buffer of {@code length} elements of {@code dtype} with unspecified contents.
     *
     * @param dtype the element type
     * @param length the number of elements, {@code >= 0}
     * @return a new buffer; the caller releases it
     * @throws RuntimeException if device memory runs out (CUDA: {@code OutOfDeviceMemoryException})
     */
    Buffer allocate(DType dtype, int length);

    /**
     * A new buffer holding a copy of {@code data}.
     *
     * @param data the values, row-major
     * @return a new buffer of {@code data.length} floats; the caller releases it
     * @throws RuntimeException if device memory runs out (CUDA: {@code OutOfDeviceMemoryException})
     */
    Buffer upload(float[] data);

    /**
     * A new float64 buffer holding a copy of {@code data}.
     *
     * @param data the values
     * @return a new buffer; the caller releases it
     */
    Buffer upload(double[] data);

    /**
     * A new int64 buffer holding a copy of {@code data}.
     *
     * @param data the values
     * @return a new buffer; the caller releases it
     */
    Buffer upload(long[] data);

    /**
     * A new bool buffer holding a copy of {@code data}.
     *
     * @param data the values
     * @return a new buffer; the caller releases it
     */
    Buffer upload(boolean[] data);

    /**
     * Copies the whole buffer into {@code dst}, waiting for pending work on it.
     *
     * @param src the buffer to read
     * @param dst the host array, {@code src.length()} long
     */
    void download(Buffer src, float[] dst);

    /**
     * Copies a whole float64 buffer into {@code dst}, waiting for pending work on it.
     *
     * @param src the buffer to read
     * @param dst the host array, {@code src.length()} long
     */
    void download(Buffer src, double[] dst);

    /**
     * Copies a whole int64 buffer into {@code dst}, waiting for pending work on it.
     *
     * @param src the buffer to read
     * @param dst the host array, {@code src.length()} long
     */
    void download(Buffer src, long[] dst);

    /**
     * Copies a whole bool buffer into {@code dst}, waiting for pending work on it.
     *
     * @param src the buffer to read
     * @param dst the host array, {@code src.length()} long
     */
    void download(Buffer src, boolean[] dst);

    /**
     * A buffer over the caller's array itself, not a copy, so that writes through either show in the other (the
     * NumPy bridge). Only backends whose memory is the Java heap can do this.
     *
     * @param data a {@code float[]} or {@code double[]}
     * @return a buffer that is never given to a pool on release
     * @throws UnsupportedOperationException if this backend's memory is not the Java heap
     */
    default Buffer wrap(Object data) {
        throw new UnsupportedOperationException(device() + " memory cannot share a Java array; copy it instead");
    }

    /**
     * The Java array behind a buffer, for the NumPy bridge.
     *
     * @param buffer a buffer of this backend
     * @return its {@code float[]}, {@code double[]}, {@code long[]} or {@code boolean[]}, or null where the memory
     *         is not on the Java heap
     */
    default Object hostArray(Buffer buffer) {
        return null;
    }

    /**
     * One element, waiting for pending work on it.
     *
     * @param src the buffer to read
     * @param index the element's position, in {@code [0, src.length())}
     * @return its value
     */
    float read(Buffer src, int index);

    /**
     * Sets every element of {@code dst}, of any dtype, to {@code value} converted to it (bool: nonzero).
     *
     * @param dst the buffer to write
     * @param value the value
     */
    void fill(Buffer dst, double value);

    /**
     * Copies {@code src} into {@code dst}, of the same dtype.
     *
     * @param src the buffer to read
     * @param dst the buffer to write, as long as {@code src}
     */
    void copy(Buffer src, Buffer dst);

    /**
     * Copies the view {@code src} into the view {@code dst}, both over {@code shape} and of one dtype: what
     * {@code contiguous()}, {@code expand} materialised, {@code cat} and writes into slices are made of.
     * {@code src} may have zero strides; {@code dst} may not overlap {@code src}'s memory.
     *
     * @param src the view to read
     * @param dst the view to write
     * @param dims the sizes per dimension of both views
     */
    void copyStrided(Strided src, Strided dst, int[] dims);

    /**
     * Converts every element of {@code src} to {@code dst}'s dtype, as PyTorch's {@code to(dtype)}: to bool
     * nonzero is true; from bool true is 1; float to int64 truncates toward zero.
     *
     * @param src the buffer to read
     * @param dst the buffer to write, as long as {@code src}
     */
    void cast(Buffer src, Buffer dst);

    /**
     * {@code out[i] = op(a[i], b[i])} over {@code outShape}, with {@code a} and {@code b} read through their
     * views (stride 0 where an operand is broadcast, see {@link Shape#broadcastStrides}). Both have one dtype
     * (float32, float64 or int64; bool for EQ and NE); {@code out} has it too, or bool for comparisons, and is
     * contiguous. {@code out} may be {@code a}'s or {@code b}'s buffer when that view is contiguous at offset 0.
     *
     * @param op the operation
     * @param a the left operand
     * @param b the right operand
     * @param out the result, {@code outShape.numel()} long
     * @param outShape the broadcast shape
     */
    void binary(BinaryOp op, Strided a, Strided b, Buffer out, Shape outShape);

    /**
     * {@code out[i] = op(x[i]; alpha, beta)} over {@code shape}, {@code x} read through its view (see
     * {@link UnaryOp} for the dtypes each op takes); {@code out} is contiguous, of {@code x}'s dtype or bool for
     * the bool ops, and may be {@code x}'s buffer when that view is contiguous at offset 0.
     *
     * @param op the operation
     * @param x the input
     * @param alpha the op's first parameter, else ignored
     * @param beta the op's second parameter, else ignored
     * @param out the result, {@code shape.numel()} long
     * @param shape the sizes per dimension
     */
    void unary(UnaryOp op, Strided x, double alpha, double beta, Buffer out, Shape shape);

    /**
     * {@code out[i] = cond[i] ? a[i] : b[i]} over {@code shape}, each read through its view; {@code cond} is bool,
     * {@code a}, {@code b} and the contiguous {@code out} have one dtype (any).
     *
     * @param cond the condition
     * @param a the values where it holds
     * @param b the values where it does not
     * @param out the result, {@code shape.numel()} long
     * @param shape the broadcast shape
     */
    void where(Strided cond, Strided a, Strided b, Buffer out, Shape shape);

    /**
     * Reduces the middle axis of {@code x}, any dtype, viewed as [outer, size, inner] (row-major):
     * {@code out[o * inner + i] = op over k of x[(o * size + k) * inner + i]}; {@code out}'s dtype is
     * {@link ReduceOp#resultType}. The order of each reduction is fixed (results do not depend on threads).
     *
     * @param op the reduction
     * @param x the input, {@code outer * size * inner} long
     * @param outer the product of the sizes before the reduced axis
     * @param size the reduced axis's size ({@code >= 1} for MAX, MIN, ARGMAX, ARGMIN)
     * @param inner the product of the sizes after the reduced axis
     * @param out the result, {@code outer * inner} long
     */
    void reduce(ReduceOp op, Buffer x, int outer, int size, int inner, Buffer out);

    /**
     * {@code out[o, j, i] = x[o, index[j], i]} with {@code x} viewed as [outer, size, inner] and {@code out} as
     * [outer, index.length(), inner], as {@code torch.index_select}; any dtype. Indices are int64 in
     * [0, size) (checked above).
     *
     * @param x the input
     * @param outer the product of the sizes before the indexed axis
     * @param size the indexed axis's size
     * @param inner the product of the sizes after it
     * @param index the int64 positions to take
     * @param out the result
     */
    void indexSelect(Buffer x, int outer, int size, int inner, Buffer index, Buffer out);

    /**
     * {@code out[o, index[j], i] += src[o, j, i]} with {@code out} viewed as [outer, size, inner] and {@code src}
     * as [outer, index.length(), inner], as {@code index_add_} (index_select's backward); float32 or float64.
     * Repeated indices add up, in increasing {@code j} (deterministic).
     *
     * @param src the values to add
     * @param outer the product of the sizes before the indexed axis
     * @param size the indexed axis's size in {@code out}
     * @param inner the product of the sizes after it
     * @param index the int64 positions, in [0, size)
     * @param out the accumulator
     */
    void indexAdd(Buffer src, int outer, int size, int inner, Buffer index, Buffer out);

    /**
     * {@code out[c] = x[c with c[dim] replaced by index[c]]} for every coordinate {@code c} of
     * {@code indexShape}, as {@code torch.gather}; any dtype. {@code x} has the same rank, and every other
     * dimension at least as large as {@code indexShape}'s; indices are int64 in [0, xDims[dim]) (checked above).
     *
     * @param x the input, contiguous over {@code xDims}
     * @param xDims its sizes
     * @param index the int64 indices, contiguous over {@code indexDims}
     * @param indexDims their sizes, also the output's
     * @param dim the gathered dimension
     * @param out the result, contiguous over {@code indexDims}
     */
    void gather(Buffer x, int[] xDims, Buffer index, int[] indexDims, int dim, Buffer out);

    /**
     * {@code out[c with c[dim] replaced by index[c]] = src[c]} (or {@code +=} when {@code add}) for every
     * coordinate {@code c} of {@code indexDims}, as {@code scatter_} and {@code scatter_add_} (gather's backward).
     * {@code src} and {@code out} have one dtype (add: float32 or float64), the rank of {@code index}, and every
     * dimension at least as large (but {@code out}'s {@code dim}); indices are in [0, outDims[dim]). Along
     * {@code dim}, positions are visited in increasing order, so with repeated indices the last write wins and
     * sums are deterministic.
     *
     * @param src the values, contiguous over {@code srcDims}
     * @param srcDims their sizes
     * @param index the int64 indices, contiguous over {@code indexDims}
     * @param indexDims their sizes
     * @param dim the scattered dimension
     * @param out the result, contiguous over {@code outDims}, written in place
     * @param outDims its sizes
     * @param add whether to add instead of overwrite
     */
    void scatter(Buffer src, int[] srcDims, Buffer index, int[] indexDims, int dim, Buffer out, int[] outDims,
                 boolean add);

    /**
     * {@code out = alpha * x + beta} elementwise; {@code out} may be {@code x}.
     *
     * @param x the input
     * @param alpha the factor
     * @param beta the offset
     * @param out the result, as long as {@code x}
     */
    void affine(Buffer x, float alpha, float beta, Buffer out);

    /**
     * {@code y += alpha * x} elementwise, as BLAS's axpy.
     *
     * @param alpha the factor
     * @param x the input
     * @param y the accumulator, as long as {@code x}
     */
    void axpy(float alpha, Buffer x, Buffer y);

    /**
     * Sums {@code src} over the dimensions where {@code dstShape} (broadcastable to srcShape) has size 1 or none.
     *
     * @param src the input
     * @param srcShape {@code src}'s shape
     * @param dst the result
     * @param dstShape {@code dst}'s shape, which broadcasts to {@code srcShape}
     */
    void sumTo(Buffer src, Shape srcShape, Buffer dst, Shape dstShape);

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C} with op(A) of shape m×k and op(B) k×n; A is stored
     * k×m when {@code transA}, B is stored n×k when {@code transB}. With {@code beta = 0}, C's old contents are
     * ignored.
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param alpha the product's factor
     * @param a matrix A
     * @param b matrix B
     * @param beta C's factor
     * @param c the m×n result
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Buffer a, Buffer b, float beta,
              Buffer c);

    /**
     * {@link #gemm} over a batch, in float32 or float64 (all three buffers of one dtype): for each
     * {@code i < batch}, the matrices start at element {@code i * stride} of their buffer (stride 0 uses one
     * matrix for the whole batch, as matmul's broadcasting does). C's matrices may not overlap.
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param alpha the product's factor
     * @param a the A matrices
     * @param strideA elements from one A to the next
     * @param b the B matrices
     * @param strideB elements from one B to the next
     * @param beta C's factor (with 0, C's old contents are ignored)
     * @param c the C matrices
     * @param strideC elements from one C to the next, at least {@code m * n}
     * @param batch the number of products
     */
    void gemmBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, int strideA,
                     Buffer b, int strideB, double beta, Buffer c, int strideC, int batch);

    /**
     * {@code y = max(x, 0)} elementwise.
     *
     * @param x the input
     * @param y the output, as long as {@code x}
     */
    void reluForward(Buffer x, Buffer y);

    /**
     * {@code dx = y > 0 ? dy : 0}, from the forward output {@code y}.
     *
     * @param y the forward output
     * @param dy the gradient with respect to {@code y}
     * @param dx the gradient with respect to the input
     */
    void reluBackward(Buffer y, Buffer dy, Buffer dx);

    /**
     * {@code y = conv(x, w) + bias}, a cross-correlation as PyTorch computes it.
     *
     * @param g the operands' sizes, stride and padding
     * @param x the NCHW input
     * @param w the OIHW weight
     * @param bias one value per output channel, or null for none
     * @param y the NCHW output, {@code g.outputNumel()} long
     */
    void conv2dForward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y);

    /**
     * The gradient of a convolution with respect to its input.
     *
     * @param g the forward's geometry
     * @param w the OIHW weight
     * @param dy the gradient with respect to the output
     * @param dx the gradient with respect to the input, {@code g.inputNumel()} long
     */
    void conv2dBackwardData(ConvGeometry g, Buffer w, Buffer dy, Buffer dx);

    /**
     * The gradient of a convolution with respect to its weight.
     *
     * @param g the forward's geometry
     * @param x the NCHW input
     * @param dy the gradient with respect to the output
     * @param dw the gradient with respect to the weight, {@code g.weightNumel()} long
     */
    void conv2dBackwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw);

    /**
     * The gradient of a convolution with respect to its bias: {@code dy} summed over batch, height and width.
     *
     * @param g the forward's geometry
     * @param dy the gradient with respect to the output
     * @param db the gradient with respect to the bias, {@code g.outChannels()} long
     */
    void conv2dBackwardBias(ConvGeometry g, Buffer dy, Buffer db);

    /**
     * {@code y} holds the maximum of each window of {@code x}.
     *
     * @param g the window, stride and padding
     * @param x the NCHW input
     * @param y the NCHW output, {@code g.outputNumel()} long
     */
    void maxPool2dForward(PoolGeometry g, Buffer x, Buffer y);

    /**
     * Routes each {@code dy} to the input cell that won the window (the first maximum, as PyTorch); every other
     * cell of {@code dx} is 0.
     *
     * @param g the forward's geometry
     * @param x the forward input
     * @param y the forward output
     * @param dy the gradient with respect to {@code y}
     * @param dx the gradient with respect to {@code x}
     */
    void maxPool2dBackward(PoolGeometry g, Buffer x, Buffer y, Buffer dy, Buffer dx);

    /**
     * Squared error of {@code n} elements: {@code (input - target)^2}, reduced as asked.
     *
     * @param input the prediction
     * @param target the expected values
     * @param n the element count of each
     * @param reduction how to reduce
     * @param out 1 value, or {@code n} for {@link Reduction#NONE}
     */
    void mseForward(Buffer input, Buffer target, int n, Reduction reduction, Buffer out);

    /**
     * {@code gradIn = d loss / d input}, given the loss gradient {@code gradOut}.
     *
     * @param input the prediction
     * @param target the expected values
     * @param gradOut the gradient with respect to the loss: 1 value, or {@code n} for {@link Reduction#NONE}
     * @param n the element count of {@code input}
     * @param reduction the forward's reduction
     * @param gradIn the gradient with respect to {@code input}
     */
    void mseBackward(Buffer input, Buffer target, Buffer gradOut, int n, Reduction reduction, Buffer gradIn);

    /**
     * One in-place SGD update of {@code param} with PyTorch's rules. {@code momentumBuffer} is null without
     * momentum; {@code firstStep} says it holds nothing yet (PyTorch then copies the gradient into it).
     *
     * @param p the hyper-parameters
     * @param param the parameter, updated in place
     * @param grad its gradient (left unchanged)
     * @param momentumBuffer the momentum state, updated in place, or null without momentum
     * @param firstStep whether {@code momentumBuffer} is still to be initialised
     */
    void sgdStep(SgdParams p, Buffer param, Buffer grad, Buffer momentumBuffer, boolean firstStep);

    /**
     * Writes the algorithm choices this backend has made (cuDNN's convolution algorithms per geometry) to
     * {@code file}, for {@link #loadAlgorithmCache} in a later process. Backends that choose none write nothing.
     *
     * @param file where to write; replaced only once the new file is complete
     * @return how many choices were written
     * @throws IOException if the file cannot be written
     */
    default int saveAlgorithmCache(Path file) throws IOException {
        return 0;
    }

    /**
     * Adds the choices {@link #saveAlgorithmCache} wrote, so they are not searched for again, unless the file was
     * made on another device, driver or library version. Backends that choose none read nothing.
     *
     * @param file a file {@link #saveAlgorithmCache} wrote
     * @return how many choices were added (0 for another device's file)
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not such a file, saying where
     */
    default int loadAlgorithmCache(Path file) throws IOException {
        return 0;
    }

    /**
     * What this backend's allocator holds; backends whose memory the GC manages report zeros.
     *
     * @return the counters, or {@link MemoryStats#NONE}
     */
    default MemoryStats memoryStats() {
        return MemoryStats.NONE;
    }

    /**
     * Row-wise log-softmax of an {@code rows x cols} matrix: {@code out[r, c] = x[r, c] - max_r - log(sum_j
     * exp(x[r, j] - max_r))}, computed stably (the row maximum is subtracted before exponentiating).
     * {@code out} may not be {@code x}.
     *
     * @param x the input matrix
     * @param rows its rows
     * @param cols its columns
     * @param out the result, as long as {@code x}
     */
    void logSoftmax(Buffer x, int rows, int cols, Buffer out);

    /**
     * Cross-entropy from log-probabilities {@code logp} ({@code n x c}, from {@link #logSoftmax}) and class
     * indices {@code target} (n floats that should hold integers in [0, c)), with label smoothing
     * {@code eps} in [0, 1]: per row {@code loss_i = -sum_j q_ij * logp[i, j]} with
     * {@code q_ij = (1 - eps) * [j == target_i] + eps / c} (PyTorch's {@code (1 - eps) * nll + eps / c *
     * smooth_loss}).
     *
     * <p>The caller checks the targets on the CPU, and passes only class indices there. On CUDA the backend checks
     * them itself, so that a training step need not wait for the GPU: a row whose target is -100 (PyTorch's
     * default {@code ignore_index}) is ignored (loss 0, gradient 0, and MEAN divides by the number of the other
     * rows: NaN when there are none, as PyTorch); a row whose target is neither gets a NaN loss (and NaN
     * gradients from {@link #crossEntropyBackward}), and the next {@link #download} or {@link #read} throws an
     * IllegalArgumentException naming the value.
     *
     * @param logp the {@code n x c} log-probabilities
     * @param target {@code n} class indices
     * @param n the rows
     * @param c the classes
     * @param eps the label smoothing
     * @param reduction how to reduce the per-row losses
     * @param out n values for {@link Reduction#NONE}, else one: the sum, or for {@link Reduction#MEAN} the sum / n
     *     (n less the ignored rows on CUDA)
     */
    void crossEntropyForward(Buffer logp, Buffer target, int n, int c, float eps, Reduction reduction, Buffer out);

    /**
     * Gradient of {@link #crossEntropyForward} with respect to the logits that produced {@code logp}:
     * {@code gradIn[i, j] = g_i * s * (exp(logp[i, j]) - q_ij)}, where {@code g_i} is {@code gradOut[i]} for
     * {@link Reduction#NONE} and {@code gradOut[0]} otherwise, and {@code s} is {@code 1 / n} for MEAN, else 1;
     * on CUDA 0 for an ignored row (target -100), with n the number of the other rows.
     *
     * @param logp the forward's log-probabilities
     * @param target the forward's class indices
     * @param gradOut the gradient with respect to the loss
     * @param n the rows
     * @param c the classes
     * @param eps the forward's label smoothing
     * @param reduction the forward's reduction
     * @param gradIn the {@code n x c} gradient with respect to the logits
     */
    void crossEntropyBackward(Buffer logp, Buffer target, Buffer gradOut, int n, int c, float eps,
                              Reduction reduction, Buffer gradIn);

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
     * The state buffers start as zeros (the caller fills them).
     *
     * @param p the hyper-parameters
     * @param step the 1-based update count, this one included
     * @param param the parameter, updated in place
     * @param grad its gradient (left unchanged)
     * @param expAvg the first moment, updated in place
     * @param expAvgSq the second moment, updated in place
     * @param maxExpAvgSq the running maximum of the second moment, updated in place; null unless {@code amsgrad}
     */
    void adamStep(AdamParams p, int step, Buffer param, Buffer grad, Buffer expAvg, Buffer expAvgSq,
                  Buffer maxExpAvgSq);
}
