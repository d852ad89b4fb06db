package dev.blitz.tensor;

import dev.blitz.backend.ReduceOp;
import dev.blitz.backend.UnaryOp;

/**
 * Vector p-norms along dimensions, as {@code torch.norm(x, p, dim, keepdim)} (PyTorch's
 * {@code linalg.vector_norm}): {@code (sum |x|^p)^(1/p)}; p = inf is the largest |x|, -inf the smallest, 0 the
 * count of nonzeros. The gradient is PyTorch's {@code norm_backward} (0 where the norm is 0).
 */
public final class NormOp extends Function {
    private final Tensor input;
    private final Tensor result;
    private final boolean[] reduced;
    private final double p;

    private NormOp(Tensor input, Tensor result, boolean[] reduced, double p) {
        super(input);
        this.input = save(input);
        this.result = save(result);
        this.reduced = reduced;
        this.p = p;
    }

    /**
     * The p-norm along {@code dims}, as {@code torch.norm(x, p, dims, keepdim)}.
     *
     * @param x a float32 or float64 tensor
     * @param p the order: any real number, or {@code Double.POSITIVE_INFINITY} / {@code NEGATIVE_INFINITY}
     * @param dims the dimensions to reduce (negative count from the end); none for all
     * @param keepdim whether the reduced dimensions stay, with size 1
     * @return a new tensor, recording {@code LinalgVectorNormBackward0}
     * @throws IllegalArgumentException if {@code x} is not floating point, a dimension is out of range or
     *         repeated, {@code p} is NaN, or {@code p} is infinite and a reduced dimension is empty
     */
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("norm(): Expected a floating point or complex tensor as input. Got "
                    + x.dtype() + " (shape " + x.shape() + "); convert it with to(DType.FLOAT32)");
        }
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("norm(): the order p is NaN; expected a number or +-infinity");
        }
        boolean[] reduced = ReductionOp.dims("norm", x.shape(), dims);
        if (Double.isInfinite(p) && ReductionOp.reducedCount(x.shape(), reduced) == 0) {
            throw new IllegalArgumentException("norm(): cannot compute the " + p + " norm on an empty tensor (shape "
                    + x.shape() + ") because the operation does not have an identity");
        }
        Tensor out;
        try (var noGrad = GradMode.noGrad()) {
            out = forward(x, p, reduced, keepdim);
        }
        return new NormOp(x, out, reduced, p).record(out);
    }

    private static Tensor forward(Tensor x, double p, boolean[] reduced, boolean keepdim) {
        if (p == 0) {
            try (Tensor nonzero = x.ne(0);
                 Tensor count = ReductionOp.reduce(ReduceOp.SUM, nonzero, reduced, keepdim)) {
                return count.to(x.dtype());
            }
        }
        if (p == 2) {
            try (Tensor squares = x.mul(x); Tensor sum = ReductionOp.reduce(ReduceOp.SUM, squares, reduced, keepdim)) {
                return ReductionOp.map(UnaryOp.SQRT, sum);
            }
        }
        try (Tensor abs = ReductionOp.map(UnaryOp.ABS, x)) {
            if (p == 1) {
                return ReductionOp.reduce(ReduceOp.SUM, abs, reduced, keepdim);
            }
            if (Double.isInfinite(p)) {
                return ReductionOp.reduce(p > 0 ? ReduceOp.MAX : ReduceOp.MIN, abs, reduced, keepdim);
            }
            try (Tensor powers = ReductionOp.map(UnaryOp.POW, abs, p, 0);
                 Tensor sum = ReductionOp.reduce(ReduceOp.SUM, powers, reduced, keepdim)) {
                return ReductionOp.map(UnaryOp.POW, sum, 1 / p, 0);
            }
        }
    }

    @Override
    public String name() {
        return "LinalgVectorNormBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        if (p == 0) {
            return new Tensor[] {Tensor.zerosLike(input)};
        }
        try (Tensor grad = ReductionOp.kept(g, input.shape(), reduced);
             Tensor norm = ReductionOp.kept(result, input.shape(), reduced);
             Tensor sign = ReductionOp.map(UnaryOp.SIGN, input)) {
            if (p == 1) {
                return new Tensor[] {sign.mul(grad)};
            }
            if (p == 2) {
                try (Tensor ratio = input.div(norm);
                     Tensor zero = norm.eq(0);
                     Tensor safe = ReductionOp.zeroWhere(zero, ratio)) {
                    return new Tensor[] {grad.mul(safe)};
                }
            }
            try (Tensor abs = ReductionOp.map(UnaryOp.ABS, input)) {
                if (Double.isInfinite(p)) {
                    return new Tensor[] {infBackward(grad, norm, sign, abs)};
                }
                if (p < 1) {
                    // sgn(x) * |x|^(p-1), 0 where x is 0, times grad * norm^(1-p)
                    try (Tensor powers = ReductionOp.map(UnaryOp.POW, abs, p - 1, 0);
                         Tensor signed = sign.mul(powers);
                         Tensor zero = input.eq(0);
                         Tensor scaled = ReductionOp.zeroWhere(zero, signed);
                         Tensor normPower = ReductionOp.map(UnaryOp.POW, norm, 1 - p, 0);
                         Tensor factor = grad.mul(normPower)) {
                        return new Tensor[] {scaled.mul(factor)};
                    }
                }
                // p < 2: sgn(x) * |x|^(p-1); else x * |x|^(p-2); times grad / norm^(p-1), 0 where the norm is 0
                try (Tensor powers = ReductionOp.map(UnaryOp.POW, abs, p < 2 ? p - 1 : p - 2, 0);
                     Tensor scaled = (p < 2 ? sign : input).mul(powers);
                     Tensor normPower = ReductionOp.map(UnaryOp.POW, norm, p - 1, 0);
                     Tensor ratio = grad.div(normPower);
                     Tensor zero = norm.eq(0);
                     Tensor factor = ReductionOp.zeroWhere(zero, ratio)) {
                    return new Tensor[] {scaled.mul(factor)};
                }
            }
        }
    }

    /** sgn(x) * grad / count * mask, where mask marks the elements whose |x| is the norm (or NaN). */
    private Tensor infBackward(Tensor grad, Tensor norm, Tensor sign, Tensor abs) {
        try (Tensor equal = abs.eq(norm);
             Tensor nan = ReductionOp.map(UnaryOp.ISNAN, abs);
             Tensor mask = equal.add(nan);
             Tensor count = ReductionOp.reduce(ReduceOp.SUM, mask, reduced, true);
             Tensor share = grad.div(count);
             Tensor masked = share.mul(mask)) {
            return sign.mul(masked);
        }
    }
}
