package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.ReduceOp;
import dev.blitz.backend.UnaryOp;

/**
 * Variance and standard deviation along dimensions, as {@code torch.var} and {@code torch.std} with
 * {@code correction} (1, Bessel's, by default, as PyTorch 2.x): {@code sum((x - mean)^2) / max(0, N - correction)}
 * with {@code N} the number of elements each result folds. Gradients are PyTorch's {@code var_backward} and
 * {@code std_backward}.
 */
public final class VarOp extends Function {
    private final Tensor input;
    /** The standard deviation, for std's backward; null for var. */
    private final Tensor result;
    private final boolean[] reduced;
    private final double correction;

    private VarOp(Tensor input, Tensor result, boolean[] reduced, double correction) {
        super(input);
        this.input = save(input);
        this.result = result == null ? null : save(result);
        this.reduced = reduced;
        this.correction = correction;
    }

    /**
     * The variance along {@code dims}, as {@code torch.var(x, dims, correction=correction, keepdim=keepdim)}:
     * NaN (or infinity) where {@code N - correction <= 0}.
     *
     * @param x a float32 or float64 tensor
     * @param dims the dimensions to reduce (negative count from the end); none for all
     * @param correction subtracted from the element count in the divisor: 1 for the unbiased estimate, 0 for the
     *        population variance
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor, recording {@code VarBackward0}
     * @throws IllegalArgumentException if {@code x} is not floating point, or a dimension is out of range or repeated
     */
    public static Tensor var(Tensor x, int[] dims, double correction, boolean keepdim) {
        return apply("var", x, dims, correction, keepdim);
    }

    /**
     * The standard deviation along {@code dims}, as {@code torch.std(x, dims, correction=correction,
     * keepdim=keepdim)}: the square root of {@link #var}.
     *
     * @param x a float32 or float64 tensor
     * @param dims the dimensions to reduce (negative count from the end); none for all
     * @param correction subtracted from the element count in the divisor (1: unbiased)
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor, recording {@code StdBackward0}
     * @throws IllegalArgumentException if {@code x} is not floating point, or a dimension is out of range or repeated
     */
    public static Tensor std(Tensor x, int[] dims, double correction, boolean keepdim) {
        return apply("std", x, dims, correction, keepdim);
    }

    private static Tensor apply(String name, Tensor x, int[] dims, double correction, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + "(): std and var only support floating point and complex dtypes,"
                    + " got " + x.dtype() + " (shape " + x.shape() + "); convert it with to(DType.FLOAT32)");
        }
        boolean[] reduced = ReductionOp.dims(name, x.shape(), dims);
        int n = ReductionOp.reducedCount(x.shape(), reduced);
        Tensor out;
        try (var noGrad = GradMode.noGrad();
             Tensor centered = centered(x, reduced);
             Tensor squares = centered.mul(centered);
             Tensor sum = ReductionOp.reduce(ReduceOp.SUM, squares, reduced, keepdim)) {
            out = ElementwiseOp.scalar(BinaryOp.DIV, sum, Math.max(0, n - correction));
            if (name.equals("std")) {
                try (Tensor variance = out) {
                    out = ReductionOp.map(UnaryOp.SQRT, variance);
                }
            }
        }
        return new VarOp(x, name.equals("std") ? out : null, reduced, correction).record(out);
    }

    /** {@code x - x.mean(dims, keepdim=true)}, without history. */
    private static Tensor centered(Tensor x, boolean[] reduced) {
        int n = ReductionOp.reducedCount(x.shape(), reduced);
        try (Tensor sum = ReductionOp.reduce(ReduceOp.SUM, x, reduced, true);
             Tensor mean = ElementwiseOp.scalar(BinaryOp.DIV, sum, n)) {
            return x.sub(mean);
        }
    }

    @Override
    public String name() {
        return result == null ? "VarBackward0" : "StdBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        double divisor = ReductionOp.reducedCount(input.shape(), reduced) - correction;
        try (Tensor centered = centered(input, reduced);
             Tensor kept = ReductionOp.kept(g, input.shape(), reduced)) {
            if (result == null) {
                // (2 / (N - correction)) * grad * (x - mean)
                try (Tensor scaled = kept.mul(2.0 / divisor)) {
                    return new Tensor[] {scaled.mul(centered)};
                }
            }
            // var_backward(grad / (2 * std)), 0 where std is 0
            try (Tensor std = ReductionOp.kept(result, input.shape(), reduced);
                 Tensor twice = std.mul(2.0);
                 Tensor perVar = kept.div(twice);
                 Tensor scaled = perVar.mul(2.0 / divisor);
                 Tensor grad = scaled.mul(centered);
                 Tensor zero = std.eq(0)) {
                return new Tensor[] {ReductionOp.zeroWhere(zero, grad)};
            }
        }
    }
}
