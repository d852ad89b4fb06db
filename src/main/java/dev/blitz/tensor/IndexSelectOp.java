package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/**
 * The entries at given positions along one dimension, as {@code torch.index_select}; the gradient adds each
 * entry of the result's gradient back at its position ({@code index_add_}, repeated positions adding up).
 */
public final class IndexSelectOp extends Function {
    private final Shape inputShape;
    private final int dim;
    private final Tensor index;

    private IndexSelectOp(Tensor input, int dim, Tensor index) {
        super(input);
        this.inputShape = input.shape();
        this.dim = dim;
        this.index = save(index);
    }

    /**
     * {@code input}'s entries at positions {@code index} along {@code dim}, as {@code torch.index_select}:
     * {@code out[..., j, ...] = input[..., index[j], ...]}. Any dtype.
     *
     * @param input the tensor to read
     * @param dim the dimension the positions count along; negative counts from the end
     * @param index a 1-D (or 0-d) int64 tensor of positions in {@code [0, size(dim))}, on {@code input}'s device
     * @return a new tensor of {@code input}'s shape with size {@code index.numel()} at {@code dim} (0-d for a 0-d
     *         input), recording {@code IndexSelectBackward0}
     * @throws IllegalArgumentException if {@code index} is not int64, has more than one dimension, or holds a
     *         position out of bounds (naming it, the dimension and its size)
     */
    public static Tensor apply(Tensor input, int dim, Tensor index) {
        input.checkSameDevice("index_select()", index);
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException("index_select(): Expected dtype int64 for index, got " + index.dtype());
        }
        if (index.dim() > 1) {
            throw new IllegalArgumentException("index_select(): Index is supposed to be a vector, got shape "
                    + index.shape());
        }
        if (input.dim() == 0 && index.numel() != 1) {
            throw new IllegalArgumentException("index_select(): Index to scalar can have only 1 value, got "
                    + index.numel() + " value(s)");
        }
        // A 0-d input is indexed as if it were 1-D of size 1, and gives a 0-d result, as in PyTorch.
        Shape shape = input.dim() == 0 ? Shape.of(1) : input.shape();
        int d = shape.normalize(dim);
        checkBounds("index_select()", index, d, shape.dim(d));
        int[] outDims = shape.dims();
        outDims[d] = index.numel();
        Tensor out = Tensor.empty(input.dim() == 0 ? Shape.of() : Shape.of(outDims), input.dtype(), input.device());
        Tensor x = dense(input);
        Tensor i = dense(index);
        if (out.numel() > 0) {
            input.backend().indexSelect(x.buffer(), outer(shape, d), shape.dim(d), inner(shape, d), i.buffer(),
                    out.buffer());
        }
        close(x, input);
        Tensor result = new IndexSelectOp(input, d, i).record(out);
        close(i, index);
        return result;
    }

    /**
     * Fails with PyTorch's message unless every int64 in {@code index} lies in {@code [0, size)}; reads the
     * indices on the host.
     */
    static void checkBounds(String op, Tensor index, int dim, int size) {
        for (long i : index.toLongArray()) {
            if (i < 0 || i >= size) {
                throw new IllegalArgumentException(op + ": index " + i + " is out of bounds for dimension " + dim
                        + " with size " + size);
            }
        }
    }

    static int outer(Shape shape, int dim) {
        int n = 1;
        for (int i = 0; i < dim; i++) {
            n *= shape.dim(i);
        }
        return n;
    }

    static int inner(Shape shape, int dim) {
        int n = 1;
        for (int i = dim + 1; i < shape.rank(); i++) {
            n *= shape.dim(i);
        }
        return n;
    }

    /** Closes {@code t} when it is a copy made for a kernel, not the caller's {@code original}. */
    static void close(Tensor t, Tensor original) {
        if (t != original) {
            t.close();
        }
    }

    /** {@code t} itself when a kernel can read its buffer whole, else a contiguous copy without history. */
    static Tensor dense(Tensor t) {
        return t.isDense() ? t : t.copy();
    }

    @Override
    public String name() {
        return "IndexSelectBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Shape shape = inputShape.rank() == 0 ? Shape.of(1) : inputShape;
        Tensor grad = Tensor.zeros(inputShape, g.dtype(), g.device());
        if (g.numel() > 0) {
            Tensor gd = dense(g);
            g.backend().indexAdd(gd.buffer(), outer(shape, dim), shape.dim(dim), inner(shape, dim), index.buffer(),
                    grad.buffer());
            close(gd, g);
        }
        return new Tensor[] {grad};
    }
}
