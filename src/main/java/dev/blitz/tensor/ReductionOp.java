package dev.blitz.tensor;

import dev.blitz.backend.ReduceOp;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reductions along dimensions with the general {@code Backend.reduce} kernel, and what the reduction ops share:
 * PyTorch's checks of the dims, the reduced shape with and without {@code keepdim}, and the gradient's way back
 * to the input's shape. {@code all} and {@code any} live here, having no gradient.
 */
public final class ReductionOp {
    private ReductionOp() {
    }

    /**
     * Whether every element is nonzero, as {@code torch.all(x)}; true for an empty tensor.
     *
     * @param x a tensor of any dtype
     * @return a 0-dimensional bool tensor
     */
    public static Tensor all(Tensor x) {
        return reduce(ReduceOp.ALL, x, all(x.shape()), false);
    }

    /**
     * Whether every element along {@code dim} is nonzero, as {@code torch.all(x, dim, keepdim)}.
     *
     * @param x a tensor of any dtype
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a bool tensor
     */
    public static Tensor all(Tensor x, int dim, boolean keepdim) {
        return reduce(ReduceOp.ALL, x, dims("all", x.shape(), dim), keepdim);
    }

    /**
     * Whether some element is nonzero, as {@code torch.any(x)}; false for an empty tensor.
     *
     * @param x a tensor of any dtype
     * @return a 0-dimensional bool tensor
     */
    public static Tensor any(Tensor x) {
        return reduce(ReduceOp.ANY, x, all(x.shape()), false);
    }

    /**
     * Whether some element along {@code dim} is nonzero, as {@code torch.any(x, dim, keepdim)}.
     *
     * @param x a tensor of any dtype
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a bool tensor
     */
    public static Tensor any(Tensor x, int dim, boolean keepdim) {
        return reduce(ReduceOp.ANY, x, dims("any", x.shape(), dim), keepdim);
    }

    /** Every dimension of {@code shape} marked as reduced. */
    static boolean[] all(Shape shape) {
        boolean[] reduced = new boolean[shape.rank()];
        Arrays.fill(reduced, true);
        return reduced;
    }

    /** One dimension marked as reduced, checked as PyTorch checks it (a 0-d tensor takes 0 and -1). */
    static boolean[] dims(String op, Shape shape, int dim) {
        return dims(op, shape, new int[] {dim});
    }

    /**
     * The dimensions marked as reduced, checked as PyTorch checks them: in range (a 0-d tensor takes 0 and -1,
     * which reduce nothing), none twice; none at all means all of them, as PyTorch's {@code dim=[]}.
     */
    static boolean[] dims(String op, Shape shape, int[] dims) {
        int rank = shape.rank();
        if (dims.length == 0) {
            return all(shape);
        }
        boolean[] reduced = new boolean[rank];
        int wrap = Math.max(rank, 1);
        for (int dim : dims) {
            if (dim < -wrap || dim >= wrap) {
                throw new IllegalArgumentException(op + "(): Dimension out of range (expected to be in range of ["
                        + (-wrap) + ", " + (wrap - 1) + "], but got " + dim + ") for a tensor of shape " + shape);
            }
            int d = dim < 0 ? dim + wrap : dim;
            if (rank == 0) {
                continue;
            }
            if (reduced[d]) {
                throw new IllegalArgumentException(op + "(): dim " + d + " appears multiple times in the list of dims");
            }
            reduced[d] = true;
        }
        return reduced;
    }

    /** The shape of a reduction's result: reduced dimensions become 1, or go with {@code keepdim} false. */
    static Shape reducedShape(Shape shape, boolean[] reduced, boolean keepdim) {
        int[] dims = shape.dims();
        int[] out = new int[dims.length];
        int n = 0;
        for (int i = 0; i < dims.length; i++) {
            if (!reduced[i]) {
                out[n++] = dims[i];
            } else if (keepdim) {
                out[n++] = 1;
            }
        }
        return Shape.of(Arrays.copyOf(out, n));
    }

    /** The number of elements each output of the reduction folds. */
    static int reducedCount(Shape shape, boolean[] reduced) {
        int n = 1;
        for (int i = 0; i < reduced.length; i++) {
            n *= reduced[i] ? shape.dim(i) : 1;
        }
        return n;
    }

    /**
     * Fails with PyTorch's message if a reduction without an identity (max, min, argmax, the inf norm) would
     * fold an empty dimension.
     */
    static void checkNonEmpty(String op, Shape shape, boolean[] reduced) {
        for (int i = 0; i < reduced.length; i++) {
            if (reduced[i] && shape.dim(i) == 0) {
                throw new IllegalArgumentException(op + "(): Expected reduction dim " + i
                        + " to have non-zero size.");
            }
        }
    }

    /**
     * {@code op} over the marked dimensions of {@code x}, without history: one kernel call per run of adjacent
     * marked dimensions (ARGMAX and ARGMIN must mark one run). With none marked (a 0-d tensor) the kernel still
     * runs once, over size-1 axes, so the result has the op's dtype.
     *
     * @return a new contiguous tensor of {@link #reducedShape} and {@link ReduceOp#resultType}
     */
    static Tensor reduce(ReduceOp op, Tensor x, boolean[] reduced, boolean keepdim) {
        return reduce(op, x, reduced, reducedShape(x.shape(), reduced, keepdim));
    }

    /** {@link #reduce(ReduceOp, Tensor, boolean[], boolean)} with the result of {@code outShape}, as many elements. */
    static Tensor reduce(ReduceOp op, Tensor x, boolean[] reduced, Shape outShape) {
        int[] dims = x.size();
        Tensor cur;
        try (var noGrad = GradMode.noGrad()) {
            cur = x.dense();
        }
        int[] kept = dims.clone();
        List<int[]> runs = runs(reduced);
        for (int r = 0; r < runs.size(); r++) {
            int from = runs.get(r)[0];
            int to = runs.get(r)[1];
            int outer = product(kept, 0, from);
            int size = product(dims, from, to);
            int inner = product(kept, to, dims.length);
            Arrays.fill(kept, from, to, 1);
            boolean last = r == runs.size() - 1;
            Tensor out = Tensor.empty(last ? outShape : Shape.of(kept), op.resultType(cur.dtype()), x.device());
            x.backend().reduce(op, cur.buffer(), outer, size, inner, out.buffer());
            if (cur != x) {
                cur.close();
            }
            cur = out;
        }
        return cur;
    }

    /** The runs {@code [from, to)} of adjacent marked dimensions; one empty run when none is marked. */
    private static List<int[]> runs(boolean[] reduced) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < reduced.length; i++) {
            if (reduced[i] && (i == 0 || !reduced[i - 1])) {
                runs.add(new int[] {i, i + 1});
            } else if (reduced[i]) {
                runs.get(runs.size() - 1)[1] = i + 1;
            }
        }
        if (runs.isEmpty()) {
            runs.add(new int[] {0, 0});
        }
        return runs;
    }

    private static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }

    /**
     * A reduction's gradient (of the result's shape) seen with the reduced dimensions back as size 1, ready to
     * broadcast against the input: {@code unsqueeze_multiple} of PyTorch's derivatives. A new tensor (a view of
     * {@code g} where possible): closing it leaves {@code g} open. No history.
     */
    static Tensor kept(Tensor g, Shape inputShape, boolean[] reduced) {
        try (var noGrad = GradMode.noGrad()) {
            return g.reshape(reducedShape(inputShape, reduced, true).dims());
        }
    }

    /** {@code op(x; alpha, beta)} elementwise with the general unary kernel, any layout, without history. */
    static Tensor map(UnaryOp op, Tensor x, double alpha, double beta) {
        Tensor out = Tensor.empty(x.shape(), op.resultIsBool() ? DType.BOOL : x.dtype(), x.device());
        x.backend().unary(op, x.strided(), alpha, beta, out.buffer(), x.shape());
        return out;
    }

    /** {@code op(x)} elementwise, without history. */
    static Tensor map(UnaryOp op, Tensor x) {
        return map(op, x, 0, 0);
    }

    /** {@code values} with 0 where {@code cond} holds (broadcast together), as PyTorch's {@code masked_fill}. */
    static Tensor zeroWhere(Tensor cond, Tensor values) {
        Shape shape = Shape.broadcast(cond.shape(), values.shape(), "masked_fill");
        try (Tensor zero = Tensor.zeros(Shape.of(), values.dtype(), values.device())) {
            Tensor out = Tensor.empty(shape, values.dtype(), values.device());
            values.backend().where(cond.stridedAs(shape), zero.stridedAs(shape), values.stridedAs(shape),
                    out.buffer(), shape);
            return out;
        }
    }

    /** Fails unless {@code x} is float32 or float64, naming the op and the dtype. */
    static void checkFloat(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + "(): expected a floating point tensor as input, got " + x.dtype()
                    + " (shape " + x.shape() + "); convert it with to(DType.FLOAT32)");
        }
    }
}
