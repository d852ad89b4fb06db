package dev.blitz.tensor;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Buffer;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;

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
    private boolean requiresGrad;
    private Function gradFn;
    private Tensor grad;
    private boolean closed;
    /** Whether {@link MemoryScope} closed it, for the message of a later use. */
    private boolean closedByScope;
    /** The {@link MemoryScope} that closes this tensor, or null. */
    MemoryScope scope;

    private Tensor(Storage storage, Shape shape) {
        this.storage = storage;
        this.shape = shape;
        MemoryScope.track(this);
    }


    /**
     * A tensor with unspecified contents, for kernels to write, as {@code torch.empty}.
     *
     * @param shape its shape
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     * @throws OutOfMemoryError naming the op, the shape and the bytes, if the Java heap has no room for it
     */
    public static Tensor empty(Shape shape, Device device) {
        Backend backend = Backends.of(device);
        Buffer buffer;
        try {
            buffer = backend.allocate(shape.numel());
        } catch (OutOfMemoryError e) {
            throw OutOfHeap.error(e, shape, device);
        }
        return new Tensor(new Storage(backend, buffer), shape);
    }

    /**
     * Copies {@code data} (row-major) into a new tensor of the given shape on the default device, as
     * {@code torch.tensor(data).view(shape)}.
     *
     * @param data the values, {@code numel} of them
     * @param shape sizes per dimension; none for a scalar
     * @return a new tensor that does not require grad
     * @throws IllegalArgumentException if {@code data.length} is not the shape's element count
     */
    public static Tensor of(float[] data, int... shape) {
        return of(data, Shape.of(shape), Backends.defaultDevice());
    }

    /**
     * Copies {@code data} (row-major) into a new tensor of the given shape on {@code device}.
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
        if (data.length != shape.numel()) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values cannot fill shape " + shape
                    + " (expected " + shape.numel() + ")");
        }
        Backend backend = Backends.of(device);
        Buffer buffer;
        try {
            buffer = backend.upload(data);
        } catch (OutOfMemoryError e) {
            throw OutOfHeap.error(e, shape, device);
        }
        return new Tensor(new Storage(backend, buffer), shape);
    }

    /**
     * A 0-dimensional tensor on the default device, as {@code torch.tensor(value)}.
     *
     * @param value its value
     * @return a new tensor of shape {@code []}
     */
    public static Tensor scalar(double value) {
        return of(new float[] {(float) value}, Shape.of(), Backends.defaultDevice());
    }

    /**
     * A tensor filled with one value, as {@code torch.full}.
     *
     * @param shape its shape
     * @param value the value of every element
     * @param device where its memory lives
     * @return a new tensor that does not require grad
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     */
    public static Tensor full(Shape shape, double value, Device device) {
        Tensor t = empty(shape, device);
        t.backend().fill(t.buffer(), (float) value);
        return t;
    }

    /**
     * Zeros on the default device, as {@code torch.zeros}.
     *
     * @param shape sizes per dimension
     * @return a new tensor that does not require grad
     */
    public static Tensor zeros(int... shape) {
        return full(Shape.of(shape), 0f, Backends.defaultDevice());
    }

    /**
     * Ones on the default device, as {@code torch.ones}.
     *
     * @param shape sizes per dimension
     * @return a new tensor that does not require grad
     */
    public static Tensor ones(int... shape) {
        return full(Shape.of(shape), 1f, Backends.defaultDevice());
    }

    /**
     * Standard normal samples from the default {@link Generator} (seed it with {@code Blitz.manualSeed}) on the
     * default device, as {@code torch.randn}: the same numbers as PyTorch's CPU after the same seed, whatever the
     * device.
     *
     * @param shape sizes per dimension
     * @return a new tensor that does not require grad
     */
    public static Tensor randn(int... shape) {
        Shape s = Shape.of(shape);
        return of(Generator.getDefault().normal(s.numel(), 0, 1), s, Backends.defaultDevice());
    }

    /**
     * Uniform samples on {@code [0, 1)} from the default {@link Generator} on the default device, as
     * {@code torch.rand}: the same numbers as PyTorch's CPU after the same seed, whatever the device.
     *
     * @param shape sizes per dimension
     * @return a new tensor that does not require grad
     */
    public static Tensor rand(int... shape) {
        Shape s = Shape.of(shape);
        return of(Generator.getDefault().uniform(s.numel(), 0, 1), s, Backends.defaultDevice());
    }

    /**
     * Zeros with {@code t}'s shape on {@code t}'s device, as {@code torch.zeros_like}.
     *
     * @param t the tensor to take shape and device from
     * @return a new tensor that does not require grad
     */
    public static Tensor zerosLike(Tensor t) {
        return full(t.shape, 0f, t.device());
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

    /** {@return the device where this tensor's memory lives} */
    public Device device() {
        return storage.backend.device();
    }

    /** The memory behind this tensor, for the ops of this package; throws if this tensor was closed. */
    Buffer buffer() {
        checkOpen();
        return storage.buffer();
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

    /**
     * A copy of the values on the host, row-major; waits for pending device work.
     *
     * @return {@code numel()} values
     * @throws IllegalStateException if this tensor was closed
     */
    public float[] toFloatArray() {
        float[] out = new float[shape.numel()];
        backend().download(buffer(), out);
        return out;
    }

    /**
     * The value of a one-element tensor, as PyTorch's {@code item()}; waits for pending device work.
     *
     * @return the value
     * @throws IllegalStateException if the tensor does not have exactly one element
     */
    public float item() {
        if (shape.numel() != 1) {
            throw new IllegalStateException("item(): a tensor with " + shape.numel() + " elements (shape " + shape
                    + ") cannot be converted to a scalar; expected exactly one element");
        }
        return backend().read(buffer(), 0);
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
        Tensor copy = of(toFloatArray(), shape, device);
        copy.requiresGrad = requiresGrad && gradFn == null;
        return copy;
    }

    /**
     * Moves this leaf's data (and gradient) to {@code device} in place, keeping the object: what
     * {@code Module.to(device)} does to parameters, so fields and optimizers that hold them stay valid.
     *
     * @param device the target device
     * @throws IllegalStateException if this tensor is not a leaf (use {@link #to(Device)} for a copy)
     */
    public void moveTo(Device device) {
        if (gradFn != null) {
            throw new IllegalStateException("moveTo: only leaf tensors can be moved in place; this one has grad_fn="
                    + gradFn + " (use to(device) for a copy)");
        }
        if (device.equals(device())) {
            return;
        }
        Backend target = Backends.of(device);
        Storage moved = new Storage(target, target.upload(toFloatArray()));
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
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a non-leaf tensor (grad_fn=" + gradFn
                    + "); use detach() to get a tensor without history");
        }
        requiresGrad = value;
        return this;
    }

    /** {@return the op that produced this tensor, as PyTorch's {@code grad_fn}; null for a leaf} */
    public Function gradFn() {
        return gradFn;
    }

    /**
     * Whether this tensor was made by the user rather than recorded by autograd, as PyTorch's {@code is_leaf}.
     *
     * @return true when {@link #gradFn()} is null
     */
    public boolean isLeaf() {
        return gradFn == null;
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
            grad = MemoryScope.keepWith(this, g.copy());
        } else {
            backend().axpy(1f, g.buffer(), grad.buffer());
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
        backward(full(shape, 1f, device()), false);
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
        return new Tensor(storage.share(), shape);
    }


    /**
     * The same memory seen with another shape, as PyTorch's {@code view}; one size may be {@code -1} (inferred).
     * Differentiable.
     *
     * @param sizes the new sizes, with as many elements in all as this tensor
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if the sizes do not fit this tensor's element count
     */
    public Tensor view(int... sizes) {
        return ViewOp.apply(this, shape.view(sizes));
    }

    /**
     * PyTorch's {@code reshape}; Blitz tensors are always contiguous, so this is {@link #view(int...)}.
     *
     * @param sizes the new sizes; one may be {@code -1}
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if the sizes do not fit this tensor's element count
     */
    public Tensor reshape(int... sizes) {
        return view(sizes);
    }

    /**
     * Flattens dimensions {@code startDim} to the last into one, as {@code torch.flatten(x, startDim)}: a
     * [N, C, H, W] batch with {@code startDim = 1} becomes [N, C*H*W]. A scalar becomes shape [1].
     *
     * @param startDim the first dimension to merge; negative counts from the end
     * @return a view sharing this tensor's memory
     * @throws IllegalArgumentException if {@code startDim} is out of range
     */
    public Tensor flatten(int startDim) {
        if (shape.rank() == 0) {
            return view(1);
        }
        int start = shape.normalize(startDim);
        int[] sizes = new int[start + 1];
        int rest = 1;
        for (int i = 0; i < shape.rank(); i++) {
            if (i < start) {
                sizes[i] = shape.dim(i);
            } else {
                rest *= shape.dim(i);
            }
        }
        sizes[start] = rest;
        return view(sizes);
    }

    /**
     * All elements in one dimension, as {@code torch.flatten(x)}.
     *
     * @return a 1-D view sharing this tensor's memory
     */
    public Tensor flatten() {
        return flatten(0);
    }

    /** A tensor over this one's memory with another shape and no history, for {@link ViewOp}. */
    Tensor viewOf(Shape newShape) {
        checkOpen();
        if (newShape.numel() != shape.numel()) {
            throw new IllegalArgumentException("viewOf: shape " + newShape + " (" + newShape.numel()
                    + " elements) cannot view a tensor of shape " + shape + " (" + shape.numel() + " elements)");
        }
        return new Tensor(storage.share(), newShape);
    }

    /**
     * A new tensor holding the same values on the same device, without history, as PyTorch's
     * {@code detach().clone()}.
     *
     * @return the copy
     */
    public Tensor copy() {
        Tensor out = empty(shape, device());
        backend().copy(buffer(), out.buffer());
        return out;
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
     * {@code this + value}.
     *
     * @param value the scalar to add
     * @return a new tensor of this shape
     */
    public Tensor add(double value) {
        return ElementwiseOp.affine(this, 1f, (float) value, "AddBackward0");
    }

    /**
     * {@code this - value}.
     *
     * @param value the scalar to subtract
     * @return a new tensor of this shape
     */
    public Tensor sub(double value) {
        return ElementwiseOp.affine(this, 1f, -(float) value, "SubBackward0");
    }

    /**
     * {@code this * value}.
     *
     * @param value the scalar factor
     * @return a new tensor of this shape
     */
    public Tensor mul(double value) {
        return ElementwiseOp.affine(this, (float) value, 0f, "MulBackward0");
    }

    /**
     * {@code this / value}, computed as a multiplication by {@code 1 / value}.
     *
     * @param value the scalar divisor
     * @return a new tensor of this shape
     */
    public Tensor div(double value) {
        return ElementwiseOp.affine(this, 1f / (float) value, 0f, "DivBackward0");
    }

    /**
     * {@code -this}, as {@code torch.neg}.
     *
     * @return a new tensor of this shape
     */
    public Tensor neg() {
        return ElementwiseOp.affine(this, -1f, 0f, "NegBackward0");
    }

    /**
     * {@code max(this, 0)} elementwise, as {@code torch.relu}.
     *
     * @return a new tensor of this shape
     */
    public Tensor relu() {
        return ReluOp.apply(this);
    }

    /**
     * The sum of all elements, as {@code torch.sum(x)}.
     *
     * @return a 0-dimensional tensor
     */
    public Tensor sum() {
        return SumOp.sum(this);
    }

    /**
     * The mean of all elements, as {@code torch.mean(x)}.
     *
     * @return a 0-dimensional tensor
     * @throws IllegalArgumentException if this tensor has no elements
     */
    public Tensor mean() {
        return SumOp.mean(this);
    }

    /**
     * Indices of the maxima along {@code dim} (which is removed from the shape), as {@code torch.argmax(x, dim)}:
     * the first maximum wins ties, NaN counts as the maximum. The indices are floats (Blitz tensors are float32)
     * and carry no gradient.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @return a new tensor with {@code dim} removed
     * @throws IllegalArgumentException if {@code dim} is out of range or has size 0
     */
    public Tensor argmax(int dim) {
        return ArgmaxOp.apply(this, dim);
    }


    /**
     * {@code this -= other}, without history, as PyTorch's {@code sub_}; e.g. the manual SGD update
     * {@code p.subInPlace(p.grad().mul(lr))} under {@code noGrad}.
     *
     * @param other a tensor of this shape, on this device (no broadcasting)
     * @return this tensor
     * @throws IllegalArgumentException if the shapes or devices differ
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor subInPlace(Tensor other) {
        return axpyInPlace(-1f, other, "subInPlace");
    }

    /**
     * {@code this += other}, without history, as PyTorch's {@code add_}.
     *
     * @param other a tensor of this shape, on this device (no broadcasting)
     * @return this tensor
     * @throws IllegalArgumentException if the shapes or devices differ
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor addInPlace(Tensor other) {
        return axpyInPlace(1f, other, "addInPlace");
    }

    /**
     * {@code this *= value}, without history, as PyTorch's {@code mul_}.
     *
     * @param value the scalar factor
     * @return this tensor
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor mulInPlace(double value) {
        checkInPlace("mulInPlace");
        backend().affine(buffer(), (float) value, 0f, buffer());
        bumpVersion();
        return this;
    }

    /**
     * Sets every element to {@code value}, without history, as PyTorch's {@code fill_}.
     *
     * @param value the new value of every element
     * @return this tensor
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor fillInPlace(double value) {
        checkInPlace("fillInPlace");
        backend().fill(buffer(), (float) value);
        bumpVersion();
        return this;
    }

    /**
     * Fills this tensor with samples of U(from, to) from the default {@link Generator}, without history, as
     * PyTorch's {@code uniform_}.
     *
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @return this tensor
     * @throws IllegalArgumentException if {@code from > to}
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor uniformInPlace(double from, double to) {
        checkInPlace("uniformInPlace");
        return overwrite(Generator.getDefault().uniform(numel(), from, to));
    }

    /**
     * Fills this tensor with samples of N(mean, std²) from the default {@link Generator}, without history, as
     * PyTorch's {@code normal_}.
     *
     * @param mean the distribution's mean
     * @param std the distribution's standard deviation
     * @return this tensor
     * @throws IllegalArgumentException if {@code std < 0}
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor normalInPlace(double mean, double std) {
        checkInPlace("normalInPlace");
        return overwrite(Generator.getDefault().normal(numel(), mean, std));
    }

    /**
     * Sets each element to 1 with probability {@code p}, else to 0, from the default {@link Generator}, without
     * history, as PyTorch's {@code bernoulli_(p)}.
     *
     * @param p the probability of a one
     * @return this tensor
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor bernoulliInPlace(double p) {
        checkInPlace("bernoulliInPlace");
        return overwrite(Generator.getDefault().bernoulli(numel(), p));
    }

    /** Writes host values over this tensor's elements; the samplers draw on the CPU for every device. */
    private Tensor overwrite(float[] values) {
        try (Tensor src = of(values, shape, device())) {
            backend().copy(src.buffer(), buffer());
        }
        bumpVersion();
        return this;
    }

    /**
     * Sets every element to 0, without history, as PyTorch's {@code zero_}.
     *
     * @return this tensor
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor zeroInPlace() {
        return fillInPlace(0f);
    }

    /**
     * Copies {@code src}'s values into this tensor, without history, as PyTorch's {@code copy_}.
     *
     * @param src a tensor of this shape, on any device
     * @return this tensor
     * @throws IllegalArgumentException if the shapes differ
     * @throws IllegalStateException if this tensor requires grad and gradient recording is on
     */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        if (!src.shape.equals(shape)) {
            throw new IllegalArgumentException("copyFrom: source shape " + src.shape + " differs from " + shape);
        }
        if (src.device().equals(device())) {
            backend().copy(src.buffer(), buffer());
        } else {
            Tensor moved = src.to(device());
            backend().copy(moved.buffer(), buffer());
            moved.close();
        }
        bumpVersion();
        return this;
    }

    private Tensor axpyInPlace(float alpha, Tensor other, String op) {
        checkInPlace(op);
        checkSameDevice(op, other);
        if (!other.shape.equals(shape)) {
            throw new IllegalArgumentException(op + ": shapes " + shape + " and " + other.shape
                    + " differ; expected the same shape");
        }
        backend().axpy(alpha, other.buffer(), buffer());
        bumpVersion();
        return this;
    }

    private void checkInPlace(String op) {
        if (GradMode.isEnabled() && requiresGrad) {
            throw new IllegalStateException(op + " on a tensor that requires grad (shape " + shape
                    + ") would bypass autograd; do it inside GradMode.noGrad() or on detach()");
        }
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
