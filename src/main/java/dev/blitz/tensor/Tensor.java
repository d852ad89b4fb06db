package dev.blitz.tensor;

import dev.blitz.autograd.Engine;
import dev.blitz.autograd.Function;
import dev.blitz.autograd.GradMode;
import dev.blitz.autograd.Graph;
import dev.blitz.autograd.functions.Elementwise;
import dev.blitz.autograd.functions.Reductions;
import dev.blitz.autograd.functions.Relu;
import dev.blitz.autograd.functions.View;
import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Buffer;

/**
 * A float32 n-dimensional array on a device, recording the ops that produce it when gradients are wanted.
 * Tensors are contiguous and row-major; {@link #view} shares memory. Device memory is released by
 * {@link #close()} (views keep it alive until they close too).
 */
public final class Tensor implements AutoCloseable {
    static {
        Graph.install((output, fn) -> {
            output.gradFn = fn;
            output.requiresGrad = true;
        });
    }

    private Storage storage;
    private final Shape shape;
    private boolean requiresGrad;
    private Function gradFn;
    private Tensor grad;
    private boolean closed;
    /** The {@link MemoryScope} that closes this tensor, or null. */
    MemoryScope scope;

    private Tensor(Storage storage, Shape shape) {
        this.storage = storage;
        this.shape = shape;
        MemoryScope.track(this);
    }

    // ---- creation

    /** A tensor with unspecified contents, for kernels to write. */
    public static Tensor empty(Shape shape, Device device) {
        Backend backend = Backends.of(device);
        return new Tensor(new Storage(backend, backend.allocate(shape.numel())), shape);
    }

    /** Copies {@code data} (row-major) into a new tensor of the given shape on the default device. */
    public static Tensor of(float[] data, int... shape) {
        return of(data, Shape.of(shape), Backends.defaultDevice());
    }

    public static Tensor of(float[] data, Shape shape, Device device) {
        if (data.length != shape.numel()) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values cannot fill shape " + shape
                    + " (expected " + shape.numel() + ")");
        }
        Backend backend = Backends.of(device);
        return new Tensor(new Storage(backend, backend.upload(data)), shape);
    }

    public static Tensor scalar(float value) {
        return of(new float[] {value}, Shape.of(), Backends.defaultDevice());
    }

    public static Tensor full(Shape shape, float value, Device device) {
        Tensor t = empty(shape, device);
        t.backend().fill(t.buffer(), value);
        return t;
    }

    public static Tensor zeros(int... shape) {
        return full(Shape.of(shape), 0f, Backends.defaultDevice());
    }

    public static Tensor ones(int... shape) {
        return full(Shape.of(shape), 1f, Backends.defaultDevice());
    }

    /** Standard normal samples from the default {@link Generator} (seed it with {@code Blitz.manualSeed}). */
    public static Tensor randn(int... shape) {
        Shape s = Shape.of(shape);
        return of(Generator.getDefault().normal(s.numel(), 0f, 1f), s, Backends.defaultDevice());
    }

    /** Uniform samples on [0, 1) from the default {@link Generator}. */
    public static Tensor rand(int... shape) {
        Shape s = Shape.of(shape);
        return of(Generator.getDefault().uniform(s.numel(), 0f, 1f), s, Backends.defaultDevice());
    }

    public static Tensor zerosLike(Tensor t) {
        return full(t.shape, 0f, t.device());
    }

    // ---- metadata and data access

    public Shape shape() {
        return shape;
    }

    /** Sizes per dimension, as PyTorch's {@code size()}. */
    public int[] size() {
        return shape.dims();
    }

    public int size(int dim) {
        return shape.dim(dim);
    }

    public int dim() {
        return shape.rank();
    }

    public int numel() {
        return shape.numel();
    }

    public Device device() {
        return storage.backend.device();
    }

    /** The memory behind this tensor, for op implementations (autograd functions). */
    public Buffer buffer() {
        if (closed) {
            throw new IllegalStateException("tensor of shape " + shape + " was closed and can no longer be used");
        }
        return storage.buffer();
    }

    /** The backend that owns this tensor's memory, for op implementations. */
    public Backend backend() {
        return storage.backend;
    }

    /** A copy of the values, row-major. */
    public float[] toFloatArray() {
        float[] out = new float[shape.numel()];
        backend().download(buffer(), out);
        return out;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (shape.numel() != 1) {
            throw new IllegalStateException("item(): a tensor with " + shape.numel() + " elements (shape " + shape
                    + ") cannot be converted to a scalar; expected exactly one element");
        }
        return backend().read(buffer(), 0);
    }

    /** This tensor's data on {@code device}: itself if already there, else a copy (without autograd history). */
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

    // ---- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Sets whether gradients are accumulated into this leaf tensor; returns this tensor. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a non-leaf tensor (grad_fn=" + gradFn
                    + "); use detach() to get a tensor without history");
        }
        requiresGrad = value;
        return this;
    }

    public Function gradFn() {
        return gradFn;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient of a leaf, or null before any backward (or after {@code setGrad(null)}). */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        if (g != null && !g.shape.equals(shape)) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + g.shape + " for a tensor of shape "
                    + shape + "; expected the same shape");
        }
        grad = g;
    }

    /** Adds {@code g} into {@link #grad()}, as backward does for leaves. */
    public void accumulateGrad(Tensor g) {
        checkSameDevice("accumulateGrad", g);
        if (grad == null) {
            grad = MemoryScope.keepWith(this, g.copy());
        } else {
            backend().axpy(1f, g.buffer(), grad.buffer());
        }
    }

    /** Backward from a one-element tensor (typically a loss). */
    public void backward() {
        if (shape.numel() != 1) {
            throw new IllegalStateException("backward(): grad can be implicitly created only for scalar outputs, "
                    + "but this tensor has shape " + shape + "; pass a gradient of shape " + shape
                    + " to backward(gradient)");
        }
        backward(full(shape, 1f, device()), false);
    }

    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** Backward with an explicit gradient of this tensor's shape; {@code retainGraph} keeps the graph for another. */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!gradient.shape.equals(shape)) {
            throw new IllegalArgumentException("backward(gradient): gradient has shape " + gradient.shape
                    + " but the tensor has shape " + shape + "; expected the same shape");
        }
        checkSameDevice("backward", gradient);
        Engine.backward(this, gradient, retainGraph);
    }

    /** A tensor sharing this one's memory, cut from the graph and not requiring grad. */
    public Tensor detach() {
        return new Tensor(storage.share(), shape);
    }

    // ---- shape ops

    /** The same memory seen with another shape; one size may be -1 (inferred). */
    public Tensor view(int... sizes) {
        return View.apply(this, shape.view(sizes));
    }

    public Tensor reshape(int... sizes) {
        return view(sizes);
    }

    /** Flattens dimensions {@code startDim} to the last into one, as {@code torch.flatten(x, startDim)}. */
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

    public Tensor flatten() {
        return flatten(0);
    }

    /** A view on {@code shape} sharing this tensor's memory and history (for {@link View}). */
    public Tensor viewOf(Shape newShape) {
        return new Tensor(storage.share(), newShape);
    }

    /** A new tensor holding the same values, without history. */
    public Tensor copy() {
        Tensor out = empty(shape, device());
        backend().copy(buffer(), out.buffer());
        return out;
    }

    // ---- arithmetic (broadcasting, differentiable)

    public Tensor add(Tensor other) {
        return Elementwise.apply(BinaryOp.ADD, this, other);
    }

    public Tensor sub(Tensor other) {
        return Elementwise.apply(BinaryOp.SUB, this, other);
    }

    public Tensor mul(Tensor other) {
        return Elementwise.apply(BinaryOp.MUL, this, other);
    }

    public Tensor div(Tensor other) {
        return Elementwise.apply(BinaryOp.DIV, this, other);
    }

    public Tensor add(float value) {
        return Elementwise.affine(this, 1f, value, "AddBackward0");
    }

    public Tensor sub(float value) {
        return Elementwise.affine(this, 1f, -value, "SubBackward0");
    }

    public Tensor mul(float value) {
        return Elementwise.affine(this, value, 0f, "MulBackward0");
    }

    public Tensor div(float value) {
        return Elementwise.affine(this, 1f / value, 0f, "DivBackward0");
    }

    public Tensor neg() {
        return Elementwise.affine(this, -1f, 0f, "NegBackward0");
    }

    public Tensor relu() {
        return Relu.apply(this);
    }

    public Tensor sum() {
        return Reductions.sum(this);
    }

    public Tensor mean() {
        return Reductions.mean(this);
    }

    /**
     * Indices of the maxima along {@code dim} (which is removed from the shape), as {@code torch.argmax(x, dim)}:
     * the first maximum wins ties, NaN counts as the maximum. The indices are floats (Blitz tensors are float32)
     * and carry no gradient.
     */
    public Tensor argmax(int dim) {
        int d = shape.normalize(dim);
        int[] dims = shape.dims();
        if (dims[d] == 0) {
            throw new IllegalArgumentException("argmax(" + dim + "): dimension " + d + " of shape " + shape
                    + " is empty; expected at least one element to choose from");
        }
        int outer = 1;
        int inner = 1;
        int[] outDims = new int[dims.length - 1];
        for (int i = 0; i < dims.length; i++) {
            if (i < d) {
                outer *= dims[i];
                outDims[i] = dims[i];
            } else if (i > d) {
                inner *= dims[i];
                outDims[i - 1] = dims[i];
            }
        }
        Tensor out = empty(Shape.of(outDims), device());
        backend().argmax(buffer(), outer, dims[d], inner, out.buffer());
        return out;
    }

    // ---- in-place updates (no history: for optimizers, init and manual updates under noGrad)

    /** {@code this -= other}; e.g. the manual SGD update {@code p.subInPlace(p.grad().mul(lr))}. */
    public Tensor subInPlace(Tensor other) {
        return axpyInPlace(-1f, other, "subInPlace");
    }

    public Tensor addInPlace(Tensor other) {
        return axpyInPlace(1f, other, "addInPlace");
    }

    public Tensor mulInPlace(float value) {
        checkInPlace("mulInPlace");
        backend().affine(buffer(), value, 0f, buffer());
        return this;
    }

    public Tensor fillInPlace(float value) {
        checkInPlace("fillInPlace");
        backend().fill(buffer(), value);
        return this;
    }

    public Tensor zeroInPlace() {
        return fillInPlace(0f);
    }

    /** Copies {@code src}'s values (same shape, any device) into this tensor. */
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
        return this;
    }

    private void checkInPlace(String op) {
        if (GradMode.isEnabled() && requiresGrad) {
            throw new IllegalStateException(op + " on a tensor that requires grad (shape " + shape
                    + ") would bypass autograd; do it inside GradMode.noGrad() or on detach()");
        }
    }

    /** Fails with both devices named unless {@code other} lives where this tensor does. */
    public void checkSameDevice(String op, Tensor other) {
        if (!other.device().equals(device())) {
            throw new IllegalArgumentException(op + ": expected all tensors on the same device, but found "
                    + device() + " and " + other.device() + "; move one with .to(device)");
        }
    }

    /** Releases this tensor's hold on its memory; using it afterwards is an error. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            storage.release();
        }
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
