package dev.blitz.tensor;

import dev.blitz.backend.ReduceOp;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/** Sums and means over all elements, plus the broadcasting helpers other ops' backward passes use. */
public final class SumOp extends Function {
    private final Shape inputShape;
    private final double scale;
    private final String name;

    private SumOp(Tensor input, double scale, String name) {
        super(input);
        this.inputShape = input.shape();
        this.scale = scale;
        this.name = name;
    }

    /**
     * The sum of all elements, as {@code torch.sum(x)}.
     *
     * @param input any tensor
     * @return a 0-dimensional tensor, recording {@code SumBackward0}
     */
    public static Tensor sum(Tensor input) {
        return reduceAll(input, 1f, "SumBackward0");
    }

    /**
     * The mean of all elements, as {@code torch.mean(x)}.
     *
     * @param input a tensor with at least one element
     * @return a 0-dimensional tensor, recording {@code MeanBackward0}
     * @throws IllegalArgumentException if {@code input} is empty
     */
    public static Tensor mean(Tensor input) {
        if (input.numel() == 0) {
            throw new IllegalArgumentException("mean(): the tensor of shape " + input.shape() + " is empty");
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a"
                    + " floating point or complex dtype. Got: " + input.dtype());
        }
        // float32 keeps its float quotient: LeNet's numbers match PyTorch's to the bit with it.
        double scale = input.dtype() == DType.FLOAT32 ? 1f / input.numel() : 1.0 / input.numel();
        return reduceAll(input, scale, "MeanBackward0");
    }

    private static Tensor reduceAll(Tensor input, double scale, String name) {
        if (input.dtype() != DType.FLOAT32) {
            Tensor total = sumDims(input, Shape.of());
            if (scale == 1) {
                return new SumOp(input, scale, name).record(total);
            }
            try (total) {
                // PyTorch's mean of float64 divides in float64; of integers it is an error (checked by the caller).
                return new SumOp(input, scale, name).record(total.div(input.numel()));
            }
        }
        // sumTo hands back a 0-dim input itself; recording on it would rewire the input's own grad_fn.
        Tensor out = input.dim() == 0 ? input.copy() : sumTo(input, Shape.of());
        if (scale != 1) {
            input.backend().affine(out.buffer(), (float) scale, 0f, out.buffer());
        }
        return new SumOp(input, scale, name).record(out);
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
     * {@code t} summed down to {@code shape} (which broadcasts to t's) with the general reduce kernel, one
     * dimension at a time, for every dtype; no history. The sum of int64 or bool is int64, as in PyTorch.
     */
    static Tensor sumDims(Tensor t, Shape shape) {
        int lead = t.dim() - shape.rank();
        Tensor cur = t.dense();
        int[] dims = t.size();
        // The leading dimensions that shape lacks, as one: [lead..., rest...] -> [rest...].
        int leadSize = 1;
        for (int i = 0; i < lead; i++) {
            leadSize *= dims[i];
        }
        int[] rest = java.util.Arrays.copyOfRange(dims, lead, dims.length);
        cur = reduce(cur, 1, leadSize, Shape.of(rest).numel(), Shape.of(rest), cur != t);
        for (int i = 0; i < rest.length; i++) {
            if (shape.dim(i) == 1 && rest[i] != 1) {
                int outer = 1;
                int inner = 1;
                for (int j = 0; j < rest.length; j++) {
                    outer *= j < i ? rest[j] : 1;
                    inner *= j > i ? rest[j] : 1;
                }
                int size = rest[i];
                rest[i] = 1;
                cur = reduce(cur, outer, size, inner, Shape.of(rest), cur != t);
            }
        }
        return cur == t ? t.copy() : cur;
    }

    private static Tensor reduce(Tensor x, int outer, int size, int inner, Shape outShape, boolean closeInput) {
        Tensor out = Tensor.empty(outShape, ReduceOp.SUM.resultType(x.dtype()), x.device());
        x.backend().reduce(ReduceOp.SUM, x.buffer(), outer, size, inner, out.buffer());
        if (closeInput) {
            x.close();
        }
        return out;
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
        Tensor g = broadcastTo(gradOutput, inputShape);
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
