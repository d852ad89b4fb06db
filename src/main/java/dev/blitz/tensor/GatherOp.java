package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/**
 * Reads and writes at per-element positions along one dimension, as {@code torch.gather}, {@code scatter} and
 * {@code scatter_add}; each is the other's gradient. The indices are int64 tensors, checked on the host against
 * the sizes before any kernel runs.
 */
public final class GatherOp extends Function {
    private final Shape inputShape;
    private final int dim;
    private final Tensor index;

    private GatherOp(Tensor input, int dim, Tensor index) {
        super(input);
        this.inputShape = input.shape();
        this.dim = dim;
        this.index = save(index);
    }

    /**
     * {@code out[i][j][k] = input[index[i][j][k]][j][k]} for {@code dim = 0} (and likewise for the others), as
     * {@code torch.gather}. Any dtype.
     *
     * @param input the tensor to read
     * @param dim the dimension the indices count along; negative counts from the end
     * @param index int64 positions in {@code [0, input.size(dim))}, of {@code input}'s rank, no larger than
     *        {@code input} along the other dimensions
     * @return a new tensor of {@code index}'s shape and {@code input}'s dtype, recording {@code GatherBackward0}
     * @throws IllegalArgumentException if {@code index} is not int64, its rank or sizes do not fit, or a
     *         position is out of bounds (naming it, the dimension and its size)
     */
    public static Tensor gather(Tensor input, int dim, Tensor index) {
        input.checkSameDevice("gather()", index);
        checkIndexType("gather()", index);
        int[] xDims = dims(input);
        int[] iDims = dims(index);
        int d = Shape.of(xDims).normalize(dim);
        if (iDims.length != xDims.length) {
            throw new IllegalArgumentException("gather(): Index tensor must have the same number of dimensions as"
                    + " input tensor (index " + index.shape() + ", input " + input.shape() + ")");
        }
        for (int i = 0; i < xDims.length; i++) {
            if (i != d && iDims[i] > xDims[i]) {
                throw new IllegalArgumentException("gather(): Size does not match at dimension " + i
                        + " expected index " + index.shape() + " to be smaller than self " + input.shape()
                        + " apart from dimension " + d);
            }
        }
        IndexSelectOp.checkBounds("gather()", index, d, xDims[d]);
        Tensor i = IndexSelectOp.dense(index);
        Tensor out = gatherKernel(input, d, i, index.shape());
        Tensor result = new GatherOp(input, d, i).record(out);
        IndexSelectOp.close(i, index);
        return result;
    }

    /**
     * {@code input} with {@code src}'s values written at the positions {@code index} gives along {@code dim}, as
     * {@code torch.scatter(input, dim, index, src)}: {@code out[index[i][j]][j] = src[i][j]} for {@code dim = 0}.
     * With repeated positions the last write wins. Any dtype.
     *
     * @param input the tensor to copy and write into
     * @param dim the dimension the indices count along; negative counts from the end
     * @param index int64 positions in {@code [0, input.size(dim))}, of {@code input}'s rank, no larger than
     *        {@code src}, nor than {@code input} but along {@code dim}
     * @param src the values, of {@code input}'s rank and dtype
     * @return a new tensor of {@code input}'s shape, recording {@code ScatterBackward0}
     * @throws IllegalArgumentException if the dtypes, ranks or sizes do not fit, or a position is out of bounds
     */
    public static Tensor scatter(Tensor input, int dim, Tensor index, Tensor src) {
        return scatter("scatter()", input, dim, index, src, false);
    }

    /**
     * {@code input} with {@code value} written at the positions {@code index} gives along {@code dim}, as
     * {@code torch.scatter(input, dim, index, value)}.
     *
     * @param input the tensor to copy and write into
     * @param dim the dimension the indices count along; negative counts from the end
     * @param index int64 positions in {@code [0, input.size(dim))}, of {@code input}'s rank, no larger than
     *        {@code input} but along {@code dim}
     * @param value the number to write, converted to {@code input}'s dtype
     * @return a new tensor of {@code input}'s shape, recording {@code ScatterBackward1}
     * @throws IllegalArgumentException if the rank or sizes do not fit, or a position is out of bounds
     */
    public static Tensor scatter(Tensor input, int dim, Tensor index, double value) {
        try (Tensor src = Tensor.full(index.shape(), value, input.dtype(), input.device())) {
            return scatter("scatter()", input, dim, index, src, true);
        }
    }

    /**
     * {@code input} with {@code src}'s values added at the positions {@code index} gives along {@code dim}, as
     * {@code torch.scatter_add}: {@code out[index[i][j]][j] += src[i][j]} for {@code dim = 0}; repeated
     * positions add up (in increasing order, so the sums are deterministic). Float32 or float64.
     *
     * @param input the tensor to copy and add into
     * @param dim the dimension the indices count along; negative counts from the end
     * @param index int64 positions in {@code [0, input.size(dim))}, no larger than {@code src}, nor than
     *        {@code input} but along {@code dim}
     * @param src the values, of {@code input}'s rank and dtype
     * @return a new tensor of {@code input}'s shape, recording {@code ScatterAddBackward0}
     * @throws IllegalArgumentException if {@code input} is not float32 or float64, or the dtypes, ranks or sizes
     *         do not fit, or a position is out of bounds
     */
    public static Tensor scatterAdd(Tensor input, int dim, Tensor index, Tensor src) {
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("scatter_add(): expected a float32 or float64 tensor, got "
                    + input.dtype() + "; Blitz adds in float32 and float64 only (PyTorch also adds integers)");
        }
        return scatter("scatter_add()", input, dim, index, src, false);
    }

    private static Tensor scatter(String op, Tensor input, int dim, Tensor index, Tensor src, boolean fromValue) {
        input.checkSameDevice(op, index);
        input.checkSameDevice(op, src);
        checkIndexType(op, index);
        if (src.dtype() != input.dtype()) {
            throw new IllegalArgumentException(op + ": Expected self.dtype to be equal to src.dtype (self is "
                    + input.dtype() + ", src is " + src.dtype() + ")");
        }
        int[] xDims = dims(input);
        int[] iDims = dims(index);
        int[] sDims = dims(src);
        int d = Shape.of(xDims).normalize(dim);
        if (iDims.length != xDims.length || sDims.length != xDims.length) {
            throw new IllegalArgumentException(op + ": Index tensor must have the same number of dimensions as self"
                    + " tensor and src tensor (index " + index.shape() + ", self " + input.shape() + ", src "
                    + src.shape() + ")");
        }
        for (int i = 0; i < xDims.length; i++) {
            if (iDims[i] > sDims[i] || (i != d && iDims[i] > xDims[i])) {
                throw new IllegalArgumentException(op + ": Expected index " + index.shape() + " to be smaller than"
                        + " self " + input.shape() + " apart from dimension " + d + " and to be smaller size than src "
                        + src.shape());
            }
        }
        IndexSelectOp.checkBounds(op, index, d, xDims[d]);
        boolean add = op.equals("scatter_add()");
        Tensor i = IndexSelectOp.dense(index);
        Tensor out = scatterKernel(input, d, i, src, add);
        String name = add ? "ScatterAddBackward0" : fromValue ? "ScatterBackward1" : "ScatterBackward0";
        Tensor result = new Scatter(input, fromValue ? null : src, d, i, add, name).record(out);
        IndexSelectOp.close(i, index);
        return result;
    }

    private static void checkIndexType(String op, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": Expected dtype int64 for index, got " + index.dtype());
        }
    }

    /** The sizes the kernels see: a 0-d tensor as one element in one dimension, as PyTorch treats it. */
    private static int[] dims(Tensor t) {
        return t.dim() == 0 ? new int[] {1} : t.size();
    }

    /** {@code x} gathered along {@code d} at the dense {@code index}, without checks or history. */
    private static Tensor gatherKernel(Tensor x, int d, Tensor index, Shape outShape) {
        Tensor out = Tensor.empty(outShape, x.dtype(), x.device());
        if (out.numel() > 0) {
            Tensor xd = IndexSelectOp.dense(x);
            x.backend().gather(xd.buffer(), dims(x), index.buffer(), dims(index), d, out.buffer());
            IndexSelectOp.close(xd, x);
        }
        return out;
    }

    /** A copy of {@code self} with {@code src} scattered (or added) at the dense index, without checks or history. */
    private static Tensor scatterKernel(Tensor self, int d, Tensor index, Tensor src, boolean add) {
        return scatterInto(self.copy(), d, index, src, add);
    }

    /** {@code src} scattered (or added) into the dense {@code out} at the dense {@code index}; returns {@code out}. */
    private static Tensor scatterInto(Tensor out, int d, Tensor index, Tensor src, boolean add) {
        if (index.numel() > 0) {
            Tensor sd = IndexSelectOp.dense(src);
            out.backend().scatter(sd.buffer(), dims(src), index.buffer(), dims(index), d, out.buffer(), dims(out),
                    add);
            IndexSelectOp.close(sd, src);
        }
        return out;
    }

    @Override
    public String name() {
        return "GatherBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {scatterInto(Tensor.zeros(inputShape, g.dtype(), g.device()), dim, index, g, true)};
    }

    /** The history of scatter, scatter with a value, and scatter_add. */
    private static final class Scatter extends Function {
        private final int dim;
        private final Tensor index;
        private final Shape srcShape;
        private final boolean add;
        private final String name;

        Scatter(Tensor input, Tensor src, int dim, Tensor index, boolean add, String name) {
            super(input, src);
            this.dim = dim;
            this.index = save(index);
            this.srcShape = src == null ? null : src.shape();
            this.add = add;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gInput = null;
            Tensor gSrc = null;
            if (needsGrad(0)) {
                if (add) {
                    gInput = g;
                } else {
                    // The written positions no longer depend on the input.
                    try (Tensor zeros = Tensor.zeros(index.shape(), g.dtype(), g.device())) {
                        gInput = scatterKernel(g, dim, index, zeros, false);
                    }
                }
            }
            if (srcShape != null && needsGrad(1)) {
                gSrc = gatherKernel(g, dim, index, index.shape());
                if (!gSrc.shape().equals(srcShape)) {
                    // src may be larger than index: its other entries were never read.
                    Tensor padded = Tensor.zeros(srcShape, g.dtype(), g.device());
                    try (Tensor used = gSrc; Tensor slot = corner(padded, used.shape())) {
                        slot.writeFrom(used);
                    }
                    gSrc = padded;
                }
            }
            return new Tensor[] {gInput, gSrc};
        }

        /** The view of {@code t} over the first {@code sizes} positions of each dimension. */
        private static Tensor corner(Tensor t, Shape sizes) {
            Tensor view = t.detach();
            for (int i = 0; i < sizes.rank(); i++) {
                try (Tensor previous = view) {
                    view = previous.narrow(i, 0, sizes.dim(i));
                }
            }
            return view;
        }
    }
}
