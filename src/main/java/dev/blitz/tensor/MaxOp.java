package dev.blitz.tensor;

import dev.blitz.backend.ReduceOp;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.Shape;

/**
 * The largest and smallest elements, as {@code torch.max} and {@code torch.min}: of all elements (the gradient
 * shared evenly among ties, as PyTorch's {@code evenly_distribute_backward}), or along a dimension with their
 * int64 indices (the gradient goes to the index returned). A NaN wins over every number; of equal values, the
 * first.
 */
public final class MaxOp {
    private MaxOp() {
    }

    /**
     * The largest element, as {@code torch.max(x)}; NaN if any element is NaN.
     *
     * @param x a non-empty tensor of any dtype
     * @return a 0-dimensional tensor of {@code x}'s dtype, recording {@code MaxBackward1}
     * @throws IllegalArgumentException if {@code x} is empty
     */
    public static Tensor max(Tensor x) {
        return ofAll(ReduceOp.MAX, x);
    }

    /**
     * The smallest element, as {@code torch.min(x)}; NaN if any element is NaN.
     *
     * @param x a non-empty tensor of any dtype
     * @return a 0-dimensional tensor of {@code x}'s dtype, recording {@code MinBackward1}
     * @throws IllegalArgumentException if {@code x} is empty
     */
    public static Tensor min(Tensor x) {
        return ofAll(ReduceOp.MIN, x);
    }

    /**
     * The largest elements along {@code dim} and where they are, as {@code torch.max(x, dim, keepdim)}.
     *
     * @param x a tensor of any dtype
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return the values (recording {@code MaxBackward0}) and their int64 indices
     * @throws IllegalArgumentException if {@code dim} is out of range or has size 0
     */
    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) {
        return alongDim(ReduceOp.MAX, ReduceOp.ARGMAX, x, dim, keepdim);
    }

    /**
     * The smallest elements along {@code dim} and where they are, as {@code torch.min(x, dim, keepdim)}.
     *
     * @param x a tensor of any dtype
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return the values (recording {@code MinBackward0}) and their int64 indices
     * @throws IllegalArgumentException if {@code dim} is out of range or has size 0
     */
    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) {
        return alongDim(ReduceOp.MIN, ReduceOp.ARGMIN, x, dim, keepdim);
    }

    private static String name(ReduceOp op) {
        return op == ReduceOp.MAX ? "max" : "min";
    }

    private static Tensor ofAll(ReduceOp op, Tensor x) {
        if (x.numel() == 0) {
            throw new IllegalArgumentException(name(op) + "(): Expected reduction dim to be specified for"
                    + " input.numel() == 0 (shape " + x.shape() + ", " + x.dtype() + "). Specify the reduction dim"
                    + " with the 'dim' argument.");
        }
        Tensor out = ReductionOp.reduce(op, x, ReductionOp.all(x.shape()), false);
        return new Evenly(x, out, op).record(out);
    }

    private static ValuesIndices alongDim(ReduceOp op, ReduceOp arg, Tensor x, int dim, boolean keepdim) {
        boolean[] reduced = ReductionOp.dims(name(op), x.shape(), dim);
        ReductionOp.checkNonEmpty(name(op), x.shape(), reduced);
        Tensor values = ReductionOp.reduce(op, x, reduced, keepdim);
        Tensor indices = ReductionOp.reduce(arg, x, reduced, keepdim);
        return new ValuesIndices(new AlongDim(x, indices, reduced, op).record(values), indices, name(op));
    }

    /** The all-elements form's node: the gradient split evenly among the elements equal to the result. */
    private static final class Evenly extends Function {
        private final Tensor input;
        private final Tensor result;
        private final ReduceOp op;

        Evenly(Tensor input, Tensor result, ReduceOp op) {
            super(input);
            this.input = save(input);
            this.result = save(result);
            this.op = op;
        }

        @Override
        public String name() {
            return op == ReduceOp.MAX ? "MaxBackward1" : "MinBackward1";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            // The ties of the result, or the NaNs when the result is NaN.
            try (Tensor equal = input.eq(result);
                 Tensor nanIn = ReductionOp.map(UnaryOp.ISNAN, input);
                 Tensor nanOut = ReductionOp.map(UnaryOp.ISNAN, result);
                 Tensor nans = nanIn.mul(nanOut);
                 Tensor mask = equal.add(nans);
                 Tensor count = mask.sum();
                 Tensor share = g.div(count)) {
                return new Tensor[] {mask.mul(share)};
            }
        }
    }

    /** The dim form's node: the gradient goes to the index each value came from; other elements get 0. */
    private static final class AlongDim extends Function {
        private final Shape inputShape;
        private final Tensor indices;
        private final boolean[] reduced;
        private final ReduceOp op;

        AlongDim(Tensor input, Tensor indices, boolean[] reduced, ReduceOp op) {
            super(input);
            this.inputShape = input.shape();
            this.indices = save(indices);
            this.reduced = reduced;
            this.op = op;
        }

        @Override
        public String name() {
            return op == ReduceOp.MAX ? "MaxBackward0" : "MinBackward0";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor out = Tensor.zeros(inputShape, g.dtype(), g.device());
            // A 0-d input scatters as one element along a dimension of size 1.
            int dim = 0;
            for (int i = 0; i < reduced.length; i++) {
                dim = reduced[i] ? i : dim;
            }
            int[] outDims = inputShape.rank() == 0 ? new int[] {1} : inputShape.dims();
            int[] keptDims = outDims.clone();
            keptDims[dim] = 1;
            // g and the indices hold their elements in the order of the kept shape, whether keepdim or not.
            Tensor src = g.dense();
            g.backend().scatter(src.buffer(), keptDims, indices.buffer(), keptDims, dim, out.buffer(), outDims, false);
            if (src != g) {
                src.close();
            }
            return new Tensor[] {out};
        }
    }
}
