package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * Tensors joined along a dimension, as {@code torch.cat} and {@code torch.stack}: each input is copied into its
 * slice of the result (converted to the promoted dtype); the gradient of each input is its slice of the
 * result's gradient.
 */
public final class CatOp extends Function {
    private final Shape[] shapes;
    private final DType[] dtypes;
    /** Each input's first position along {@code dim} of the result, and its size there (0: skipped). */
    private final int[] starts;
    private final int[] lengths;
    private final int dim;
    private final boolean stack;

    private CatOp(Tensor[] inputs, int dim, int[] starts, int[] lengths, boolean stack) {
        super(inputs);
        this.shapes = Arrays.stream(inputs).map(Tensor::shape).toArray(Shape[]::new);
        this.dtypes = Arrays.stream(inputs).map(Tensor::dtype).toArray(DType[]::new);
        this.dim = dim;
        this.starts = starts;
        this.lengths = lengths;
        this.stack = stack;
    }

    /**
     * The tensors joined along {@code dim}, as {@code torch.cat}: all have one rank and the same sizes but along
     * {@code dim}; 1-D tensors of shape [0] are skipped (PyTorch's legacy rule). The result's dtype is the
     * promotion of all inputs' ({@code DType.promote}).
     *
     * @param tensors at least one tensor, on one device
     * @param dim the dimension to join along; negative counts from the end
     * @return a new tensor, recording {@code CatBackward0}
     * @throws IllegalArgumentException if the list is empty, a tensor is 0-d, the ranks or the other sizes
     *         differ (naming the tensor), or the devices differ
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        }
        Tensor[] in = tensors.toArray(new Tensor[0]);
        Tensor first = null;
        for (int i = 0; i < in.length; i++) {
            if (in[i].dim() == 0) {
                throw new IllegalArgumentException("torch.cat(): zero-dimensional tensor (at position " + i
                        + ") cannot be concatenated");
            }
            in[0].checkSameDevice("torch.cat()", in[i]);
            if (first == null && !skipped(in[i])) {
                first = in[i];
            }
        }
        if (first == null) {
            // Only legacy empty tensors: PyTorch gives an empty 1-D tensor.
            return join(in, 0, Shape.of(0), false);
        }
        int d = first.shape().normalize(dim);
        int[] outDims = first.size();
        outDims[d] = 0;
        for (int i = 0; i < in.length; i++) {
            if (skipped(in[i])) {
                continue;
            }
            if (in[i].dim() != first.dim()) {
                throw new IllegalArgumentException("torch.cat(): Tensors must have same number of dimensions: got "
                        + first.dim() + " and " + in[i].dim() + " (tensor number " + i + " in the list has shape "
                        + in[i].shape() + ")");
            }
            for (int j = 0; j < first.dim(); j++) {
                if (j != d && in[i].size(j) != first.size(j)) {
                    throw new IllegalArgumentException("torch.cat(): Sizes of tensors must match except in dimension "
                            + d + ". Expected size " + first.size(j) + " but got size " + in[i].size(j)
                            + " for tensor number " + i + " in the list.");
                }
            }
            outDims[d] += in[i].size(d);
        }
        return join(in, d, Shape.of(outDims), false);
    }

    /**
     * The tensors stacked along a new dimension {@code dim}, as {@code torch.stack}: all of one shape.
     *
     * @param tensors at least one tensor, all of one shape, on one device
     * @param dim where the new dimension goes, in {@code [-rank - 1, rank]}
     * @return a new tensor with one more dimension, recording {@code StackBackward0}
     * @throws IllegalArgumentException if the list is empty, the shapes differ, or {@code dim} is out of range
     */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack expects a non-empty TensorList");
        }
        Tensor[] in = tensors.toArray(new Tensor[0]);
        Shape shape = in[0].shape();
        for (int i = 0; i < in.length; i++) {
            if (!in[i].shape().equals(shape)) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + shape
                        + " at entry 0 and " + in[i].shape() + " at entry " + i);
            }
            in[0].checkSameDevice("stack", in[i]);
        }
        int rank = shape.rank() + 1;
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException("stack: dimension " + dim + " is out of range for tensors of shape "
                    + shape + " (expected a value in [" + (-rank) + ", " + (rank - 1) + "])");
        }
        int[] outDims = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            outDims[i] = i == d ? in.length : shape.dim(j++);
        }
        return join(in, d, Shape.of(outDims), true);
    }

    /** Whether PyTorch's cat skips {@code t}: a 1-D tensor of shape [0]. */
    private static boolean skipped(Tensor t) {
        return t.dim() == 1 && t.size(0) == 0;
    }

    /** Copies each input into its slice of a new tensor of {@code outShape} and records the op. */
    private static Tensor join(Tensor[] in, int d, Shape outShape, boolean stack) {
        DType type = in[0].dtype();
        for (Tensor t : in) {
            type = DType.promote(type, t.dtype());
        }
        Tensor out = Tensor.empty(outShape, type, in[0].device());
        int[] starts = new int[in.length];
        int[] lengths = new int[in.length];
        int at = 0;
        try (var g = GradMode.noGrad()) {
            for (int i = 0; i < in.length; i++) {
                int length = stack ? 1 : skipped(in[i]) ? 0 : in[i].size(d);
                if (length > 0) {
                    try (Tensor slot = stack ? out.select(d, i) : out.narrow(d, at, length)) {
                        slot.writeFrom(in[i]);
                    }
                }
                starts[i] = at;
                lengths[i] = length;
                at += length;
            }
        }
        return new CatOp(in, d, starts, lengths, stack).record(out);
    }

    @Override
    public String name() {
        return stack ? "StackBackward0" : "CatBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor[] grads = new Tensor[shapes.length];
        for (int i = 0; i < grads.length; i++) {
            if (!needsGrad(i)) {
                continue;
            }
            if (!stack && shapes[i].rank() == 1 && shapes[i].dim(0) == 0) {
                grads[i] = Tensor.zeros(shapes[i], dtypes[i], g.device());
                continue;
            }
            Tensor slice = stack ? g.select(dim, i) : g.narrow(dim, starts[i], lengths[i]);
            grads[i] = slice.to(dtypes[i]);
            if (grads[i] != slice) {
                slice.close();
            }
        }
        return grads;
    }
}
