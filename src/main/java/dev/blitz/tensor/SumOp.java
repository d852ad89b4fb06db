package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.ReduceOp;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/**
 * Sums and means, over all elements or along dimensions, plus the broadcasting helpers other ops' backward passes
 * use.
 */
public final class SumOp extends Function {
    private final Shape inputShape;
    /** The reduced dimensions of a reduction along dims, or null for one over all elements. */
    private final boolean[] reduced;
    private final double scale;
    private final String name;

    private SumOp(Tensor input, boolean[] reduced, double scale, String name) {
        super(input);
        this.inputShape = input.shape();
        this.reduced = reduced;
        this.scale = scale;
        this.name = name;
    }

    /**
     * The sum of all elements, as {@code torch.sum(x)}; int64 for int64 and bool input.
     *
     * @param input any tensor
     * @return a 0-dimensional tensor, recording {@code SumBackward0}
     */
    public static Tensor sum(Tensor input) {
        return reduceAll(input, 1f, "SumBackward0");
    }

    /**
     * The sums along {@code dims}, as {@code torch.sum(x, dims, keepdim)}; int64 for int64 and bool input, 0 over
     * an empty dimension.
     *
     * @param input any tensor
     * @param dims the dimensions to reduce (negative count from the end); none for all, as PyTorch's {@code dim=[]}
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor, recording {@code SumBackward1}
     * @throws IllegalArgumentException if a dimension is out of range or repeated
     */
    public static Tensor sum(Tensor input, int[] dims, boolean keepdim) {
        boolean[] reduced = ReductionOp.dims("sum", input.shape(), dims);
        Tensor out = ReductionOp.reduce(ReduceOp.SUM, input, reduced, keepdim);
        return new SumOp(input, reduced, 1, "SumBackward1").record(out);
    }

    /**
     * The mean of all elements, as {@code torch.mean(x)}: NaN for an empty tensor, as in PyTorch.
     *
     * @param input a float32 or float64 tensor
     * @return a 0-dimensional tensor, recording {@code MeanBackward0}
     * @throws IllegalArgumentException if {@code input} is not floating point
     */
    public static Tensor mean(Tensor input) {
        checkMeanDtype(input);
        // float32 keeps its float quotient: LeNet's numbers match PyTorch's to the bit with it.
        double scale = input.dtype() == DType.FLOAT32 ? 1f / input.numel() : 1.0 / input.numel();
        return reduceAll(input, scale, "MeanBackward0");
    }

    /**
     * The means along {@code dims}, as {@code torch.mean(x, dims, keepdim)}: the sums divided by the number of
     * elements each folds (NaN over an empty dimension).
     *
     * @param input a float32 or float64 tensor
     * @param dims the dimensions to reduce (negative count from the end); none for all
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor, recording {@code MeanBackward1}
     * @throws IllegalArgumentException if {@code input} is not floating point, or a dimension is out of range or
     *         repeated
     */
    public static Tensor mean(Tensor input, int[] dims, boolean keepdim) {
        checkMeanDtype(input);
        boolean[] reduced = ReductionOp.dims("mean", input.shape(), dims);
        int n = ReductionOp.reducedCount(input.shape(), reduced);
        Tensor out;
        try (Tensor total = ReductionOp.reduce(ReduceOp.SUM, input, reduced, keepdim)) {
            out = ElementwiseOp.scalar(BinaryOp.DIV, total, n); // PyTorch's sum(...).div_(n)
        }
        return new SumOp(input, reduced, 1.0 / n, "MeanBackward1").record(out);
    }

    private static void checkMeanDtype(Tensor input) {
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a"
                    + " floating point or complex dtype. Got: " + input.dtype());
        }
    }

    private static Tensor reduceAll(Tensor input, double scale, String name) {
        if (input.dtype() != DType.FLOAT32) {
            Tensor total = sumDims(input, Shape.of());
            if (scale == 1) {
                return new SumOp(input, null, scale, name).record(total);
            }
            try (total) {
                // PyTorch's mean of float64 divides in float64; of integers it is an error (checked by the caller).
                return new SumOp(input, null, scale, name).record(total.div(input.numel()));
            }
        }
        // sumTo hands back a 0-dim input itself; recording on it would rewire the input's own grad_fn.
        Tensor out = input.dim() == 0 ? input.copy() : sumTo(input, Shape.of());
        if (scale != 1) {
            input.backend().affine(out.buffer(), (float) scale, 0f, out.buffer());
        }
        return new SumOp(input, null, scale, name).record(out);
    }

    /**
     * {@code t} summed down to {@code shape}, which must broadcast to {@code t}'s shape (not checked): the
     * gradient of a broadcast operand. Records no history.
     *
     * @param t the tensor to reduce
     * @param shape the target shape
     * @return {@code t} itself when it already has that shape, else a new tensor
     */
    public static Tensor sumTo(Tensor t, Shape shape) {
        if (t.shape().equals(shape)) {
            return t;
        }
        if (t.dtype() != DType.FLOAT32) {
            return sumDims(t, shape);
        }
        Tensor d = t.dense();
        Tensor out = Tensor.empty(shape, t.device());
        t.backend().sumTo(d.buffer(), t.shape(), out.buffer(), shape);
        if (d != t) {
            d.close();
        }
        return out;
    }

    /**
     * {@code t} summed down to {@code shape} (which broadcasts to t's) with the general reduce kernel, for every
     * dtype; no history. The sum of int64 or bool is int64, as in PyTorch.
     */
    static Tensor sumDims(Tensor t, Shape shape) {
        int lead = t.dim() - shape.rank();
        boolean[] reduced = new boolean[t.dim()];
        for (int i = 0; i < reduced.length; i++) {
            reduced[i] = i < lead || (shape.dim(i - lead) == 1 && t.size(i) != 1);
        }
        return ReductionOp.reduce(ReduceOp.SUM, t, reduced, shape);
    }

    /**
     * {@code t} repeated along broadcast dimensions to fill {@code shape}, which {@code t}'s shape must
     * broadcast to (not checked). Records no history.
     *
     * @param t the tensor to expand
     * @param shape the target shape
     * @return a new tensor of {@code shape}
     */
    public static Tensor broadcastTo(Tensor t, Shape shape) {
        Tensor out = Tensor.empty(shape, t.dtype(), t.device());
        t.backend().copyStrided(t.stridedAs(shape), out.strided(), shape.dims());
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        Tensor g;
        if (reduced == null) {
            g = broadcastTo(gradOutput, inputShape);
        } else {
            try (Tensor kept = ReductionOp.kept(gradOutput, inputShape, reduced)) {
                g = broadcastTo(kept, inputShape);
            }
        }
        if (scale == 1) {
            return new Tensor[] {g};
        }
        if (g.dtype() == DType.FLOAT32) {
            g.backend().affine(g.buffer(), (float) scale, 0f, g.buffer());
            return new Tensor[] {g};
        }
        try (g) {
            return new Tensor[] {g.mul(scale)};
        }
    }
}
