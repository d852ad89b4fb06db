package dev.blitz.tensor;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.Strided;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A float32 n-dimensional array on a device, recording the ops that produce it when gradients are wanted.
 * Tensors are contiguous and row-major.
 * <p>
 * Memory: {@link #close()} (or the {@link MemoryScope} a tensor was created in) gives up this tensor's hold on
 * its memory, and using the tensor afterwards throws {@link ClosedTensorException}. Views ({@link #view},
 * {@link #reshape}, {@link #flatten}) and {@link #detach()} share memory with their tensor, as in PyTorch: writes
 * through one show in the other, and the memory is freed only when the last of them closes. So a view or detached
 * tensor taken before the close stays usable after it, by design; a copy ({@link #copy()}) is what is
 * independent.
 * <p>
 * Threads: a tensor is not synchronised; use it from one thread at a time. Separate tensors may be used from
 * several threads at once, on the CPU and on CUDA, where the calls of all threads are queued one after another
 * on the GPU's one stream: two threads each training their own network get the results they would get one after
 * the other. A thread's {@link MemoryScope} and no-grad mode are its own.
 */
public final class Tensor implements AutoCloseable {
    private Storage storage;
    private final Shape shape;
    /** Element strides per dimension: element (i, j, ...) is at {@code offset + i * strides[0] + j * strides[1] ...}. */
    private final int[] strides;
    private final int offset;
    private final DType dtype;
    /** The tensor a view op made this one from (PyTorch's {@code _base}), or null. */
    private final Tensor base;
    private boolean requiresGrad;
    private Function gradFn;
    /**
     * For a view made while gradients were recorded: the same view replayed from its root base on another tensor
     * of the root's shape (PyTorch's view_fn), which {@link CopySlices} and the view's regenerated grad_fn use;
     * null otherwise.
     */
    private UnaryOperator<Tensor> viewFn;
    /** The memory's version when this view's grad_fn was last set; a later in-place write makes it stale. */
    private int viewVersion;
    private Tensor grad;
    private boolean closed;
    /** Whether {@link MemoryScope} closed it, for the message of a later use. */
    private boolean closedByScope;
    /** The {@link MemoryScope} that closes this tensor, or null. */
    MemoryScope scope;

    private Tensor(Storage storage, Shape shape) {
        this(storage, shape, Shape.contiguousStrides(shape.dims()), 0, null);
    }

    private Tensor(Storage storage, Shape shape, int[] strides, int offset, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.dtype = storage.buffer().dtype();
        this.base = base;
        MemoryScope.track(this);
    }


    /**
     * A float32 tensor with unspecified contents, for kernels to write, as {@code torch.empty}.
     *
     * @param shape its shape
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     * @throws OutOfMemoryError naming the op, the shape and the bytes, if the Java heap has no room for it
     */
    public static Tensor empty(Shape shape, Device device) {
        return empty(shape, DType.FLOAT32, device);
    }

    /**
     * A tensor with unspecified contents, as {@code torch.empty(shape, dtype=dtype, device=device)}.
     *
     * @param shape its shape
     * @param dtype its element type
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     * @throws OutOfMemoryError naming the op, the shape and the bytes, if the Java heap has no room for it
     */
    public static Tensor empty(Shape shape, DType dtype, Device device) {
        Backend backend = Backends.of(device);
        Buffer buffer;
        try {
            buffer = backend.allocate(dtype, shape.numel());
        } catch (OutOfMemoryError e) {
            throw OutOfHeap.error(e, shape, device);
        }
        return new Tensor(new Storage(backend, buffer), shape);
    }

    /**
     * Copies {@code data} (row-major) into a new float32 tensor of the given shape on the default device, as
     * {@code torch.tensor(data).view(shape)}.
     *
     * @param data the values, {@code numel} of them
     * @param shape sizes per dimension; none for a scalar ({@code Tensor.of(new float[] {1, 2})}, with no shape
     *        argument, is {@link #of(Object)}: a 1-D tensor)
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if {@code data.length} is not the shape's element count
     */
    public static Tensor of(float[] data, int... shape) {
        return of(data, Shape.of(shape), Backends.defaultDevice());
    }

    /**
     * Copies {@code data} (row-major) into a new float64 tensor, as {@code torch.tensor(data,
     * dtype=torch.float64).view(shape)}.
     *
     * @param data the values
     * @param shape sizes per dimension; an empty array for a scalar
     * @return a new tensor on the default device
     * @throws IllegalArgumentException if {@code data.length} is not the shape's element count
     */
    public static Tensor of(double[] data, int... shape) {
        return fromHost(data, Shape.of(shape), Backends.defaultDevice());
    }

    /**
     * Copies {@code data} (row-major) into a new int64 tensor, as {@code torch.tensor(data).view(shape)} of
     * integers.
     *
     * @param data the values
     * @param shape sizes per dimension; an empty array for a scalar
     * @return a new tensor on the default device
     * @throws IllegalArgumentException if {@code data.length} is not the shape's element count
     */
    public static Tensor of(long[] data, int... shape) {
        return fromHost(data, Shape.of(shape), Backends.defaultDevice());
    }

    /**
     * Copies {@code data} (row-major) into a new bool tensor, as {@code torch.tensor(data).view(shape)} of
     * booleans.
     *
     * @param data the values
     * @param shape sizes per dimension; an empty array for a scalar
     * @return a new tensor on the default device
     * @throws IllegalArgumentException if {@code data.length} is not the shape's element count
     */
    public static Tensor of(boolean[] data, int... shape) {
        return fromHost(data, Shape.of(shape), Backends.defaultDevice());
    }

    /**
     * A tensor from nested Java arrays, as {@code torch.tensor(data)} from nested lists: {@code new float[][]
     * {{1, 2}, {3, 4}}} gives a 2x2 float32 tensor; double gives float64, long and int give int64 (PyTorch's integer
     * type), boolean gives bool.
     *
     * @param data a rectangular array of float, double, long, int or boolean, of any depth
     * @return a new tensor on the default device
     * @throws IllegalArgumentException if {@code data} is not such an array, or its rows differ in length
     */
    public static Tensor of(Object data) {
        HostArrays.Flat flat = HostArrays.flatten(data);
        return fromHost(flat.values(), Shape.of(flat.dims()), Backends.defaultDevice());
    }

    /**
     * Copies {@code data} (row-major) into a new float32 tensor of the given shape on {@code device}.
     *
     * @param data the values, {@code shape.numel()} of them
     * @param shape its shape
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if {@code data.length} is not {@code shape.numel()}
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     * @throws OutOfMemoryError naming the shape and the bytes, if the Java heap has no room for the copy
     */
    public static Tensor of(float[] data, Shape shape, Device device) {
        return fromHost(data, shape, device);
    }

    /**
     * Copies {@code data} (row-major) into a new int64 tensor of the given shape on {@code device}: class labels
     * and indices, as {@code torch.tensor(data, device=device)} of integers.
     *
     * @param data the values, {@code shape.numel()} of them
     * @param shape its shape
     * @param device where its memory lives
     * @return a new tensor
     * @throws IllegalArgumentException if {@code data.length} is not {@code shape.numel()}
     */
    public static Tensor of(long[] data, Shape shape, Device device) {
        return fromHost(data, shape, device);
    }

    /** A new tensor holding a copy of a typed host array (see {@link HostArrays}). */
    static Tensor fromHost(Object values, Shape shape, Device device) {
        int length = HostArrays.length(values);
        if (length != shape.numel()) {
            throw new IllegalArgumentException("Tensor.of: " + length + " values cannot fill shape " + shape
                    + " (expected " + shape.numel() + ")");
        }
        Backend backend = Backends.of(device);
        Buffer buffer;
        try {
            buffer = HostArrays.upload(backend, values);
        } catch (OutOfMemoryError e) {
            throw OutOfHeap.error(e, shape, device);
        }
        return new Tensor(new Storage(backend, buffer), shape);
    }

    /**
     * A CPU tensor over {@code data} itself, not a copy, as {@code torch.from_numpy}: {@code addInPlace} on the
     * tensor shows in the array, and writes into the array show in the tensor.
     *
     * @param data the values, row-major; the tensor uses this array as its memory
     * @param shape sizes per dimension; none for a 1-D tensor of all the values
     * @return a float32 CPU tensor sharing {@code data}
     * @throws IllegalArgumentException if {@code data.length} is not the shape's element count
     */
    public static Tensor fromArray(float[] data, int... shape) {
        return wrap(data, data.length, shape);
    }

    /**
     * A CPU tensor over {@code data} itself, as {@code torch.from_numpy} of a float64 array.
     *
     * @param data the values, row-major; the tensor uses this array as its memory
     * @param shape sizes per dimension; none for a 1-D tensor of all the values
     * @return a float64 CPU tensor sharing {@code data}
     * @throws IllegalArgumentException if {@code data.length} is not the shape's element count
     */
    public static Tensor fromArray(double[] data, int... shape) {
        return wrap(data, data.length, shape);
    }

    private static Tensor wrap(Object data, int length, int[] sizes) {
        Shape shape = sizes.length == 0 ? Shape.of(length) : Shape.of(sizes);
        if (shape.numel() != length) {
            throw new IllegalArgumentException("fromArray: an array of " + length + " values cannot back shape "
                    + shape + " (" + shape.numel() + " elements); expected an array of exactly that many");
        }
        Backend cpu = Backends.of(Device.CPU);
        return new Tensor(new Storage(cpu, cpu.wrap(data)), shape);
    }

    /**
     * A 0-dimensional float32 tensor on the default device, as {@code torch.tensor(value)}.
     *
     * @param value its value
     * @return a new tensor of shape {@code []}
     */
    public static Tensor scalar(double value) {
        return of(new float[] {(float) value}, Shape.of(), Backends.defaultDevice());
    }

    /**
     * A float32 tensor filled with one value, as {@code torch.full}.
     *
     * @param shape its shape
     * @param value the value of every element
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     */
    public static Tensor full(Shape shape, double value, Device device) {
        return full(shape, value, DType.FLOAT32, device);
    }

    /**
     * A tensor filled with one value, as {@code torch.full(shape, value, dtype=dtype, device=device)}.
     *
     * @param shape its shape
     * @param value the value of every element, converted to {@code dtype}
     * @param dtype its element type
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     */
    public static Tensor full(Shape shape, double value, DType dtype, Device device) {
        Tensor t = empty(shape, dtype, device);
        t.backend().fill(t.buffer(), value);
        return t;
    }

    /**
     * A float32 tensor filled with one value on the default device, as {@code torch.full(size, value)} of a Python
     * float.
     *
     * @param shape sizes per dimension
     * @param value the value of every element
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if a size is negative
     */
    public static Tensor full(int[] shape, double value) {
        return full(Creation.shape("full", shape), value, Backends.defaultDevice());
    }

    /**
     * A float32 tensor filled with one value on the default device, as {@code torch.full(size, value)}.
     *
     * @param shape its shape
     * @param value the value of every element
     * @return a new tensor that does not require grad
     */
    public static Tensor full(Shape shape, double value) {
        return full(shape, value, Backends.defaultDevice());
    }

    /**
     * Float32 zeros on the default device, as {@code torch.zeros}.
     *
     * @param shape sizes per dimension
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if a size is negative
     */
    public static Tensor zeros(int... shape) {
        return full(Creation.shape("zeros", shape), 0, Backends.defaultDevice());
    }

    /**
     * Zeros of a dtype, as {@code torch.zeros(shape, dtype=dtype, device=device)}.
     *
     * @param shape its shape
     * @param dtype its element type
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     */
    public static Tensor zeros(Shape shape, DType dtype, Device device) {
        return full(shape, 0, dtype, device);
    }

    /**
     * Float32 ones on the default device, as {@code torch.ones}.
     *
     * @param shape sizes per dimension
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if a size is negative
     */
    public static Tensor ones(int... shape) {
        return full(Creation.shape("ones", shape), 1, Backends.defaultDevice());
    }

    /**
     * Ones of a dtype, as {@code torch.ones(shape, dtype=dtype, device=device)}.
     *
     * @param shape its shape
     * @param dtype its element type
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     */
    public static Tensor ones(Shape shape, DType dtype, Device device) {
        return full(shape, 1, dtype, device);
    }

    /**
     * The int64 integers {@code 0, 1, ..., end - 1}, as {@code torch.arange(end)} of an integer.
     *
     * @param end the exclusive upper end
     * @return a new 1-D int64 tensor on the default device, empty if {@code end <= 0}
     * @throws IllegalArgumentException if {@code end < 0}
     */
    public static Tensor arange(long end) {
        return arange(0, end, 1);
    }

    /**
     * The int64 integers {@code start, start + 1, ..., end - 1}, as {@code torch.arange(start, end)} of integers.
     *
     * @param start the first value
     * @param end the exclusive upper end
     * @return a new 1-D int64 tensor on the default device
     * @throws IllegalArgumentException if {@code end < start}
     */
    public static Tensor arange(long start, long end) {
        return arange(start, end, 1);
    }

    /**
     * The int64 integers {@code start + i * step} before {@code end}, as {@code torch.arange(start, end, step)}
     * of integers: {@code ceil((end - start) / step)} of them.
     *
     * @param start the first value
     * @param end the exclusive end
     * @param step the difference between neighbours; negative counts down
     * @return a new 1-D int64 tensor on the default device
     * @throws IllegalArgumentException if {@code step} is 0 ("step must be nonzero"), or {@code end} lies on the
     *     wrong side of {@code start} for its sign
     */
    public static Tensor arange(long start, long end, long step) {
        return Creation.arange(start, end, step, Backends.defaultDevice());
    }

    /**
     * Float32 {@code 0, 1, ...} below {@code end}, as {@code torch.arange(end)} of a float ({@code arange(5)}, an
     * integer, gives int64 as in PyTorch; {@code arange(5.0)} float32).
     *
     * @param end the exclusive upper end
     * @return a new 1-D float32 tensor on the default device
     * @throws IllegalArgumentException if {@code end} is negative or not finite
     */
    public static Tensor arange(double end) {
        return arange(0, end, 1);
    }

    /**
     * Float32 {@code start, start + 1, ...} below {@code end}, as {@code torch.arange(start, end)} with a float.
     *
     * @param start the first value
     * @param end the exclusive upper end
     * @return a new 1-D float32 tensor on the default device
     * @throws IllegalArgumentException if {@code end < start}, or either is not finite
     */
    public static Tensor arange(double start, double end) {
        return arange(start, end, 1);
    }

    /**
     * Float32 {@code start + i * step} before {@code end}, as {@code torch.arange(start, end, step)} with a float:
     * {@code ceil((end - start) / step)} values ({@code arange(0, 1, 0.1)} has 10), computed in double as PyTorch's
     * CPU kernel does, to the bit (see {@link #arange(double, double, double, DType, Device)}).
     *
     * @param start the first value
     * @param end the exclusive end
     * @param step the difference between neighbours; negative counts down
     * @return a new 1-D float32 tensor on the default device
     * @throws IllegalArgumentException if {@code step} is 0, {@code end} lies on the wrong side of {@code start}
     *     for its sign, or an argument is not finite
     */
    public static Tensor arange(double start, double end, double step) {
        return arange(start, end, step, DType.FLOAT32, Backends.defaultDevice());
    }

    /**
     * {@code start + i * step} before {@code end}, as {@code torch.arange(start, end, step, dtype=dtype,
     * device=device)}. float32 and float64 are PyTorch's CPU values to the bit (one thread, x86 with AVX2): their
     * count is {@code ceil((end - start) / step)} in double, and each value {@code start + i * step} is computed
     * in double with fused multiply-adds as PyTorch's vectorised kernel does (in groups of 8 float32 or 4 float64,
     * from the group's first value), then rounded. int64 truncates the arguments to integers first, as PyTorch
     * ({@code arange(0, 5.5, 1.5, INT64)} is {@code [0, 1, 2, 3, 4]}).
     *
     * @param start the first value
     * @param end the exclusive end
     * @param step the difference between neighbours; negative counts down
     * @param dtype float32, float64 or int64
     * @param device where its memory lives
     * @return a new 1-D tensor
     * @throws IllegalArgumentException as {@link #arange(double, double, double)}, or for bool
     */
    public static Tensor arange(double start, double end, double step, DType dtype, Device device) {
        return Creation.arange(start, end, step, dtype, device);
    }

    /**
     * {@code steps} float32 values evenly spaced from {@code start} to {@code end}, both included, as
     * {@code torch.linspace(start, end, steps)}.
     *
     * @param start the first value
     * @param end the last value
     * @param steps how many values
     * @return a new 1-D float32 tensor on the default device
     * @throws IllegalArgumentException if {@code steps < 0}
     */
    public static Tensor linspace(double start, double end, int steps) {
        return linspace(start, end, steps, DType.FLOAT32, Backends.defaultDevice());
    }

    /**
     * {@code steps} values evenly spaced from {@code start} to {@code end}, as {@code torch.linspace(start, end,
     * steps, dtype=dtype, device=device)}, to the bit: PyTorch's CPU kernel takes {@code step = (end - start) /
     * (steps - 1)} in the dtype and computes the first half forwards from {@code start} and the second half
     * backwards from {@code end}, so both end points are exact; int64 truncates each value.
     *
     * @param start the first value
     * @param end the last value
     * @param steps how many values; 1 gives {@code [start]}
     * @param dtype float32, float64 or int64
     * @param device where its memory lives
     * @return a new 1-D tensor
     * @throws IllegalArgumentException if {@code steps < 0}, or for bool
     */
    public static Tensor linspace(double start, double end, int steps, DType dtype, Device device) {
        return Creation.linspace(start, end, steps, dtype, device);
    }

    /**
     * The float32 {@code n x n} identity matrix on the default device, as {@code torch.eye(n)}.
     *
     * @param n rows and columns
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static Tensor eye(int n) {
        return eye(n, n);
    }

    /**
     * A float32 {@code n x m} matrix with ones on the main diagonal, as {@code torch.eye(n, m)}.
     *
     * @param n rows
     * @param m columns
     * @return a new tensor on the default device
     * @throws IllegalArgumentException if {@code n} or {@code m} is negative
     */
    public static Tensor eye(int n, int m) {
        return eye(n, m, DType.FLOAT32, Backends.defaultDevice());
    }

    /**
     * An {@code n x m} matrix with ones on the main diagonal, as {@code torch.eye(n, m, dtype=dtype,
     * device=device)}.
     *
     * @param n rows
     * @param m columns
     * @param dtype its element type (bool gives true on the diagonal)
     * @param device where its memory lives
     * @return a new tensor
     * @throws IllegalArgumentException if {@code n} or {@code m} is negative
     */
    public static Tensor eye(int n, int m, DType dtype, Device device) {
        return Creation.eye(n, m, dtype, device);
    }

    /**
     * Standard normal float32 samples from the default {@link Generator} (seed it with {@code Blitz.manualSeed})
     * on the default device, as {@code torch.randn}: the same numbers as PyTorch's CPU after the same seed,
     * whatever the device.
     *
     * @param shape sizes per dimension
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if a size is negative
     */
    public static Tensor randn(int... shape) {
        return randn(Creation.shape("randn", shape), DType.FLOAT32, Backends.defaultDevice());
    }

    /**
     * Standard normal samples of a dtype, as {@code torch.randn(shape, dtype=dtype, device=device)}: PyTorch's CPU
     * numbers after the same seed, whatever the device (float64 ones to the last bit but for about 1 in 500, see
     * {@link Generator}).
     *
     * @param shape its shape
     * @param dtype float32 or float64
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException for int64 or bool
     */
    public static Tensor randn(Shape shape, DType dtype, Device device) {
        return RandomFill.fresh("randn", RandomFill.Kind.NORMAL, shape, dtype, device, 0, 1);
    }

    /**
     * Uniform float32 samples on {@code [0, 1)} from the default {@link Generator} on the default device, as
     * {@code torch.rand}: the same numbers as PyTorch's CPU after the same seed, whatever the device.
     *
     * @param shape sizes per dimension
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if a size is negative
     */
    public static Tensor rand(int... shape) {
        return rand(Creation.shape("rand", shape), DType.FLOAT32, Backends.defaultDevice());
    }

    /**
     * Uniform samples on {@code [0, 1)} of a dtype, as {@code torch.rand(shape, dtype=dtype, device=device)}:
     * PyTorch's CPU numbers after the same seed, bit for bit (float64 from 53 random bits each).
     *
     * @param shape its shape
     * @param dtype float32 or float64
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException for int64 or bool
     */
    public static Tensor rand(Shape shape, DType dtype, Device device) {
        return RandomFill.fresh("rand", RandomFill.Kind.UNIFORM, shape, dtype, device, 0, 1);
    }

    /**
     * Int64 integers uniform on {@code [low, high)} from the default {@link Generator} on the default device, as
     * {@code torch.randint(low, high, size)}: PyTorch's CPU numbers after the same seed.
     *
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @param shape sizes per dimension
     * @return a new int64 tensor that does not require grad
     * @throws IllegalArgumentException if {@code low >= high}, or a size is negative
     */
    public static Tensor randint(long low, long high, int... shape) {
        return randint(low, high, Creation.shape("randint", shape), DType.INT64, Backends.defaultDevice());
    }

    /**
     * Integers uniform on {@code [low, high)} as a dtype, as {@code torch.randint(low, high, size, dtype=dtype,
     * device=device)}: the same draws for every dtype.
     *
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @param shape its shape
     * @param dtype int64, float32 or float64 (whose bounds must lie within ±2²⁴ or ±2⁵³, where every integer
     *     is exact: PyTorch only warns there and draws from a shifted range), or bool (a range within [0, 2))
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if {@code low >= high}, or the range does not fit the dtype
     */
    public static Tensor randint(long low, long high, Shape shape, DType dtype, Device device) {
        RandomFill.checkIntegerRange("randint", low, high, dtype);
        long[] values = Generator.getDefault().randint(low, high, shape.numel());
        return fromHost(RandomFill.integers(values, dtype), shape, device);
    }

    /**
     * A random permutation of {@code 0..n-1} as int64 on the default device, from the default {@link Generator},
     * as {@code torch.randperm(n)}: PyTorch's CPU numbers after the same seed.
     *
     * @param n how many values
     * @return a new 1-D int64 tensor
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static Tensor randperm(int n) {
        return randperm(n, DType.INT64, Backends.defaultDevice());
    }

    /**
     * A random permutation of {@code 0..n-1}, as {@code torch.randperm(n, dtype=dtype, device=device)}: the same
     * permutation for every dtype.
     *
     * @param n how many values
     * @param dtype int64, float32 (at most 2²⁴ + 1 values, as PyTorch) or float64
     * @param device where its memory lives
     * @return a new 1-D tensor
     * @throws IllegalArgumentException if {@code n < 0}, {@code n} is too large for float32, or for bool
     */
    public static Tensor randperm(int n, DType dtype, Device device) {
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("randperm: \"randperm\" not implemented for '" + dtype
                    + "'; expected torch.int64, torch.float32 or torch.float64");
        }
        if (dtype == DType.FLOAT32 && n > (1 << 24) + 1) {
            throw new IllegalArgumentException("randperm: n cannot be greater than 2^24+1 for Float type (" + dtype
                    + "), got " + n);
        }
        long[] values = Generator.getDefault().randperm(n);
        return fromHost(RandomFill.integers(values, dtype), Shape.of(n), device);
    }

    /**
     * Zeros with {@code t}'s shape, dtype and device, as {@code torch.zeros_like}.
     *
     * @param t the tensor to take shape, dtype and device from
     * @return a new tensor that does not require grad
     */
    public static Tensor zerosLike(Tensor t) {
        return full(t.shape, 0, t.dtype, t.device());
    }

    /**
     * Ones with {@code t}'s shape, dtype and device, as {@code torch.ones_like}.
     *
     * @param t the tensor to take shape, dtype and device from
     * @return a new tensor that does not require grad
     */
    public static Tensor onesLike(Tensor t) {
        return full(t.shape, 1, t.dtype, t.device());
    }

    /**
     * One value in {@code t}'s shape, dtype and device, as {@code torch.full_like(t, value)}.
     *
     * @param t the tensor to take shape, dtype and device from
     * @param value the value of every element, converted to {@code t}'s dtype
     * @return a new tensor that does not require grad
     */
    public static Tensor fullLike(Tensor t, double value) {
        return full(t.shape, value, t.dtype, t.device());
    }

    /**
     * One value in {@code t}'s shape and device, as {@code torch.full_like(t, value, dtype=dtype)}.
     *
     * @param t the tensor to take shape and device from
     * @param value the value of every element, converted to {@code dtype}
     * @param dtype its element type
     * @return a new tensor that does not require grad
     */
    public static Tensor fullLike(Tensor t, double value, DType dtype) {
        return full(t.shape, value, dtype, t.device());
    }

    /**
     * A tensor with {@code t}'s shape, dtype and device and unspecified contents, as {@code torch.empty_like}.
     *
     * @param t the tensor to take shape, dtype and device from
     * @return a new contiguous tensor that does not require grad
     */
    public static Tensor emptyLike(Tensor t) {
        return empty(t.shape, t.dtype, t.device());
    }

    /**
     * Uniform samples on [0, 1) with {@code t}'s shape and device, as {@code torch.rand_like(t, dtype=dtype)}:
     * drawn as {@link #rand(Shape, DType, Device)} draws them.
     *
     * @param t the tensor to take shape and device from
     * @param dtype float32 or float64
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if {@code dtype} is not a floating-point type
     */
    public static Tensor randLike(Tensor t, DType dtype) {
        return RandomFill.fresh("randLike", RandomFill.Kind.UNIFORM, t.shape, dtype, t.device(), 0, 1);
    }

    /**
     * {@link #randLike(Tensor, DType)} with {@code t}'s dtype, as {@code torch.rand_like(t)}.
     *
     * @param t a floating-point tensor to take shape, dtype and device from
     * @return a new tensor that does not require grad
     */
    public static Tensor randLike(Tensor t) {
        return randLike(t, t.dtype);
    }

    /**
     * Standard normal samples with {@code t}'s shape and device, as {@code torch.randn_like(t, dtype=dtype)}:
     * drawn as {@link #randn(Shape, DType, Device)} draws them.
     *
     * @param t the tensor to take shape and device from
     * @param dtype float32 or float64
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if {@code dtype} is not a floating-point type
     */
    public static Tensor randnLike(Tensor t, DType dtype) {
        return RandomFill.fresh("randnLike", RandomFill.Kind.NORMAL, t.shape, dtype, t.device(), 0, 1);
    }

    /**
     * {@link #randnLike(Tensor, DType)} with {@code t}'s dtype, as {@code torch.randn_like(t)}.
     *
     * @param t a floating-point tensor to take shape, dtype and device from
     * @return a new tensor that does not require grad
     */
    public static Tensor randnLike(Tensor t) {
        return randnLike(t, t.dtype);
    }

    /**
     * Integers uniform on {@code [0, high)} with {@code t}'s shape, dtype and device, as
     * {@code torch.randint_like(t, high)}.
     *
     * @param t the tensor to take shape, dtype and device from
     * @param high the exclusive upper bound
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException as {@link #randint(long, long, Shape, DType, Device)}
     */
    public static Tensor randintLike(Tensor t, long high) {
        return randintLike(t, 0, high);
    }

    /**
     * Integers uniform on {@code [low, high)} with {@code t}'s shape, dtype and device, as
     * {@code torch.randint_like(t, low, high)}.
     *
     * @param t the tensor to take shape, dtype and device from
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException as {@link #randint(long, long, Shape, DType, Device)}
     */
    public static Tensor randintLike(Tensor t, long low, long high) {
        return randint(low, high, t.shape, t.dtype, t.device());
    }


    /** {@return this tensor's shape} */
    public Shape shape() {
        return shape;
    }

    /** {@return a copy of the sizes per dimension, as PyTorch's {@code size()}} */
    public int[] size() {
        return shape.dims();
    }

    /**
     * Size of one dimension, as PyTorch's {@code size(dim)}; negative values count from the end.
     *
     * @param dim a dimension index in {@code [-dim(), dim())}
     * @return its size
     * @throws IllegalArgumentException if {@code dim} is out of range
     */
    public int size(int dim) {
        return shape.dim(dim);
    }

    /** {@return the number of dimensions, as PyTorch's {@code dim()}} */
    public int dim() {
        return shape.rank();
    }

    /** {@return the number of elements, as PyTorch's {@code numel()}} */
    public int numel() {
        return shape.numel();
    }

    /** {@return the type of every element, as PyTorch's {@code dtype}} */
    public DType dtype() {
        return dtype;
    }

    /** {@return the device where this tensor's memory lives} */
    public Device device() {
        return storage.backend.device();
    }

    /** {@return the element strides per dimension, as PyTorch's {@code stride()}} */
    public int[] stride() {
        return strides.clone();
    }

    /**
     * The element stride of one dimension, as PyTorch's {@code stride(dim)}.
     *
     * @param dim a dimension; negative counts from the end
     * @return the number of elements between neighbours along it
     */
    public int stride(int dim) {
        return strides[shape.normalize(dim)];
    }

    /** {@return the index of this tensor's first element in its memory, as PyTorch's {@code storage_offset()}} */
    public int storageOffset() {
        return offset;
    }

    /**
     * Whether the elements lie in row-major order without gaps, as PyTorch's {@code is_contiguous()} (sizes 0 and
     * 1 do not count).
     *
     * @return true for a tensor made by an op, or a view that keeps the layout
     */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            int size = shape.dim(i);
            if (size == 0) {
                return true;
            }
            if (size != 1 && strides[i] != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }

    /**
     * This tensor if it {@link #isContiguous() is contiguous}, else a contiguous copy, as PyTorch's
     * {@code contiguous()}. Differentiable.
     *
     * @return a contiguous tensor with the same values
     */
    public Tensor contiguous() {
        return isContiguous() ? this : CloneOp.apply(this);
    }

    /**
     * This tensor where kernels can read its buffer whole (contiguous, from element 0, to the end), else a
     * differentiable copy that is: what every op that needs plain row-major memory calls first.
     */
    Tensor dense() {
        return isDense() ? this : CloneOp.apply(this);
    }

    /** Whether kernels can read this tensor's buffer whole: contiguous, from element 0, to the end. */
    boolean isDense() {
        checkOpen();
        return offset == 0 && isContiguous() && storage.buffer().length() == shape.numel();
    }

    /**
     * The memory behind this tensor, for the kernels of this package's ops; only for a dense tensor (see
     * {@link #dense()}). Throws if this tensor was closed.
     */
    Buffer buffer() {
        checkOpen();
        Buffer b = storage.buffer();
        if (!isDense()) {
            throw new IllegalStateException("internal error: a kernel was given the memory of a view (shape " + shape
                    + ", strides " + java.util.Arrays.toString(strides) + ", offset " + offset + ") as a whole buffer");
        }
        return b;
    }

    /** This tensor's layout, for the kernels that read views. */
    Strided strided() {
        checkOpen();
        return new Strided(storage.buffer(), offset, strides.clone());
    }

    /** This tensor's layout broadcast to {@code target} (stride 0 on new and stretched dimensions). */
    Strided stridedAs(Shape target) {
        checkOpen();
        int rank = target.rank();
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int j = i - (rank - shape.rank());
            out[i] = j < 0 || shape.dim(j) == 1 ? 0 : strides[j];
        }
        return new Strided(storage.buffer(), offset, out);
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedTensorException(this, closedByScope);
        }
    }

    /** The backend that owns this tensor's memory, for the ops of this package. */
    Backend backend() {
        return storage.backend;
    }

    /** A row-major host copy of the values, as the typed array of this tensor's dtype (see {@link HostArrays}). */
    Object hostValues() {
        Tensor d = isDense() ? this : copy();
        try {
            return HostArrays.download(backend(), d.buffer());
        } finally {
            if (d != this) {
                d.close();
            }
        }
    }

    /**
     * A copy of the values on the host as floats, row-major, converted from this tensor's dtype (bool as 1 and 0);
     * waits for pending device work.
     *
     * @return {@code numel()} values
     * @throws IllegalStateException if this tensor was closed
     */
    public float[] toFloatArray() {
        return (float[]) converted(DType.FLOAT32);
    }

    /**
     * A copy of the values on the host as doubles, row-major, converted from this tensor's dtype.
     *
     * @return {@code numel()} values
     */
    public double[] toDoubleArray() {
        return (double[]) converted(DType.FLOAT64);
    }

    /**
     * A copy of the values on the host as longs, row-major, converted from this tensor's dtype (floats truncate
     * toward zero).
     *
     * @return {@code numel()} values
     */
    public long[] toLongArray() {
        return (long[]) converted(DType.INT64);
    }

    /**
     * A copy of the values on the host as booleans (nonzero is true), row-major.
     *
     * @return {@code numel()} values
     */
    public boolean[] toBooleanArray() {
        return (boolean[]) converted(DType.BOOL);
    }

    private Object converted(DType type) {
        if (type == dtype) {
            return hostValues();
        }
        try (var g = GradMode.noGrad(); Tensor c = to(type)) {
            return c.hostValues();
        }
    }

    /**
     * The float array behind this CPU tensor itself, not a copy, as PyTorch's {@code numpy()}: writes through
     * either show in the other.
     *
     * @return the memory of this tensor
     * @throws IllegalStateException if this tensor is not a float32 CPU tensor that covers its whole memory in
     *         row-major order (a view or slice: use {@link #toFloatArray()} for a copy)
     */
    public float[] asFloatArray() {
        return (float[]) sharedArray(DType.FLOAT32);
    }

    /**
     * The double array behind this float64 CPU tensor itself, as PyTorch's {@code numpy()}.
     *
     * @return the memory of this tensor
     * @throws IllegalStateException if this tensor is not a float64 CPU tensor that covers its whole memory in
     *         row-major order
     */
    public double[] asDoubleArray() {
        return (double[]) sharedArray(DType.FLOAT64);
    }

    private Object sharedArray(DType type) {
        Object array = backend().hostArray(storage.buffer());
        if (array == null || dtype != type || !isDense()) {
            throw new IllegalStateException("as" + (type == DType.FLOAT32 ? "Float" : "Double") + "Array: only a "
                    + type + " CPU tensor that covers its whole memory can share it as an array; this one is "
                    + dtype + " on " + device() + (isDense() ? "" : ", a view") + "; use to" + (type == DType.FLOAT32
                    ? "Float" : "Double") + "Array() for a copy");
        }
        return array;
    }

    /**
     * The value of a one-element tensor as a float, as PyTorch's {@code item()}; waits for pending device work.
     *
     * @return the value, converted from this tensor's dtype
     * @throws IllegalStateException if the tensor does not have exactly one element
     */
    public float item() {
        checkItem();
        if (dtype == DType.FLOAT32 && isDense()) {
            return backend().read(buffer(), 0);
        }
        return toFloatArray()[0];
    }

    /**
     * The value of a one-element tensor as a double, as PyTorch's {@code item()} of a float64 tensor.
     *
     * @return the value
     * @throws IllegalStateException if the tensor does not have exactly one element
     */
    public double itemDouble() {
        checkItem();
        return toDoubleArray()[0];
    }

    /**
     * The value of a one-element tensor as a long, as PyTorch's {@code item()} of an int64 tensor.
     *
     * @return the value
     * @throws IllegalStateException if the tensor does not have exactly one element
     */
    public long itemLong() {
        checkItem();
        return toLongArray()[0];
    }

    /**
     * The value of a one-element tensor as a boolean, as PyTorch's {@code item()} of a bool tensor.
     *
     * @return the value (nonzero is true)
     * @throws IllegalStateException if the tensor does not have exactly one element
     */
    public boolean itemBoolean() {
        checkItem();
        return toBooleanArray()[0];
    }

    private void checkItem() {
        if (shape.numel() != 1) {
            throw new IllegalStateException("item(): a Tensor with " + shape.numel() + " elements (shape " + shape
                    + ") cannot be converted to Scalar; expected exactly one element");
        }
    }

    /**
     * This tensor's data on {@code device}, as PyTorch's {@code to(device)} but without autograd history: the copy
     * of a leaf that requires grad is a new leaf that requires grad; the copy of a non-leaf has no {@code gradFn}.
     *
     * @param device the target device
     * @return this tensor if it is already there, else a copy
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     */
    public Tensor to(Device device) {
        if (device.equals(device())) {
            return this;
        }
        Tensor copy = fromHost(hostValues(), shape, device);
        copy.requiresGrad = requiresGrad() && gradFn == null;
        return copy;
    }

    /**
     * This tensor's values converted to {@code dtype}, as PyTorch's {@code to(dtype)}: bool is 1 or 0, nonzero
     * becomes true, float to int64 truncates toward zero. Differentiable between float32 and float64.
     *
     * @param dtype the target type
     * @return this tensor if it already has that type, else a new tensor
     */
    public Tensor to(DType dtype) {
        return dtype == this.dtype ? this : CastOp.apply(this, dtype);
    }

    /**
     * Moves this leaf's data (and gradient) to {@code device} in place, keeping the object: what
     * {@code Module.to(device)} does to parameters, so fields and optimizers that hold them stay valid.
     *
     * @param device the target device
     * @throws IllegalStateException if this tensor is not a leaf (use {@link #to(Device)} for a copy), or a view
     */
    public void moveTo(Device device) {
        if (gradFn != null) {
            throw new IllegalStateException("moveTo: only leaf tensors can be moved in place; this one has grad_fn="
                    + gradFn + " (use to(device) for a copy)");
        }
        if (device.equals(device())) {
            return;
        }
        if (!isDense()) {
            throw new IllegalStateException("moveTo: a view (shape " + shape + ") cannot move in place; use to(device)");
        }
        Backend target = Backends.of(device);
        Storage moved = new Storage(target, HostArrays.upload(target, hostValues()));
        storage.release();
        storage = moved;
        if (grad != null) {
            grad.moveTo(device);
        }
    }


    /**
     * Whether autograd records ops on this tensor, as PyTorch's {@code requires_grad}.
     *
     * @return true for a leaf that accumulates a gradient, or a result computed from one
     */
    public boolean requiresGrad() {
        refreshView();
        return requiresGrad;
    }

    /**
     * Sets whether gradients are accumulated into this leaf tensor, as PyTorch's {@code requires_grad_()}.
     *
     * @param value true to track gradients
     * @return this tensor
     * @throws IllegalStateException if {@code value} is false and this tensor is not a leaf (use {@link #detach()})
     */
    public Tensor requiresGrad(boolean value) {
        if (gradFn() != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a non-leaf tensor (grad_fn=" + gradFn
                    + "); use detach() to get a tensor without history");
        }
        requiresGrad = value;
        return this;
    }

    /**
     * The op that produced this tensor, as PyTorch's {@code grad_fn}: for a base an in-place op wrote into through
     * a view, {@code CopySlices}; for a view whose memory was written in place since it was made,
     * {@code AsStridedBackward0} over its base's current history.
     *
     * @return the node, or null for a leaf
     */
    public Function gradFn() {
        refreshView();
        return gradFn;
    }

    /**
     * Whether this tensor was made by the user rather than recorded by autograd, as PyTorch's {@code is_leaf}.
     *
     * @return true when {@link #gradFn()} is null
     */
    public boolean isLeaf() {
        return gradFn() == null;
    }

    /**
     * The gradient accumulated into this leaf by backward, as PyTorch's {@code grad}.
     *
     * @return the gradient, or null before any backward (or after {@code setGrad(null)})
     */
    public Tensor grad() {
        return grad;
    }

    /**
     * Replaces this tensor's gradient, as assigning PyTorch's {@code grad}.
     *
     * @param g a tensor of this tensor's shape, or null to drop the gradient
     * @throws IllegalArgumentException if {@code g}'s shape differs from this tensor's
     */
    public void setGrad(Tensor g) {
        if (g != null && !g.shape.equals(shape)) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + g.shape + " for a tensor of shape "
                    + shape + "; expected the same shape");
        }
        grad = g;
    }

    /** Adds {@code g} into {@link #grad()}, as backward does for leaves; the first call stores a copy. */
    void accumulateGrad(Tensor g) {
        checkSameDevice("accumulateGrad", g);
        if (!g.shape.equals(shape)) {
            throw new IllegalArgumentException("accumulateGrad: gradient of shape " + g.shape + " for a tensor of shape "
                    + shape + "; expected the same shape");
        }
        if (grad == null) {
            grad = MemoryScope.keepWith(this, g.dtype == dtype ? g.copy() : g.to(dtype));
        } else if (g.dtype == DType.FLOAT32 && grad.dtype == DType.FLOAT32 && g.isDense() && grad.isDense()) {
            backend().axpy(1f, g.buffer(), grad.buffer());
            grad.bumpVersion();
        } else {
            try (Tensor sum = grad.add(g)) {
                grad.writeFrom(sum);
            }
            grad.bumpVersion();
        }
    }

    /**
     * Computes the gradient of this one-element tensor (typically a loss) with respect to every leaf that
     * requires grad, adding it into their {@link #grad()}, as PyTorch's {@code backward()}. The graph's saved
     * tensors are freed afterwards.
     *
     * @throws IllegalStateException if this tensor does not have exactly one element, or does not require grad
     */
    public void backward() {
        if (shape.numel() != 1) {
            throw new IllegalStateException("backward(): grad can be implicitly created only for scalar outputs, "
                    + "but this tensor has shape " + shape + "; pass a gradient of shape " + shape
                    + " to backward(gradient)");
        }
        backward(full(shape, 1, dtype, device()), false);
    }

    /**
     * Backward from a tensor of any shape, given the gradient of the final result with respect to it, as
     * PyTorch's {@code backward(gradient)}. The graph's saved tensors are freed afterwards.
     *
     * @param gradient a tensor of this tensor's shape, on its device
     * @throws IllegalArgumentException if {@code gradient}'s shape or device differs from this tensor's
     * @throws IllegalStateException if this tensor does not require grad
     */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /**
     * Backward with an explicit gradient, as PyTorch's {@code backward(gradient, retain_graph)}.
     *
     * @param gradient a tensor of this tensor's shape, on its device
     * @param retainGraph true to keep the graph's saved tensors for another backward through it
     * @throws IllegalArgumentException if {@code gradient}'s shape or device differs from this tensor's
     * @throws IllegalStateException if this tensor does not require grad, or the graph was already freed
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!gradient.shape.equals(shape)) {
            throw new IllegalArgumentException("backward(gradient): gradient has shape " + gradient.shape
                    + " but the tensor has shape " + shape + "; expected the same shape");
        }
        checkSameDevice("backward", gradient);
        Engine.backward(this, gradient, retainGraph);
    }

    /**
     * A tensor sharing this one's memory, cut from the graph and not requiring grad, as PyTorch's
     * {@code detach()}. Closing it does not free the memory while this tensor is open, and closing this tensor
     * does not free it while the detached one is open.
     *
     * @return a new tensor over the same memory
     * @throws ClosedTensorException if this tensor was closed
     */
    public Tensor detach() {
        checkOpen();
        return new Tensor(storage.share(), shape, strides, offset, null);
    }

    /** A tensor over this one's memory with another layout and no history, for {@link ViewOp}. */
    Tensor viewAs(Shape newShape, int[] newStrides, int newOffset) {
        checkOpen();
        return new Tensor(storage.share(), newShape, newStrides, newOffset, this);
    }

    /** {@return the tensor a view op made this one from, as PyTorch's {@code _base}; null if none} */
    Tensor base() {
        return base;
    }

    /** {@return the tensor at the top of this view's chain of bases; this tensor if it is not a view} */
    private Tensor root() {
        Tensor root = this;
        while (root.base != null) {
            root = root.base;
        }
        return root;
    }

    /**
     * Marks this new view, made by a view op from {@link #base()} with {@code reapply}, as one whose history
     * in-place ops can rebase: while gradients are recorded (PyTorch forbids in-place writes with grad mode on
     * through views made under no-grad), and when its base is such a view or a root.
     */
    void trackView(UnaryOperator<Tensor> reapply) {
        if (!GradMode.isEnabled()) {
            return;
        }
        if (base.base == null) {
            viewFn = reapply;
        } else if (base.viewFn != null) {
            UnaryOperator<Tensor> outer = base.viewFn;
            viewFn = z -> {
                try (Tensor mid = outer.apply(z)) {
                    return reapply.apply(mid);
                }
            };
        }
        viewVersion = version();
    }

    /**
     * Regenerates this view's grad_fn when an in-place write through its base or another view changed the memory
     * since it was set, as PyTorch does lazily: the view of the root's current history, so gradients see the
     * write.
     */
    private void refreshView() {
        if (viewFn == null || viewVersion == storage.version()) {
            return;
        }
        viewVersion = storage.version();
        Tensor root = root();
        if (root.requiresGrad) {
            gradFn = ViewOp.asStrided(root, viewFn);
            requiresGrad = true;
        } else if (gradFn != null) {
            gradFn = null;
            requiresGrad = false;
        }
    }

    /**
     * The same memory seen with another shape, as PyTorch's {@code view}; one size may be {@code -1} (inferred).
     * Differentiable.
     *
     * @param sizes the new sizes, with as many elements in all as this tensor
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if the sizes do not fit this tensor's element count, or this tensor's
     *         strides do not allow a view (use {@link #reshape})
     */
    public Tensor view(int... sizes) {
        return ViewOp.view(this, sizes);
    }

    /**
     * PyTorch's {@code reshape}: a {@link #view(int...)} where the layout allows one, else a copy.
     *
     * @param sizes the new sizes; one may be {@code -1}
     * @return a view sharing this tensor's memory, or a contiguous copy
     * @throws IllegalArgumentException if the sizes do not fit this tensor's element count
     */
    public Tensor reshape(int... sizes) {
        return ViewOp.reshape(this, sizes);
    }

    /**
     * Flattens dimensions {@code startDim} to the last into one, as {@code torch.flatten(x, startDim)}: a
     * [N, C, H, W] batch with {@code startDim = 1} becomes [N, C*H*W]. A scalar becomes shape [1].
     *
     * @param startDim the first dimension to merge; negative counts from the end
     * @return a view sharing this tensor's memory where the layout allows, else a copy
     * @throws IllegalArgumentException if {@code startDim} is out of range
     */
    public Tensor flatten(int startDim) {
        return flatten(startDim, -1);
    }

    /**
     * Flattens dimensions {@code startDim} to {@code endDim} into one, as {@code torch.flatten(x, start, end)}.
     *
     * @param startDim the first dimension to merge; negative counts from the end
     * @param endDim the last dimension to merge; negative counts from the end
     * @return a view sharing this tensor's memory where the layout allows, else a copy
     * @throws IllegalArgumentException if a dimension is out of range or {@code startDim > endDim}
     */
    public Tensor flatten(int startDim, int endDim) {
        if (shape.rank() == 0) {
            return reshape(1);
        }
        int start = shape.normalize(startDim);
        int end = shape.normalize(endDim);
        if (start > end) {
            throw new IllegalArgumentException("flatten(): start_dim (" + startDim + ") cannot come after end_dim ("
                    + endDim + ") for a tensor of shape " + shape);
        }
        int[] sizes = new int[shape.rank() - (end - start)];
        int rest = 1;
        for (int i = 0; i < shape.rank(); i++) {
            if (i < start) {
                sizes[i] = shape.dim(i);
            } else if (i <= end) {
                rest *= shape.dim(i);
            } else {
                sizes[i - (end - start)] = shape.dim(i);
            }
        }
        sizes[start] = rest;
        return reshape(sizes);
    }

    /**
     * All elements in one dimension, as {@code torch.flatten(x)}.
     *
     * @return a 1-D view sharing this tensor's memory where the layout allows, else a copy
     */
    public Tensor flatten() {
        return flatten(0);
    }

    /**
     * Dimension {@code dim} split into {@code sizes}, as {@code Tensor.unflatten}.
     *
     * @param dim the dimension to split; negative counts from the end
     * @param sizes its new sizes, whose product is its size (one may be -1)
     * @return a view where the layout allows, else a copy
     */
    public Tensor unflatten(int dim, int... sizes) {
        int d = shape.normalize(dim);
        Shape part = Shape.of(shape.dim(d)).view(sizes);
        int[] out = new int[shape.rank() - 1 + sizes.length];
        int k = 0;
        for (int i = 0; i < shape.rank(); i++) {
            if (i == d) {
                for (int p : part.dims()) {
                    out[k++] = p;
                }
            } else {
                out[k++] = shape.dim(i);
            }
        }
        return reshape(out);
    }

    /**
     * The slice at {@code index} along {@code dim}, which is removed, as {@code Tensor.select}; {@code t[i]} is
     * {@code select(0, i)}. A view.
     *
     * @param dim the dimension; negative counts from the end
     * @param index the position; negative counts from the end
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if the index is out of range (naming the dimension and size)
     */
    public Tensor select(int dim, int index) {
        return ViewOp.select(this, dim, index);
    }

    /**
     * PyTorch's indexing with its own syntax, as {@code t[0]}, {@code t[:, 0]}, {@code t[..., -1]},
     * {@code t[1:3, ::2]}, {@code t[None, 0]}: {@code t.get(":, 0")}. A view sharing this tensor's memory.
     *
     * @param index the index as PyTorch writes it between the brackets
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if the string is malformed (saying where) or has too many entries
     * @throws IndexOutOfBoundsException if an integer is out of range (naming the dimension and size)
     */
    public Tensor get(String index) {
        return ViewOp.index(this, TensorIndex.parse(index));
    }

    /**
     * PyTorch's indexing with typed items, as {@code t.get(TensorIndex.all(), TensorIndex.at(0))} for
     * {@code t[:, 0]}. A view sharing this tensor's memory.
     *
     * @param items integers ({@link TensorIndex#at}), slices, {@link TensorIndex#ellipsis()},
     *        {@link TensorIndex#newAxis()}
     * @return a view sharing this tensor's memory
     */
    public Tensor get(TensorIndex.Item... items) {
        return ViewOp.index(this, TensorIndex.of(items));
    }

    /**
     * Writes {@code value} into the elements an index selects, as {@code t[:, 1] = 0}: {@code t.set(":, 1", 0)}.
     *
     * @param index the index as PyTorch writes it between the brackets
     * @param value the number to write
     * @return this tensor
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor set(String index, double value) {
        try (Tensor view = get(index)) {
            view.fillInPlace(value);
        }
        return this;
    }

    /**
     * Writes {@code src} (broadcast, converted to this dtype) into the elements an index selects, as
     * {@code t[0] = src}: {@code t.set("0", src)}. When {@code src} requires grad, gradients flow to it and
     * this tensor's history becomes {@code CopySlices}, as in PyTorch.
     *
     * @param index the index as PyTorch writes it between the brackets
     * @param src the values, broadcastable to the selected view's shape
     * @return this tensor
     * @throws IllegalArgumentException if {@code src} does not broadcast to the selection
     */
    public Tensor set(String index, Tensor src) {
        try (Tensor view = get(index)) {
            view.copyFrom(src);
        }
        return this;
    }

    /**
     * Positions {@code start} (inclusive) to {@code end} (exclusive) in steps of {@code step} along {@code dim},
     * as {@code t[..., start:end:step]}; bounds clamp like Python's slices, negatives count from the end. A view.
     *
     * @param dim the dimension; negative counts from the end
     * @param start the first position
     * @param end the bound, exclusive
     * @param step the stride, at least 1
     * @return a view sharing this tensor's memory
     */
    public Tensor slice(int dim, int start, int end, int step) {
        return ViewOp.slice(this, dim, start, end, step);
    }

    /**
     * {@code length} positions from {@code start} along {@code dim}, as {@code Tensor.narrow}. A view.
     *
     * @param dim the dimension; negative counts from the end
     * @param start the first position; negative counts from the end
     * @param length how many
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if the range does not fit the dimension
     */
    public Tensor narrow(int dim, int start, int length) {
        return ViewOp.narrow(this, dim, start, length);
    }

    /**
     * Two dimensions swapped, as {@code Tensor.transpose}. A view.
     *
     * @param dim0 one dimension; negative counts from the end
     * @param dim1 the other
     * @return a view sharing this tensor's memory
     */
    public Tensor transpose(int dim0, int dim1) {
        return ViewOp.transpose(this, dim0, dim1);
    }

    /**
     * Dimensions reordered, as {@code Tensor.permute}. A view.
     *
     * @param dims a permutation of the dimensions
     * @return a view sharing this tensor's memory
     */
    public Tensor permute(int... dims) {
        return ViewOp.permute(this, dims);
    }

    /**
     * All dimensions reversed, as PyTorch's {@code T} (for a matrix: its transpose). A view.
     *
     * @return a view sharing this tensor's memory
     */
    public Tensor T() {
        int[] order = new int[dim()];
        for (int i = 0; i < order.length; i++) {
            order[i] = order.length - 1 - i;
        }
        return permute(order);
    }

    /**
     * The last two dimensions swapped, as PyTorch's {@code mT} (a batch of matrices transposed). A view.
     *
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if this tensor has fewer than two dimensions
     */
    public Tensor mT() {
        if (dim() < 2) {
            throw new IllegalArgumentException("tensor.mT is only supported on matrices or batches of matrices, got a"
                    + " " + dim() + "-D tensor of shape " + shape);
        }
        return transpose(-2, -1);
    }

    /**
     * This tensor broadcast to {@code sizes} without copying, as {@code Tensor.expand}; -1 keeps a size. A view
     * whose stretched dimensions read one element many times (write to a copy, not to it).
     *
     * @param sizes the target sizes
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if a size other than 1 would change
     */
    public Tensor expand(int... sizes) {
        return ViewOp.expand(this, sizes);
    }

    /**
     * Without its size-1 dimensions (or only those among {@code dims}), as {@code Tensor.squeeze}. A view.
     *
     * @param dims dimensions to drop where their size is 1; none for all size-1 dimensions
     * @return a view sharing this tensor's memory
     */
    public Tensor squeeze(int... dims) {
        return ViewOp.squeeze(this, dims);
    }

    /**
     * With a new size-1 dimension at {@code dim}, as {@code Tensor.unsqueeze}. A view.
     *
     * @param dim where it goes, in {@code [-dim()-1, dim()]}
     * @return a view sharing this tensor's memory
     */
    public Tensor unsqueeze(int dim) {
        return ViewOp.unsqueeze(this, dim);
    }

    /**
     * The tensors joined along {@code dim}, as {@code torch.cat}: all of one rank, with the same sizes but along
     * {@code dim}; 1-D tensors of shape [0] are skipped, as PyTorch's legacy rule; the dtype is their promotion.
     * Gradients flow to each input from its slice of the result.
     *
     * @param tensors at least one tensor, on one device
     * @param dim the dimension to join along; negative counts from the end
     * @return a new tensor
     * @throws IllegalArgumentException if the list is empty, a tensor is 0-d, or the ranks or other sizes differ
     *         (PyTorch's message, naming the tensor's number in the list)
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return CatOp.cat(tensors, dim);
    }

    /**
     * {@link #cat(List, int)} of an array, as {@code torch.cat((a, b), dim)}.
     *
     * @param tensors at least one tensor, on one device
     * @param dim the dimension to join along; negative counts from the end
     * @return a new tensor
     */
    public static Tensor cat(Tensor[] tensors, int dim) {
        return CatOp.cat(Arrays.asList(tensors), dim);
    }

    /**
     * The tensors joined along dimension 0, as {@code torch.cat((a, b))}.
     *
     * @param tensors at least one tensor, on one device
     * @return a new tensor
     */
    public static Tensor cat(Tensor... tensors) {
        return CatOp.cat(Arrays.asList(tensors), 0);
    }

    /**
     * The tensors, all of one shape, stacked along a new dimension {@code dim}, as {@code torch.stack}.
     *
     * @param tensors at least one tensor, all of one shape, on one device
     * @param dim where the new dimension goes, in {@code [-dim() - 1, dim()]}
     * @return a new tensor with one more dimension
     * @throws IllegalArgumentException if the list is empty or the shapes differ
     */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return CatOp.stack(tensors, dim);
    }

    /**
     * {@link #stack(List, int)} of an array, as {@code torch.stack((a, b), dim)}.
     *
     * @param tensors at least one tensor, all of one shape, on one device
     * @param dim where the new dimension goes
     * @return a new tensor with one more dimension
     */
    public static Tensor stack(Tensor[] tensors, int dim) {
        return CatOp.stack(Arrays.asList(tensors), dim);
    }

    /**
     * The tensors stacked along a new first dimension, as {@code torch.stack((a, b))}.
     *
     * @param tensors at least one tensor, all of one shape, on one device
     * @return a new tensor with one more dimension
     */
    public static Tensor stack(Tensor... tensors) {
        return CatOp.stack(Arrays.asList(tensors), 0);
    }

    /**
     * Pieces of {@code splitSize} positions along {@code dim} (the last one smaller if the size does not divide),
     * as {@code Tensor.split(split_size, dim)}. Views.
     *
     * @param splitSize the size of each piece, {@code >= 0} (0 only for a dimension of size 0)
     * @param dim the dimension; negative counts from the end
     * @return the pieces, in order; one (empty) piece for a dimension of size 0
     * @throws IllegalArgumentException if this tensor is 0-d or {@code splitSize} is negative, or 0 for a
     *         non-empty dimension
     */
    public List<Tensor> split(int splitSize, int dim) {
        if (dim() == 0) {
            throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        }
        if (splitSize < 0) {
            throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size="
                    + splitSize);
        }
        int d = shape.normalize(dim);
        int size = shape.dim(d);
        if (splitSize == 0 && size != 0) {
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension"
                    + " size of " + size);
        }
        int pieces = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
        List<Tensor> out = new ArrayList<>(pieces);
        for (int i = 0; i < pieces; i++) {
            int start = i * splitSize;
            out.add(narrow(d, start, Math.min(splitSize, size - start)));
        }
        return out;
    }

    /**
     * Pieces of the given sizes along {@code dim}, as {@code Tensor.split([sizes], dim)} ({@code
     * split_with_sizes}). Views.
     *
     * @param sizes the size of each piece, each {@code >= 0}, summing to {@code size(dim)}
     * @param dim the dimension; negative counts from the end
     * @return the pieces, in order
     * @throws IllegalArgumentException if a size is negative or they do not sum to the dimension's size
     */
    public List<Tensor> split(int[] sizes, int dim) {
        if (dim() == 0) {
            throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        }
        int d = shape.normalize(dim);
        int total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative"
                        + " entries, but got split_sizes=" + Arrays.toString(sizes));
            }
            total += s;
        }
        if (total != shape.dim(d)) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to "
                    + shape.dim(d) + " (input tensor's size at dimension " + d + "), but got split_sizes="
                    + Arrays.toString(sizes));
        }
        List<Tensor> out = new ArrayList<>(sizes.length);
        for (int i = 0, start = 0; i < sizes.length; start += sizes[i++]) {
            out.add(narrow(d, start, sizes[i]));
        }
        return out;
    }

    /**
     * {@code chunks} pieces of equal size along {@code dim} (the last one smaller, and fewer pieces when the
     * size does not allow that many), as {@code Tensor.chunk}. Views.
     *
     * @param chunks how many pieces, {@code >= 1}
     * @param dim the dimension; negative counts from the end
     * @return the pieces, in order
     * @throws IllegalArgumentException if this tensor is 0-d or {@code chunks < 1}
     */
    public List<Tensor> chunk(int chunks, int dim) {
        if (dim() == 0) {
            throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
        }
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        }
        int size = shape.dim(shape.normalize(dim));
        if (size == 0) {
            // As PyTorch: as many empty pieces as asked for.
            return split(new int[chunks], dim);
        }
        return split((size + chunks - 1) / chunks, dim);
    }

    /**
     * This tensor tiled {@code times[i]} times along each dimension, as {@code Tensor.repeat}; with more counts
     * than dimensions, leading dimensions of size 1 are added first. A copy; gradients sum over the tiles.
     *
     * @param times one count per dimension, at least {@code dim()} of them, each {@code >= 0}
     * @return a new tensor of sizes {@code size(i) * times[i]}
     * @throws IllegalArgumentException if there are fewer counts than dimensions, or one is negative
     */
    public Tensor repeat(int... times) {
        return RepeatOp.apply(this, times);
    }

    /**
     * A new tensor holding the same values on the same device, contiguous, without history, as PyTorch's
     * {@code detach().clone()}.
     *
     * @return the copy
     */
    public Tensor copy() {
        Tensor out = empty(shape, dtype, device());
        if (isDense()) {
            backend().copy(buffer(), out.buffer());
        } else {
            backend().copyStrided(strided(), out.strided(), shape.dims());
        }
        return out;
    }

    /**
     * Writes {@code src} (broadcast to this shape, converted to this dtype, from any device) into this tensor's
     * elements, as the data movement of {@code copy_}: no history and no checks, for the ops of this package.
     */
    void writeFrom(Tensor src) {
        Tensor s = src;
        if (!s.device().equals(device())) {
            s = s.to(device());
        }
        if (s.dtype != dtype) {
            Tensor c = s.to(dtype);
            if (s != src) {
                s.close();
            }
            s = c;
        }
        if (s.storage == storage) {
            // Source and destination may overlap (t.copyFrom(t.T())): read from a copy.
            Tensor c = s.copy();
            if (s != src) {
                s.close();
            }
            s = c;
        }
        backend().copyStrided(s.stridedAs(shape), strided(), shape.dims());
        if (s != src) {
            s.close();
        }
    }


    /**
     * {@code this + other} with broadcasting, as {@code torch.add}.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor add(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.ADD, this, other);
    }

    /**
     * {@code this - other} with broadcasting, as {@code torch.sub}.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor sub(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.SUB, this, other);
    }

    /**
     * {@code this * other} elementwise with broadcasting, as {@code torch.mul}.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor mul(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.MUL, this, other);
    }

    /**
     * {@code this * other} written into {@code out}, as {@code torch.mul(a, b, out=out)}; not differentiable.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @param out a tensor of the product's shape and dtype (Blitz does not resize it)
     * @return {@code out}
     * @throws IllegalArgumentException if {@code out}'s shape or dtype differs from the product's, or a tensor
     *         requires grad while gradients are recorded
     */
    public Tensor mul(Tensor other, Tensor out) {
        return OutArgument.write("mul", out, () -> mul(other), this, other);
    }

    /**
     * {@code this / other} elementwise with broadcasting, as {@code torch.div}.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor div(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.DIV, this, other);
    }

    /**
     * {@code this == other} elementwise with broadcasting, as {@code torch.eq}; NaN compares unequal to
     * everything.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor eq(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.EQ, this, other);
    }

    /**
     * {@code this == value} elementwise, as {@code torch.eq} with a number.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this shape
     */
    public Tensor eq(double value) {
        return ElementwiseOp.scalar(BinaryOp.EQ, this, value);
    }

    /**
     * {@code this != other} elementwise with broadcasting, as {@code torch.ne}; NaN compares unequal to
     * everything.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor ne(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.NE, this, other);
    }

    /**
     * {@code this != value} elementwise, as {@code torch.ne} with a number.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this shape
     */
    public Tensor ne(double value) {
        return ElementwiseOp.scalar(BinaryOp.NE, this, value);
    }

    /**
     * {@code this &lt; other} elementwise with broadcasting, as {@code torch.lt}; NaN compares unequal to
     * everything.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor lt(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.LT, this, other);
    }

    /**
     * {@code this &lt; value} elementwise, as {@code torch.lt} with a number.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this shape
     */
    public Tensor lt(double value) {
        return ElementwiseOp.scalar(BinaryOp.LT, this, value);
    }

    /**
     * {@code this &lt;= other} elementwise with broadcasting, as {@code torch.le}; NaN compares unequal to
     * everything.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor le(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.LE, this, other);
    }

    /**
     * {@code this &lt;= value} elementwise, as {@code torch.le} with a number.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this shape
     */
    public Tensor le(double value) {
        return ElementwiseOp.scalar(BinaryOp.LE, this, value);
    }

    /**
     * {@code this &gt; other} elementwise with broadcasting, as {@code torch.gt}; NaN compares unequal to
     * everything.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor gt(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.GT, this, other);
    }

    /**
     * {@code this &gt; value} elementwise, as {@code torch.gt} with a number.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this shape
     */
    public Tensor gt(double value) {
        return ElementwiseOp.scalar(BinaryOp.GT, this, value);
    }

    /**
     * {@code this &gt;= other} elementwise with broadcasting, as {@code torch.ge}; NaN compares unequal to
     * everything.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor ge(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.GE, this, other);
    }

    /**
     * {@code this &gt;= value} elementwise, as {@code torch.ge} with a number.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this shape
     */
    public Tensor ge(double value) {
        return ElementwiseOp.scalar(BinaryOp.GE, this, value);
    }

    /**
     * {@code this + value}.
     *
     * @param value the scalar to add
     * @return a new tensor of this shape
     */
    public Tensor add(double value) {
        if (dtype != DType.FLOAT32) {
            return ElementwiseOp.scalar(BinaryOp.ADD, this, value);
        }
        return ElementwiseOp.affine(this, 1f, (float) value, "AddBackward0");
    }

    /**
     * {@code this - value}.
     *
     * @param value the scalar to subtract
     * @return a new tensor of this shape
     */
    public Tensor sub(double value) {
        if (dtype != DType.FLOAT32) {
            return ElementwiseOp.scalar(BinaryOp.SUB, this, value);
        }
        return ElementwiseOp.affine(this, 1f, -(float) value, "SubBackward0");
    }

    /**
     * {@code this * value}.
     *
     * @param value the scalar factor
     * @return a new tensor of this shape
     */
    public Tensor mul(double value) {
        if (dtype != DType.FLOAT32) {
            return ElementwiseOp.scalar(BinaryOp.MUL, this, value);
        }
        return ElementwiseOp.affine(this, (float) value, 0f, "MulBackward0");
    }

    /**
     * {@code this / value}, computed as a multiplication by {@code 1 / value}.
     *
     * @param value the scalar divisor
     * @return a new tensor of this shape
     */
    public Tensor div(double value) {
        if (dtype != DType.FLOAT32) {
            return ElementwiseOp.scalar(BinaryOp.DIV, this, value);
        }
        return ElementwiseOp.affine(this, 1f / (float) value, 0f, "DivBackward0");
    }

    /**
     * {@code -this}, as {@code torch.neg}.
     *
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException for a bool tensor (use {@link #logicalNot()})
     */
    public Tensor neg() {
        if (dtype != DType.FLOAT32) {
            return UnaryMathOp.apply(UnaryOp.NEG, this);
        }
        return ElementwiseOp.affine(this, -1f, 0f, "NegBackward0");
    }

    /**
     * {@code max(this, 0)} elementwise, as {@code torch.relu}; NaN stays NaN.
     *
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor relu() {
        return ReluOp.apply(this);
    }

    /**
     * {@code |this|} elementwise, as {@code torch.abs}.
     *
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor abs() {
        return UnaryMathOp.apply(UnaryOp.ABS, this);
    }

    /**
     * -1, 0 or 1 by the sign of each element, as {@code torch.sign} (NaN stays NaN, a bool stays itself); its
     * gradient is 0, as in PyTorch.
     *
     * @return a new tensor of this shape and dtype
     */
    public Tensor sign() {
        return UnaryMathOp.apply(UnaryOp.SIGN, this);
    }

    /**
     * {@code e^this} elementwise, as {@code torch.exp}; int64 gives float32.
     *
     * @return a new float tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor exp() {
        return UnaryMathOp.apply(UnaryOp.EXP, this);
    }

    /**
     * The natural logarithm elementwise, as {@code torch.log} (NaN below 0, -inf at 0); int64 gives float32.
     *
     * @return a new float tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor log() {
        return UnaryMathOp.apply(UnaryOp.LOG, this);
    }

    /**
     * The square root elementwise, as {@code torch.sqrt} (NaN below 0); int64 gives float32.
     *
     * @return a new float tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor sqrt() {
        return UnaryMathOp.apply(UnaryOp.SQRT, this);
    }

    /**
     * {@code 1 / sqrt(this)} elementwise, as {@code torch.rsqrt}; int64 gives float32.
     *
     * @return a new float tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor rsqrt() {
        return UnaryMathOp.apply(UnaryOp.RSQRT, this);
    }

    /**
     * The sine elementwise (radians), as {@code torch.sin}; int64 gives float32.
     *
     * @return a new float tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor sin() {
        return UnaryMathOp.apply(UnaryOp.SIN, this);
    }

    /**
     * The cosine elementwise (radians), as {@code torch.cos}; int64 gives float32.
     *
     * @return a new float tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor cos() {
        return UnaryMathOp.apply(UnaryOp.COS, this);
    }

    /**
     * The hyperbolic tangent elementwise, as {@code torch.tanh}; int64 gives float32.
     *
     * @return a new float tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor tanh() {
        return UnaryMathOp.apply(UnaryOp.TANH, this);
    }

    /**
     * {@code 1 / (1 + e^-this)} elementwise, as {@code torch.sigmoid}; int64 gives float32.
     *
     * @return a new float tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor sigmoid() {
        return UnaryMathOp.apply(UnaryOp.SIGMOID, this);
    }

    /**
     * Each element limited to {@code [min, max]}, as {@code torch.clamp(x, min, max)}: NaN stays NaN, and with
     * {@code min > max} every element becomes {@code max}. The gradient passes where {@code min <= x <= max}. An
     * int64 tensor stays int64 for whole bounds and gives float32 for fractions.
     *
     * @param min the lower bound ({@code Double.NEGATIVE_INFINITY} for none, or use {@link #clampMax})
     * @param max the upper bound ({@code Double.POSITIVE_INFINITY} for none, or use {@link #clampMin})
     * @return a new tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor clamp(double min, double max) {
        return UnaryMathOp.clamp(this, min, max, "clamp");
    }

    /**
     * Each element at least {@code min}, as {@code torch.clamp(x, min=min)} ({@code torch.clamp_min}).
     *
     * @param min the lower bound
     * @return a new tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor clampMin(double min) {
        return UnaryMathOp.clamp(this, min, Double.POSITIVE_INFINITY, "clampMin");
    }

    /**
     * Each element at most {@code max}, as {@code torch.clamp(x, max=max)} ({@code torch.clamp_max}).
     *
     * @param max the upper bound
     * @return a new tensor of this shape
     * @throws IllegalArgumentException for a bool tensor
     */
    public Tensor clampMax(double max) {
        return UnaryMathOp.clamp(this, Double.NEGATIVE_INFINITY, max, "clampMax");
    }

    /**
     * Each element to the power {@code exponent}, as {@code x ** exponent}: {@code pow(2)} is exactly
     * {@code x * x}. An int64 or bool tensor gives int64 for a whole exponent and float32 for a fraction.
     *
     * @param exponent the power
     * @return a new tensor of this shape
     * @throws IllegalArgumentException for an int64 or bool tensor and a negative whole exponent
     */
    public Tensor pow(double exponent) {
        return UnaryMathOp.pow(this, exponent);
    }

    /**
     * Each element to the power of {@code exponent}'s, with broadcasting and promotion, as
     * {@code torch.pow(x, exponent)}; gradients flow to both. On int64 a negative exponent gives PyTorch's
     * integer result (1 for base 1, -1 or 1 for base -1, else 0).
     *
     * @param exponent a tensor whose shape broadcasts with this one's, on the same device
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast, the devices differ, or both are bool
     */
    public Tensor pow(Tensor exponent) {
        return ElementwiseOp.apply(BinaryOp.POW, this, exponent);
    }

    /**
     * The larger of each pair of elements, with broadcasting, as {@code torch.maximum}; NaN if either is NaN.
     * On ties each side gets half the gradient, as PyTorch.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor maximum(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.MAXIMUM, this, other);
    }

    /**
     * The smaller of each pair of elements, with broadcasting, as {@code torch.minimum}; NaN if either is NaN.
     * On ties each side gets half the gradient, as PyTorch.
     *
     * @param other a tensor whose shape broadcasts with this one's, on the same device
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public Tensor minimum(Tensor other) {
        return ElementwiseOp.apply(BinaryOp.MINIMUM, this, other);
    }

    /**
     * Whether each element is NaN, as {@code torch.isnan} (never for int64 and bool).
     *
     * @return a new bool tensor of this shape
     */
    public Tensor isnan() {
        return UnaryMathOp.apply(UnaryOp.ISNAN, this);
    }

    /**
     * Whether each element is neither NaN nor infinite, as {@code torch.isfinite} (always for int64 and bool).
     *
     * @return a new bool tensor of this shape
     */
    public Tensor isfinite() {
        return UnaryMathOp.apply(UnaryOp.ISFINITE, this);
    }

    /**
     * Whether each element is zero (false), as {@code torch.logical_not}: a mask inverted.
     *
     * @return a new bool tensor of this shape
     */
    public Tensor logicalNot() {
        return UnaryMathOp.apply(UnaryOp.LOGICAL_NOT, this);
    }

    /**
     * {@code a} where {@code cond} holds, else {@code b}, as {@code torch.where(cond, a, b)}: the three broadcast
     * together, {@code a} and {@code b} promoted to a common dtype. The gradient goes to {@code a} where
     * {@code cond} holds and to {@code b} elsewhere.
     *
     * @param cond a bool tensor
     * @param a the values where it holds
     * @param b the values elsewhere
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if {@code cond} is not bool, the shapes do not broadcast or the devices
     *         differ
     */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return WhereOp.apply(cond, a, b);
    }

    /**
     * {@code a} where {@code cond} holds, else the number {@code b}, as {@code torch.where(cond, a, b)} with a
     * Python number: an int64 {@code a} stays int64 for a whole number and gives float32 for a fraction.
     *
     * @param cond a bool tensor
     * @param a the values where it holds
     * @param b the value elsewhere
     * @return a new tensor of the broadcast shape of {@code cond} and {@code a}
     * @throws IllegalArgumentException if {@code cond} is not bool, the shapes do not broadcast or the devices
     *         differ
     */
    public static Tensor where(Tensor cond, Tensor a, double b) {
        return WhereOp.apply(cond, a, b);
    }

    /**
     * This tensor where {@code cond} holds, else {@code other}, as PyTorch's {@code x.where(cond, other)}
     * ({@code torch.where(cond, x, other)}).
     *
     * @param cond a bool tensor
     * @param other the values elsewhere
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if {@code cond} is not bool, the shapes do not broadcast or the devices
     *         differ
     */
    public Tensor where(Tensor cond, Tensor other) {
        return WhereOp.apply(cond, this, other);
    }

    /**
     * {@code value} where {@code mask} holds, else this tensor's element, as {@code masked_fill}; the value is
     * converted to this dtype.
     *
     * @param mask a bool tensor whose shape broadcasts with this one's
     * @param value the number to fill in
     * @return a new tensor of this dtype and the broadcast shape
     * @throws IllegalArgumentException if {@code mask} is not bool, the shapes do not broadcast or the devices
     *         differ
     */
    public Tensor maskedFill(Tensor mask, double value) {
        return WhereOp.maskedFill(this, mask, value);
    }

    /**
     * Whether every element is close to {@code other}'s, as {@code torch.allclose(x, other, rtol, atol)}:
     * {@code |x - other| <= atol + rtol * |other|} with broadcasting; NaN is close to nothing.
     *
     * @param other a tensor of this dtype whose shape broadcasts with this one's
     * @param rtol the relative tolerance, {@code >= 0}
     * @param atol the absolute tolerance, {@code >= 0}
     * @return true if all are close
     * @throws IllegalArgumentException if the dtypes differ, the shapes do not broadcast or a tolerance is
     *         negative
     */
    public boolean allclose(Tensor other, double rtol, double atol) {
        return ElementwiseOp.allclose(this, other, rtol, atol);
    }

    /**
     * {@link #allclose(Tensor, double, double)} with PyTorch's defaults {@code rtol = 1e-5}, {@code atol = 1e-8}.
     *
     * @param other a tensor of this dtype whose shape broadcasts with this one's
     * @return true if all are close
     * @throws IllegalArgumentException if the dtypes differ or the shapes do not broadcast
     */
    public boolean allclose(Tensor other) {
        return allclose(other, 1e-5, 1e-8);
    }

    /**
     * Whether {@code other} has this shape and equal values, as {@code torch.equal} (NaN equals nothing).
     *
     * @param other a tensor on this device
     * @return true if the shapes and values are equal
     * @throws IllegalArgumentException if the devices differ
     */
    public boolean equal(Tensor other) {
        return ElementwiseOp.equal(this, other);
    }

    /**
     * The sum of all elements, as {@code torch.sum(x)}; int64 for int64 and bool tensors, as in PyTorch.
     *
     * @return a 0-dimensional tensor
     */
    public Tensor sum() {
        return SumOp.sum(this);
    }

    /**
     * The sums along one dimension, as {@code torch.sum(x, dim, keepdim)}; int64 for int64 and bool tensors, 0 over
     * an empty dimension.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if {@code dim} is out of range
     */
    public Tensor sum(int dim, boolean keepdim) {
        return SumOp.sum(this, new int[] {dim}, keepdim);
    }

    /**
     * The sums along several dimensions, as {@code torch.sum(x, dims, keepdim)}.
     *
     * @param dims the dimensions to reduce (negative count from the end); none for all, as PyTorch's {@code dim=[]}
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if a dimension is out of range or repeated
     */
    public Tensor sum(int[] dims, boolean keepdim) {
        return SumOp.sum(this, dims, keepdim);
    }

    /**
     * The mean of all elements, as {@code torch.mean(x)}; NaN for an empty tensor.
     *
     * @return a 0-dimensional tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64
     */
    public Tensor mean() {
        return SumOp.mean(this);
    }

    /**
     * The means along one dimension, as {@code torch.mean(x, dim, keepdim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or {@code dim} is out of range
     */
    public Tensor mean(int dim, boolean keepdim) {
        return SumOp.mean(this, new int[] {dim}, keepdim);
    }

    /**
     * The means along several dimensions, as {@code torch.mean(x, dims, keepdim)}.
     *
     * @param dims the dimensions to reduce (negative count from the end); none for all
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or a dimension is out of range or
     *         repeated
     */
    public Tensor mean(int[] dims, boolean keepdim) {
        return SumOp.mean(this, dims, keepdim);
    }

    /**
     * The largest element, as {@code torch.max(x)}: NaN if any is NaN. The gradient is shared evenly among the
     * elements equal to it.
     *
     * @return a 0-dimensional tensor of this dtype
     * @throws IllegalArgumentException if this tensor is empty
     */
    public Tensor max() {
        return MaxOp.max(this);
    }

    /**
     * The largest elements along {@code dim} and their indices, as {@code torch.max(x, dim, keepdim)}: of equal
     * values the first wins; a NaN wins over every number. The gradient goes to the returned index.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return the values and their int64 indices
     * @throws IllegalArgumentException if {@code dim} is out of range or has size 0
     */
    public ValuesIndices max(int dim, boolean keepdim) {
        return MaxOp.max(this, dim, keepdim);
    }

    /**
     * The smallest element, as {@code torch.min(x)}: NaN if any is NaN. The gradient is shared evenly among the
     * elements equal to it.
     *
     * @return a 0-dimensional tensor of this dtype
     * @throws IllegalArgumentException if this tensor is empty
     */
    public Tensor min() {
        return MaxOp.min(this);
    }

    /**
     * The smallest elements along {@code dim} and their indices, as {@code torch.min(x, dim, keepdim)}: of equal
     * values the first wins; a NaN wins over every number. The gradient goes to the returned index.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return the values and their int64 indices
     * @throws IllegalArgumentException if {@code dim} is out of range or has size 0
     */
    public ValuesIndices min(int dim, boolean keepdim) {
        return MaxOp.min(this, dim, keepdim);
    }

    /**
     * The flat index of the largest element, as {@code torch.argmax(x)}: the first of equal values, the first NaN
     * if any.
     *
     * @return a 0-dimensional int64 tensor, without gradient
     * @throws IllegalArgumentException if this tensor is empty or bool
     */
    public Tensor argmax() {
        return ArgmaxOp.argmax(this);
    }

    /**
     * The indices of the largest elements along {@code dim} (which is removed), as {@code torch.argmax(x, dim)}:
     * the first of equal values wins, a NaN wins over every number.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @return a new int64 tensor, without gradient
     * @throws IllegalArgumentException if this tensor is bool, or {@code dim} is out of range or has size 0
     */
    public Tensor argmax(int dim) {
        return ArgmaxOp.argmax(this, dim, false);
    }

    /**
     * The indices of the largest elements along {@code dim}, as {@code torch.argmax(x, dim, keepdim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new int64 tensor, without gradient
     * @throws IllegalArgumentException if this tensor is bool, or {@code dim} is out of range or has size 0
     */
    public Tensor argmax(int dim, boolean keepdim) {
        return ArgmaxOp.argmax(this, dim, keepdim);
    }

    /**
     * The flat index of the smallest element, as {@code torch.argmin(x)}: the first of equal values, the first NaN
     * if any.
     *
     * @return a 0-dimensional int64 tensor, without gradient
     * @throws IllegalArgumentException if this tensor is empty or bool
     */
    public Tensor argmin() {
        return ArgmaxOp.argmin(this);
    }

    /**
     * The indices of the smallest elements along {@code dim} (which is removed), as {@code torch.argmin(x, dim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @return a new int64 tensor, without gradient
     * @throws IllegalArgumentException if this tensor is bool, or {@code dim} is out of range or has size 0
     */
    public Tensor argmin(int dim) {
        return ArgmaxOp.argmin(this, dim, false);
    }

    /**
     * The indices of the smallest elements along {@code dim}, as {@code torch.argmin(x, dim, keepdim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new int64 tensor, without gradient
     * @throws IllegalArgumentException if this tensor is bool, or {@code dim} is out of range or has size 0
     */
    public Tensor argmin(int dim, boolean keepdim) {
        return ArgmaxOp.argmin(this, dim, keepdim);
    }

    /**
     * The unbiased variance of all elements, as {@code torch.var(x)} (correction 1, PyTorch's default).
     *
     * @return a 0-dimensional tensor; NaN for fewer than two elements
     * @throws IllegalArgumentException if this tensor is not float32 or float64
     */
    public Tensor var() {
        return VarOp.var(this, new int[0], 1, false);
    }

    /**
     * The unbiased variance along one dimension, as {@code torch.var(x, dim, keepdim=keepdim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or {@code dim} is out of range
     */
    public Tensor var(int dim, boolean keepdim) {
        return VarOp.var(this, new int[] {dim}, 1, keepdim);
    }

    /**
     * The variance along several dimensions, as {@code torch.var(x, dims, correction=correction, keepdim=keepdim)}:
     * {@code sum((x - mean)^2) / max(0, N - correction)}.
     *
     * @param dims the dimensions to reduce (negative count from the end); none for all
     * @param correction subtracted from the element count N in the divisor: 1 unbiased, 0 the population variance
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or a dimension is out of range or
     *         repeated
     */
    public Tensor var(int[] dims, double correction, boolean keepdim) {
        return VarOp.var(this, dims, correction, keepdim);
    }

    /**
     * The unbiased standard deviation of all elements, as {@code torch.std(x)} (correction 1).
     *
     * @return a 0-dimensional tensor; NaN for fewer than two elements
     * @throws IllegalArgumentException if this tensor is not float32 or float64
     */
    public Tensor std() {
        return VarOp.std(this, new int[0], 1, false);
    }

    /**
     * The unbiased standard deviation along one dimension, as {@code torch.std(x, dim, keepdim=keepdim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or {@code dim} is out of range
     */
    public Tensor std(int dim, boolean keepdim) {
        return VarOp.std(this, new int[] {dim}, 1, keepdim);
    }

    /**
     * The standard deviation along several dimensions, as {@code torch.std(x, dims, correction=correction,
     * keepdim=keepdim)}: the square root of {@link #var(int[], double, boolean)}.
     *
     * @param dims the dimensions to reduce (negative count from the end); none for all
     * @param correction subtracted from the element count N in the divisor: 1 unbiased, 0 the population value
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or a dimension is out of range or
     *         repeated
     */
    public Tensor std(int[] dims, double correction, boolean keepdim) {
        return VarOp.std(this, dims, correction, keepdim);
    }

    /**
     * The Euclidean (2-)norm of all elements, as {@code torch.norm(x)}. Its gradient at 0 is 0.
     *
     * @return a 0-dimensional tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64
     */
    public Tensor norm() {
        return NormOp.norm(this, 2, new int[0], false);
    }

    /**
     * The p-norm of all elements, as {@code torch.norm(x, p)}: {@code (sum |x|^p)^(1/p)}; for
     * {@code Double.POSITIVE_INFINITY} the largest |x|, for {@code NEGATIVE_INFINITY} the smallest, for 0 the count
     * of nonzeros.
     *
     * @param p the order
     * @return a 0-dimensional tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or p is infinite and this tensor
     *         is empty
     */
    public Tensor norm(double p) {
        return NormOp.norm(this, p, new int[0], false);
    }

    /**
     * The p-norms along {@code dims}, as {@code torch.norm(x, p, dims, keepdim)}.
     *
     * @param p the order (see {@link #norm(double)})
     * @param dims the dimensions to reduce (negative count from the end); none for all
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor
     * @throws IllegalArgumentException if this tensor is not float32 or float64, a dimension is out of range or
     *         repeated, or p is infinite and a reduced dimension is empty
     */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return NormOp.norm(this, p, dims, keepdim);
    }

    /**
     * Whether every element is nonzero (NaN counts as nonzero), as {@code torch.all(x)}; true for an empty tensor.
     *
     * @return a 0-dimensional bool tensor
     */
    public Tensor all() {
        return ReductionOp.all(this);
    }

    /**
     * Whether every element along {@code dim} is nonzero, as {@code torch.all(x, dim, keepdim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new bool tensor
     * @throws IllegalArgumentException if {@code dim} is out of range
     */
    public Tensor all(int dim, boolean keepdim) {
        return ReductionOp.all(this, dim, keepdim);
    }

    /**
     * Whether some element is nonzero (NaN counts as nonzero), as {@code torch.any(x)}; false for an empty tensor.
     *
     * @return a 0-dimensional bool tensor
     */
    public Tensor any() {
        return ReductionOp.any(this);
    }

    /**
     * Whether some element along {@code dim} is nonzero, as {@code torch.any(x, dim, keepdim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new bool tensor
     * @throws IllegalArgumentException if {@code dim} is out of range
     */
    public Tensor any(int dim, boolean keepdim) {
        return ReductionOp.any(this, dim, keepdim);
    }

    /**
     * Softmax along {@code dim}, as {@code torch.softmax(x, dim)}: {@code exp(x) / sum(exp(x), dim)}, computed with
     * the maximum along {@code dim} subtracted first so that large values do not overflow.
     *
     * @param dim the dimension whose entries sum to 1; negative counts from the end
     * @return a new tensor of this shape
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or {@code dim} is out of range
     */
    public Tensor softmax(int dim) {
        return SoftmaxOp.softmax(this, dim);
    }

    /**
     * Log-softmax along {@code dim}, as {@code torch.log_softmax(x, dim)}: {@code x - log(sum(exp(x), dim))},
     * computed stably.
     *
     * @param dim the dimension to normalise along; negative counts from the end
     * @return a new tensor of this shape
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or {@code dim} is out of range
     */
    public Tensor logSoftmax(int dim) {
        return SoftmaxOp.logSoftmax(this, dim);
    }

    /**
     * The matrix product {@code this @ other}, as {@code torch.matmul}: 1-D·1-D is a dot product (a 0-d result),
     * 2-D·2-D a matrix product, a 1-D operand is a row (first) or a column (second) that is removed after, and
     * with more dimensions the batch dimensions broadcast. Float32 or float64.
     *
     * @param other the right operand, of this dtype and device
     * @return a new tensor
     * @throws IllegalArgumentException if the shapes cannot be multiplied (e.g. {@code "mat1 and mat2 shapes cannot
     *         be multiplied (2x3 and 4x5)"}), a tensor is 0-d, the dtypes differ or are not float32 or float64
     */
    public Tensor matmul(Tensor other) {
        return MatmulOp.matmul(this, other);
    }

    /**
     * {@code this @ other} written into {@code out}, as {@code torch.matmul(a, b, out=out)}; not differentiable.
     *
     * @param other the right operand
     * @param out a tensor of the product's shape and dtype (Blitz does not resize it)
     * @return {@code out}
     * @throws IllegalArgumentException if {@code out}'s shape or dtype differs from the product's, or a tensor
     *         requires grad while gradients are recorded
     */
    public Tensor matmul(Tensor other, Tensor out) {
        return MatmulOp.matmul(this, other, out);
    }

    /**
     * The product of two matrices, as {@code torch.mm}; no broadcasting.
     *
     * @param other a k×m matrix, where this one is n×k
     * @return the n×m product
     * @throws IllegalArgumentException if either is not 2-D or the inner sizes differ
     */
    public Tensor mm(Tensor other) {
        return MatmulOp.mm(this, other);
    }

    /**
     * Batched matrix products, as {@code torch.bmm}: this [b, n, k] times {@code other} [b, k, m]; no
     * broadcasting.
     *
     * @param other [b, k, m]
     * @return [b, n, m]
     * @throws IllegalArgumentException if either is not 3-D or the sizes do not match
     */
    public Tensor bmm(Tensor other) {
        return MatmulOp.bmm(this, other);
    }

    /**
     * The dot product of two vectors, as {@code torch.dot}.
     *
     * @param other a 1-D tensor as long as this one
     * @return a 0-d tensor
     * @throws IllegalArgumentException if either is not 1-D or the lengths differ
     */
    public Tensor dot(Tensor other) {
        return MatmulOp.dot(this, other);
    }

    /**
     * The outer product of two vectors, as {@code torch.outer}: {@code out[i][j] = this[i] * other[j]}.
     *
     * @param other a 1-D tensor
     * @return a new [n, m] tensor
     * @throws IllegalArgumentException if either is not 1-D
     */
    public Tensor outer(Tensor other) {
        return MatmulOp.outer(this, other);
    }

    /**
     * The entries at positions {@code index} along {@code dim}, as {@code torch.index_select}; e.g. rows 2 and 0
     * of a matrix: {@code x.indexSelect(0, Tensor.of(new long[] {2, 0}))}. Any dtype.
     *
     * @param dim the dimension; negative counts from the end
     * @param index a 1-D int64 tensor of positions in {@code [0, size(dim))}
     * @return a new tensor with size {@code index.numel()} at {@code dim}
     * @throws IllegalArgumentException if {@code index} is not a 1-D int64 tensor or holds a position out of
     *         bounds (e.g. {@code "index 7 is out of bounds for dimension 0 with size 3"})
     */
    public Tensor indexSelect(int dim, Tensor index) {
        return IndexSelectOp.apply(this, dim, index);
    }

    /**
     * Values at per-element positions along {@code dim}, as {@code torch.gather}: for {@code dim = 1},
     * {@code out[i][j] = this[i][index[i][j]]}. Any dtype.
     *
     * @param dim the dimension; negative counts from the end
     * @param index int64 positions in {@code [0, size(dim))}, of this rank, no larger along the other dimensions
     * @return a new tensor of {@code index}'s shape
     * @throws IllegalArgumentException if {@code index} is not int64 ({@code "gather(): Expected dtype int64 for
     *         index"}), its rank or sizes do not fit, or a position is out of bounds
     */
    public Tensor gather(int dim, Tensor index) {
        return GatherOp.gather(this, dim, index);
    }

    /**
     * A copy with {@code src}'s values written at the positions {@code index} gives along {@code dim}, as
     * {@code torch.scatter}: for {@code dim = 0}, {@code out[index[i][j]][j] = src[i][j]}; with repeated
     * positions the last write wins.
     *
     * @param dim the dimension; negative counts from the end
     * @param index int64 positions in {@code [0, size(dim))}, of this rank, no larger than {@code src}, nor than
     *        this tensor but along {@code dim}
     * @param src the values, of this rank and dtype
     * @return a new tensor of this shape
     * @throws IllegalArgumentException if the dtypes, ranks or sizes do not fit, or a position is out of bounds
     */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return GatherOp.scatter(this, dim, index, src);
    }

    /**
     * A copy with {@code value} written at the positions {@code index} gives along {@code dim}, as
     * {@code torch.scatter(x, dim, index, value)}.
     *
     * @param dim the dimension; negative counts from the end
     * @param index int64 positions in {@code [0, size(dim))}, of this rank
     * @param value the number to write
     * @return a new tensor of this shape
     */
    public Tensor scatter(int dim, Tensor index, double value) {
        return GatherOp.scatter(this, dim, index, value);
    }

    /**
     * {@link #scatter(int, Tensor, Tensor)} in place, as PyTorch's {@code scatter_}.
     *
     * @param dim the dimension; negative counts from the end
     * @param index int64 positions in {@code [0, size(dim))}
     * @param src the values, of this rank and dtype
     * @return this tensor
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor scatterInPlace(int dim, Tensor index, Tensor src) {
        return assign(scatter(dim, index, src), "scatterInPlace");
    }

    /**
     * {@link #scatter(int, Tensor, double)} in place, as PyTorch's {@code scatter_(dim, index, value)}.
     *
     * @param dim the dimension; negative counts from the end
     * @param index int64 positions in {@code [0, size(dim))}
     * @param value the number to write
     * @return this tensor
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor scatterInPlace(int dim, Tensor index, double value) {
        return assign(scatter(dim, index, value), "scatterInPlace");
    }

    /**
     * A copy with {@code src}'s values added at the positions {@code index} gives along {@code dim}, as
     * {@code torch.scatter_add}: for {@code dim = 0}, {@code out[index[i][j]][j] += src[i][j]}; repeated positions
     * add up. Float32 or float64.
     *
     * @param dim the dimension; negative counts from the end
     * @param index int64 positions in {@code [0, size(dim))}, no larger than {@code src}
     * @param src the values, of this rank and dtype
     * @return a new tensor of this shape
     * @throws IllegalArgumentException if this tensor is not float32 or float64, or the dtypes, ranks or sizes
     *         do not fit, or a position is out of bounds
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return GatherOp.scatterAdd(this, dim, index, src);
    }

    /**
     * {@link #scatterAdd} in place, as PyTorch's {@code scatter_add_}.
     *
     * @param dim the dimension; negative counts from the end
     * @param index int64 positions in {@code [0, size(dim))}
     * @param src the values, of this rank and dtype
     * @return this tensor
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor scatterAddInPlace(int dim, Tensor index, Tensor src) {
        return assign(scatterAdd(dim, index, src), "scatterAddInPlace");
    }

    /**
     * The elements where {@code mask} is true, in row-major order, as {@code torch.masked_select}; the mask and
     * this tensor broadcast together. Reads the mask on the host.
     *
     * @param mask a bool tensor whose shape broadcasts with this one's
     * @return a new 1-D tensor
     * @throws IllegalArgumentException if {@code mask} is not bool or the shapes do not broadcast
     */
    public Tensor maskedSelect(Tensor mask) {
        return MaskedSelectOp.apply(this, mask);
    }


    /**
     * {@code this -= other} in place, as PyTorch's {@code sub_}; e.g. the manual SGD update
     * {@code p.subInPlace(p.grad().mul(lr))} under {@code noGrad}. {@code other} broadcasts to this shape.
     *
     * @param other a tensor whose shape broadcasts to this one's, on this device
     * @return this tensor
     * @throws IllegalArgumentException if the shapes do not broadcast to this one, or the devices differ
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor subInPlace(Tensor other) {
        return axpyInPlace(-1f, other, "subInPlace") ? this : assign(sub(other), "subInPlace");
    }

    /**
     * {@code this += other} in place, as PyTorch's {@code add_}; {@code other} broadcasts to this shape.
     *
     * @param other a tensor whose shape broadcasts to this one's, on this device
     * @return this tensor
     * @throws IllegalArgumentException if the shapes do not broadcast to this one, or the devices differ
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor addInPlace(Tensor other) {
        return axpyInPlace(1f, other, "addInPlace") ? this : assign(add(other), "addInPlace");
    }

    /**
     * {@code this *= other} in place, as PyTorch's {@code mul_}; {@code other} broadcasts to this shape.
     *
     * @param other a tensor whose shape broadcasts to this one's, on this device
     * @return this tensor
     */
    public Tensor mulInPlace(Tensor other) {
        return assign(inPlaceSource(other).mul(other), "mulInPlace");
    }

    /**
     * {@code this /= other} in place, as PyTorch's {@code div_}; {@code other} broadcasts to this shape.
     *
     * @param other a tensor whose shape broadcasts to this one's, on this device
     * @return this tensor
     */
    public Tensor divInPlace(Tensor other) {
        return assign(inPlaceSource(other).div(other), "divInPlace");
    }

    /**
     * {@code this += value} in place, as PyTorch's {@code add_(value)}.
     *
     * @param value the scalar to add
     * @return this tensor
     */
    public Tensor addInPlace(double value) {
        return assign(add(value), "addInPlace");
    }

    /**
     * {@code this -= value} in place, as PyTorch's {@code sub_(value)}.
     *
     * @param value the scalar to subtract
     * @return this tensor
     */
    public Tensor subInPlace(double value) {
        return assign(sub(value), "subInPlace");
    }

    /**
     * {@code this *= value} in place, as PyTorch's {@code mul_}.
     *
     * @param value the scalar factor
     * @return this tensor
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor mulInPlace(double value) {
        if (!recordsInPlace() && dtype == DType.FLOAT32 && isDense()) {
            checkInPlace("mulInPlace", false);
            backend().affine(buffer(), (float) value, 0f, buffer());
            bumpVersion();
            return this;
        }
        return assign(mul(value), "mulInPlace");
    }

    /**
     * {@code this /= value} in place, as PyTorch's {@code div_(value)}.
     *
     * @param value the scalar divisor
     * @return this tensor
     */
    public Tensor divInPlace(double value) {
        return assign(div(value), "divInPlace");
    }

    /**
     * {@code this = |this|} in place, as PyTorch's {@code abs_}.
     *
     * @return this tensor
     */
    public Tensor absInPlace() {
        return assign(inPlaceSource().abs(), "absInPlace");
    }

    /**
     * {@code this = -this} in place, as PyTorch's {@code neg_}.
     *
     * @return this tensor
     */
    public Tensor negInPlace() {
        return assign(neg(), "negInPlace");
    }

    /**
     * Each element replaced by its sign in place, as PyTorch's {@code sign_}.
     *
     * @return this tensor
     */
    public Tensor signInPlace() {
        return assign(sign(), "signInPlace");
    }

    /**
     * {@code this = e^this} in place, as PyTorch's {@code exp_}; a float tensor only (int64's result is float).
     *
     * @return this tensor
     */
    public Tensor expInPlace() {
        return assign(exp(), "expInPlace");
    }

    /**
     * {@code this = log(this)} in place, as PyTorch's {@code log_}.
     *
     * @return this tensor
     */
    public Tensor logInPlace() {
        return assign(inPlaceSource().log(), "logInPlace");
    }

    /**
     * {@code this = sqrt(this)} in place, as PyTorch's {@code sqrt_}.
     *
     * @return this tensor
     */
    public Tensor sqrtInPlace() {
        return assign(sqrt(), "sqrtInPlace");
    }

    /**
     * {@code this = 1 / sqrt(this)} in place, as PyTorch's {@code rsqrt_}.
     *
     * @return this tensor
     */
    public Tensor rsqrtInPlace() {
        return assign(rsqrt(), "rsqrtInPlace");
    }

    /**
     * {@code this = sin(this)} in place, as PyTorch's {@code sin_}.
     *
     * @return this tensor
     */
    public Tensor sinInPlace() {
        return assign(inPlaceSource().sin(), "sinInPlace");
    }

    /**
     * {@code this = cos(this)} in place, as PyTorch's {@code cos_}.
     *
     * @return this tensor
     */
    public Tensor cosInPlace() {
        return assign(inPlaceSource().cos(), "cosInPlace");
    }

    /**
     * {@code this = tanh(this)} in place, as PyTorch's {@code tanh_}.
     *
     * @return this tensor
     */
    public Tensor tanhInPlace() {
        return assign(tanh(), "tanhInPlace");
    }

    /**
     * {@code this = sigmoid(this)} in place, as PyTorch's {@code sigmoid_}.
     *
     * @return this tensor
     */
    public Tensor sigmoidInPlace() {
        return assign(sigmoid(), "sigmoidInPlace");
    }

    /**
     * {@code this = max(this, 0)} in place, as PyTorch's {@code relu_}.
     *
     * @return this tensor
     */
    public Tensor reluInPlace() {
        return assign(relu(), "reluInPlace");
    }

    /**
     * Each element limited to {@code [min, max]} in place, as PyTorch's {@code clamp_}.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return this tensor
     */
    public Tensor clampInPlace(double min, double max) {
        return assign(inPlaceSource().clamp(min, max), "clampInPlace");
    }

    /**
     * Each element at least {@code min} in place, as PyTorch's {@code clamp_min_}.
     *
     * @param min the lower bound
     * @return this tensor
     */
    public Tensor clampMinInPlace(double min) {
        return assign(inPlaceSource().clampMin(min), "clampMinInPlace");
    }

    /**
     * Each element at most {@code max} in place, as PyTorch's {@code clamp_max_}.
     *
     * @param max the upper bound
     * @return this tensor
     */
    public Tensor clampMaxInPlace(double max) {
        return assign(inPlaceSource().clampMax(max), "clampMaxInPlace");
    }

    /**
     * Each element to the power {@code exponent} in place, as PyTorch's {@code pow_}.
     *
     * @param exponent the power
     * @return this tensor
     */
    public Tensor powInPlace(double exponent) {
        return assign(inPlaceSource().pow(exponent), "powInPlace");
    }

    /**
     * Each element to the power of {@code exponent}'s (broadcast to this shape) in place, as PyTorch's
     * {@code pow_}.
     *
     * @param exponent a tensor whose shape broadcasts to this one's, on this device
     * @return this tensor
     */
    public Tensor powInPlace(Tensor exponent) {
        return assign(inPlaceSource(exponent).pow(exponent), "powInPlace");
    }

    /**
     * {@code value} written where {@code mask} (broadcast to this shape) holds, as PyTorch's {@code masked_fill_}.
     *
     * @param mask a bool tensor whose shape broadcasts to this one's
     * @param value the number to fill in, converted to this dtype
     * @return this tensor
     */
    public Tensor maskedFillInPlace(Tensor mask, double value) {
        return assign(maskedFill(mask, value), "maskedFillInPlace");
    }

    /**
     * Sets every element to {@code value}, as PyTorch's {@code fill_}; on a view, only its elements.
     *
     * @param value the new value of every element
     * @return this tensor
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor fillInPlace(double value) {
        checkInPlace("fillInPlace", false);
        if (isDense()) {
            backend().fill(buffer(), value);
        } else {
            try (Tensor v = full(Shape.of(), value, dtype, device())) {
                writeFrom(v);
            }
        }
        bumpVersion();
        rebaseHistory(null);
        return this;
    }

    /**
     * Fills this tensor with samples of U(from, to) from the default {@link Generator}, without history, as
     * PyTorch's {@code uniform_}: float32 or float64, PyTorch's CPU numbers bit for bit, written in the order
     * PyTorch walks this tensor (row-major when contiguous; for a view, its dimensions by falling stride).
     *
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @return this tensor
     * @throws IllegalArgumentException if {@code from > to}, a bound does not fit the dtype, this tensor is int64
     *     or bool, or it has a dimension of stride 0 (an expanded view)
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor uniformInPlace(double from, double to) {
        checkInPlace("uniformInPlace", false);
        return overwrite(RandomFill.into("uniformInPlace", RandomFill.Kind.UNIFORM, this, from, to));
    }

    /**
     * Fills this tensor with samples of N(mean, std²) from the default {@link Generator}, without history, as
     * PyTorch's {@code normal_}: float32 or float64, in PyTorch's order (see {@link #uniformInPlace}); a view that
     * is not contiguous takes PyTorch's one-at-a-time path, as there.
     *
     * @param mean the distribution's mean
     * @param std the distribution's standard deviation
     * @return this tensor
     * @throws IllegalArgumentException if {@code std < 0}, this tensor is int64 or bool, or it has a dimension
     *     of stride 0
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor normalInPlace(double mean, double std) {
        checkInPlace("normalInPlace", false);
        return overwrite(RandomFill.into("normalInPlace", RandomFill.Kind.NORMAL, this, mean, std));
    }

    /**
     * Sets each element to 1 with probability {@code p}, else to 0, from the default {@link Generator}, without
     * history, as PyTorch's {@code bernoulli_(p)}: any dtype (bool gets true), in PyTorch's order (see
     * {@link #uniformInPlace}).
     *
     * @param p the probability of a one
     * @return this tensor
     * @throws IllegalArgumentException if {@code p} is outside [0, 1], or this tensor has a dimension of stride 0
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor bernoulliInPlace(double p) {
        checkInPlace("bernoulliInPlace", false);
        return overwrite(RandomFill.into("bernoulliInPlace", RandomFill.Kind.BERNOULLI, this, p, 0));
    }

    /**
     * A new tensor of this one's shape, dtype and device with each element 1 with probability {@code p}, else 0,
     * as {@code torch.bernoulli(t, p)}: drawn as {@link #bernoulliInPlace} draws into a contiguous tensor.
     *
     * @param p the probability of a one
     * @return a new contiguous tensor that does not require grad
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public Tensor bernoulli(double p) {
        return RandomFill.fresh("bernoulli", RandomFill.Kind.BERNOULLI, shape, dtype, device(), p, 0);
    }

    /** Writes freshly drawn values over this tensor's elements (the samplers draw on the CPU for every device). */
    private Tensor overwrite(Tensor values) {
        try (values) {
            writeFrom(values);
        }
        bumpVersion();
        rebaseHistory(null);
        return this;
    }

    /**
     * Sets every element to 0, as PyTorch's {@code zero_}.
     *
     * @return this tensor
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor zeroInPlace() {
        return fillInPlace(0);
    }

    /**
     * Copies {@code src}'s values into this tensor, as PyTorch's {@code copy_}: {@code src} broadcasts to this
     * shape, may live on another device and have another dtype (converted). Gradients flow to {@code src}.
     *
     * @param src a tensor whose shape broadcasts to this one's
     * @return this tensor
     * @throws IllegalArgumentException if the shapes do not broadcast to this one
     * @throws IllegalStateException for a leaf that requires grad while gradients are recorded
     */
    public Tensor copyFrom(Tensor src) {
        checkBroadcastsTo("copyFrom", src.shape);
        if (GradMode.isEnabled() && src.requiresGrad() && src.device().equals(device())) {
            return assign(ViewOp.expand(src, shape.dims()), "copyFrom");
        }
        checkInPlace("copyFrom", false);
        writeFrom(src);
        bumpVersion();
        rebaseHistory(null);
        return this;
    }

    private void checkBroadcastsTo(String op, Shape other) {
        if (!Shape.broadcast(shape, other, op).equals(shape)) {
            throw new IllegalArgumentException(op + ": output with shape " + shape + " doesn't match the broadcast"
                    + " shape " + Shape.broadcast(shape, other, op));
        }
    }

    /** Whether an in-place op on this tensor must record autograd history. */
    private boolean recordsInPlace() {
        return GradMode.isEnabled() && requiresGrad();
    }

    /**
     * The fast in-place {@code this += alpha * other} of the optimizers and manual updates: done (true) when
     * no history is recorded and both are dense float32 of one shape; else false, for the general path.
     */
    private boolean axpyInPlace(float alpha, Tensor other, String op) {
        checkSameDevice(op, other);
        if (recordsInPlace() || (GradMode.isEnabled() && other.requiresGrad()) || dtype != DType.FLOAT32
                || other.dtype != DType.FLOAT32 || !other.shape.equals(shape) || !isDense() || !other.isDense()) {
            return false;
        }
        checkInPlace(op, false);
        backend().axpy(alpha, other.buffer(), buffer());
        bumpVersion();
        return true;
    }

    /**
     * Makes {@code result}, computed out of place (with its history), this tensor's new value and history: what
     * every in-place op that records autograd does, as PyTorch rebases a tensor's grad_fn in place.
     */
    private Tensor assign(Tensor result, String op) {
        checkInPlace(op, result.requiresGrad());
        try (result) {
            if (!result.shape.equals(shape)) {
                throw new IllegalArgumentException(op + ": output with shape " + shape + " doesn't match the broadcast"
                        + " shape " + result.shape);
            }
            if (!canCast(result.dtype, dtype)) {
                throw new IllegalArgumentException(op + ": result type " + result.dtype + " can't be cast to the"
                        + " desired output type " + dtype);
            }
            // Read before the write: result may be a view of this memory, whose grad_fn the write would refresh.
            boolean tracked = result.gradFn() != null;
            writeFrom(result);
            bumpVersion();
            rebaseHistory(tracked ? result : null);
        }
        return this;
    }

    /**
     * This tensor's history after an in-place write, as PyTorch's rebase_history: {@code result} (null for a write
     * that depends on nothing differentiable, as a fill) becomes its history; on a view whose root base requires
     * grad or gets it from {@code result}, the root's history becomes a {@link CopySlices} and the view's the view
     * of that.
     */
    private void rebaseHistory(Tensor result) {
        if (!GradMode.isEnabled()) {
            return;
        }
        Tensor root = root();
        if (root == this || viewFn == null) {
            if (result != null) {
                attach(result.gradFn());
            } else {
                dropHistory();
            }
            return;
        }
        if (result == null && !root.requiresGrad) {
            return;
        }
        new CopySlices(root, viewFn, result).record(root);
        gradFn = ViewOp.asStrided(root, viewFn);
        requiresGrad = true;
        viewVersion = version();
    }

    /**
     * The input of an in-place op whose backward reads its input: when history is recorded, a copy (PyTorch's
     * {@code original_self}), since the write would change the memory the op saved; else this tensor.
     */
    private Tensor inPlaceSource() {
        return recordsInPlace() ? CloneOp.apply(this) : this;
    }

    /**
     * {@link #inPlaceSource()} for an op with another input, whose gradient may read this tensor: a copy also when
     * only {@code other} requires grad.
     */
    private Tensor inPlaceSource(Tensor other) {
        return recordsInPlace() || (GradMode.isEnabled() && other.requiresGrad()) ? CloneOp.apply(this) : this;
    }

    /** PyTorch's canCast: no float into an integer, nothing but bool into bool. */
    private static boolean canCast(DType from, DType to) {
        return !(from.isFloatingPoint() && !to.isFloatingPoint()) && !(from != DType.BOOL && to == DType.BOOL);
    }

    /** After an in-place write that does not depend on the old values: the old history no longer applies. */
    private void dropHistory() {
        if (gradFn != null && GradMode.isEnabled()) {
            gradFn = null;
            requiresGrad = false;
        }
    }

    /**
     * Refuses an in-place write autograd cannot follow, as PyTorch's check_inplace.
     *
     * @param sourceRequiresGrad whether the written values depend on a tensor that requires grad
     */
    private void checkInPlace(String op, boolean sourceRequiresGrad) {
        if (!GradMode.isEnabled()) {
            return;
        }
        Tensor root = root();
        if (requiresGrad() && gradFn == null) {
            throw new IllegalStateException(op + ": a leaf Variable that requires grad is being used in an in-place"
                    + " operation (shape " + shape + "); do it inside GradMode.noGrad(), or on detach()");
        }
        if (root != this && root.requiresGrad && root.gradFn == null) {
            throw new IllegalStateException(op + ": a view of a leaf Variable that requires grad is being used in an"
                    + " in-place operation (shape " + shape + "); do it inside GradMode.noGrad(), or on detach()");
        }
        if (root != this && (root.requiresGrad || sourceRequiresGrad)) {
            if (viewFn == null) {
                throw new IllegalStateException(op + ": a view was created in no_grad mode and is being modified"
                        + " inplace with grad mode enabled (shape " + shape + ", base " + root.shape + "). Given"
                        + " that this use case is ambiguous and error-prone, it is forbidden. You can clarify your"
                        + " code by moving both the view and the inplace either both inside the noGrad block (if"
                        + " you don't want the inplace to be tracked) or both outside (if you want the inplace to be"
                        + " tracked).");
            }
            for (int d = 0; d < shape.rank(); d++) {
                if (strides[d] == 0 && shape.dim(d) > 1) {
                    throw new IllegalStateException(op + ": unsupported operation: more than one element of the"
                            + " written-to tensor refers to a single memory location. Please clone() the tensor"
                            + " before performing the operation (shape " + shape + ", strides "
                            + Arrays.toString(strides) + ").");
                }
            }
        }
    }

    /**
     * {@code t} ready for a float32-only kernel (the network ops: conv, pool, linear, relu, losses, optimizers):
     * checked to be float32 and made {@link #dense()}; null stays null.
     */
    static Tensor float32Input(String op, Tensor t) {
        if (t == null) {
            return null;
        }
        if (t.dtype != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected a float32 tensor, got " + t.dtype + " (shape " + t.shape
                    + "); convert it with to(DType.FLOAT32)");
        }
        return t.dense();
    }

    /** Fails with both devices named unless {@code other} lives where this tensor does; for the ops. */
    void checkSameDevice(String op, Tensor other) {
        if (!other.device().equals(device())) {
            throw new IllegalArgumentException(op + ": expected all tensors on the same device, but found "
                    + device() + " and " + other.device() + "; move one with .to(device)");
        }
    }

    /**
     * How many in-place writes this tensor's memory has seen (shared with its views), as PyTorch's
     * {@code _version}. Backward compares it with the value each op saw when it kept the tensor, and refuses to
     * compute a gradient from memory that changed since.
     *
     * @return the count of in-place writes so far
     */
    public int version() {
        return storage.version();
    }

    /** Counts an in-place write into this tensor's memory; every in-place op calls it. */
    void bumpVersion() {
        storage.bumpVersion();
    }

    /** Makes {@code fn} this op result's {@code gradFn}; what {@link Function#record} does when recording. */
    void attach(Function fn) {
        gradFn = fn;
        requiresGrad = true;
    }

    /**
     * Releases this tensor's hold on its memory; using it afterwards throws {@link ClosedTensorException}. Views
     * and detached tensors over the same memory keep it alive, and usable, until they close too. Closing twice
     * does nothing.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            storage.release();
        }
    }

    /** {@link #close()} by the {@link MemoryScope} that owns this tensor, remembered for the error message. */
    void closeFromScope() {
        if (!closed) {
            closedByScope = true;
            close();
        }
    }

    /**
     * PyTorch's printed form, e.g. {@code tensor([[1., 2.]], grad_fn=<AddBackward0>)}, with the same number
     * formatting and summarising of large tensors.
     */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
