package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/**
 * Broadcasting {@code a op b} for the {@link BinaryOp}s (add, sub, mul, div, pow, maximum, minimum and the
 * comparisons) with PyTorch's type promotion; {@code alpha * x + beta} for float32 ops with a scalar; and the
 * whole-tensor tests {@code allclose} and {@code equal}.
 */
public final class ElementwiseOp {
    private ElementwiseOp() {
    }

    /**
     * {@code a op b} with PyTorch's broadcasting; what {@code Tensor.add(Tensor)} and its siblings call.
     *
     * @param op the operation
     * @param a the left operand
     * @param b the right operand, on {@code a}'s device
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException if the shapes do not broadcast or the devices differ
     */
    public static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        a.checkSameDevice(name, b);
        Shape out = Shape.broadcast(a.shape(), b.shape(), name);
        DType common = DType.promote(a.dtype(), b.dtype());
        if (op == BinaryOp.DIV && !common.isFloatingPoint()) {
            common = DType.FLOAT32; // true division, as PyTorch's torch.div
        }
        if (common == DType.BOOL && op != BinaryOp.EQ && op != BinaryOp.NE) {
            common = DType.INT64; // bool arithmetic and ordering happen on integers, as in PyTorch
        }
        if (a.dtype() == DType.BOOL && b.dtype() == DType.BOOL) {
            if (op == BinaryOp.POW) {
                throw new IllegalArgumentException("pow(): not implemented for two " + DType.BOOL + " tensors (shapes "
                        + a.shape() + " and " + b.shape() + "); convert one with to(DType.INT64)");
            }
            if (op == BinaryOp.SUB) {
                throw new IllegalArgumentException("sub: subtraction, the `-` operator, with two torch.bool tensors is"
                        + " not supported. If you are trying to invert a mask, use logicalNot() instead");
            }
            if (op == BinaryOp.ADD || op == BinaryOp.MUL || op == BinaryOp.MAXIMUM || op == BinaryOp.MINIMUM) {
                // On bools these are logical or / and, as PyTorch computes them: on integers, then nonzero.
                try (Tensor ints = apply(op, a.to(DType.INT64), b.to(DType.INT64))) {
                    return ints.to(DType.BOOL);
                }
            }
        }
        Tensor x = a.to(common);
        Tensor y = b.to(common);
        Tensor result = Tensor.empty(out, op.isComparison() ? DType.BOOL : common, a.device());
        a.backend().binary(op, x.stridedAs(out), y.stridedAs(out), result.buffer(), out);
        if (op.isComparison()) {
            return result;
        }
        return new Binary(op, x, y, result).record(result);
    }

    /**
     * {@code x op value} with a number, with PyTorch's promotion: a float tensor keeps its dtype; an int64 or bool
     * tensor stays int64 for a whole number and becomes float32 for a fraction (Java's {@code 2} and {@code 2.0}
     * are one double here, so an int64 tensor times {@code 2.0} stays int64).
     *
     * @param op the operation
     * @param x the tensor
     * @param value the number
     * @return a new tensor of {@code x}'s shape
     */
    public static Tensor scalar(BinaryOp op, Tensor x, double value) {
        try (Tensor v = Tensor.full(Shape.of(), value, scalarType(x.dtype(), value), x.device())) {
            return apply(op, x, v);
        }
    }

    /** The dtype a number takes beside a tensor of {@code type}: see {@link #scalar}. */
    static DType scalarType(DType type, double value) {
        return type.isFloatingPoint() ? type
                : value == Math.rint(value) && Math.abs(value) < 0x1p63 ? DType.INT64 : DType.FLOAT32;
    }

    /**
     * Whether every element of {@code a} is close to {@code b}'s, as {@code torch.allclose}:
     * {@code |a - b| <= atol + rtol * |b|} with broadcasting; NaN is close to nothing, an infinity only to
     * itself. Integers and bools are compared as float32, as PyTorch computes the error. Records no history.
     *
     * @param a one tensor
     * @param b the other, of {@code a}'s dtype, whose shape broadcasts with {@code a}'s
     * @param rtol the relative tolerance, {@code >= 0}
     * @param atol the absolute tolerance, {@code >= 0}
     * @return true if all elements are close (true for no elements)
     * @throws IllegalArgumentException if the dtypes differ, the shapes do not broadcast, a tolerance is negative
     */
    public static boolean allclose(Tensor a, Tensor b, double rtol, double atol) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("allclose(): " + a.dtype() + " did not match " + b.dtype()
                    + "; expected both tensors to have one dtype (convert one with to(dtype))");
        }
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("allclose(): " + (rtol >= 0 ? "atol" : "rtol") + " must be greater "
                    + "than or equal to zero, but got " + (rtol >= 0 ? atol : rtol));
        }
        try (var g = GradMode.noGrad()) {
            Tensor close = a.eq(b);
            if (rtol == 0 && atol == 0) {
                return all(close);
            }
            Tensor x = a.dtype().isFloatingPoint() ? a : a.to(DType.FLOAT32);
            Tensor y = b.dtype().isFloatingPoint() ? b : b.to(DType.FLOAT32);
            Tensor error = x.sub(y).abs();
            Tensor allowed = y.mul(rtol).abs().add(atol);
            Tensor within = error.le(allowed); // NaN errors compare false; infinite ones need the next line
            Tensor finiteWithin = WhereOp.apply(within, error.isfinite(), within);
            return all(WhereOp.apply(close, close, finiteWithin));
        }
    }

    /**
     * Whether {@code a} and {@code b} have one shape and equal elements, as {@code torch.equal} (NaN equals
     * nothing; dtypes are promoted as {@code eq} does). Records no history.
     *
     * @param a one tensor
     * @param b the other, on {@code a}'s device
     * @return true if the shapes and all the values are equal
     * @throws IllegalArgumentException if the devices differ
     */
    public static boolean equal(Tensor a, Tensor b) {
        a.checkSameDevice("equal", b);
        if (!a.shape().equals(b.shape())) {
            return false;
        }
        try (var g = GradMode.noGrad()) {
            return all(a.eq(b));
        }
    }

    /** Whether every element of a bool tensor holds, closing it. */
    private static boolean all(Tensor t) {
        try (t; Tensor all = t.all()) {
            return all.itemBoolean();
        }
    }

    /**
     * {@code alpha * x + beta} elementwise on float32; the fast scalar forms of add, sub, mul, div and neg (other
     * dtypes go through {@link #scalar}).
     *
     * @param x the input
     * @param alpha the factor
     * @param beta the offset
     * @param name the {@code grad_fn} name to record, e.g. {@code MulBackward0}
     * @return a new tensor of {@code x}'s shape
     */
    public static Tensor affine(Tensor x, float alpha, float beta, String name) {
        Tensor in = x.dense();
        Tensor result = Tensor.empty(x.shape(), x.device());
        x.backend().affine(in.buffer(), alpha, beta, result.buffer());
        return new Affine(in, alpha, name).record(result);
    }

    private static final class Binary extends Function {
        private final BinaryOp op;
        private final Shape aShape;
        private final Shape bShape;
        private final Tensor a;
        private final Tensor b;
        /** The result, for pow's gradient with respect to the exponent; else null. */
        private final Tensor result;

        Binary(BinaryOp op, Tensor a, Tensor b, Tensor result) {
            super(a, b);
            this.op = op;
            this.aShape = a.shape();
            this.bShape = b.shape();
            // Only what backward reads, as PyTorch saves: a times a constant keeps no copy of a, so
            // x.mulInPlace(2) leaves nothing that its own write would change.
            boolean keepsOperands = op != BinaryOp.ADD && op != BinaryOp.SUB;
            boolean onlyForOther = op == BinaryOp.MUL || op == BinaryOp.DIV;
            this.a = keepsOperands && (needsGrad(1) || !onlyForOther) ? save(a) : null;
            this.b = keepsOperands && (needsGrad(0) || op != BinaryOp.MUL) ? save(b) : null;
            this.result = op == BinaryOp.POW ? save(result) : null;
        }

        @Override
        public String name() {
            return switch (op) {
                case ADD -> "AddBackward0";
                case SUB -> "SubBackward0";
                case MUL -> "MulBackward0";
                case DIV -> "DivBackward0";
                case POW -> "PowBackward1";
                case MAXIMUM -> "MaximumBackward0";
                case MINIMUM -> "MinimumBackward0";
                default -> throw new IllegalStateException(op + " records no history");
            };
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor ga = null;
            Tensor gb = null;
            switch (op) {
                case ADD -> {
                    ga = needsGrad(0) ? SumOp.sumTo(g, aShape) : null;
                    gb = needsGrad(1) ? SumOp.sumTo(g, bShape) : null;
                }
                case SUB -> {
                    ga = needsGrad(0) ? SumOp.sumTo(g, aShape) : null;
                    gb = needsGrad(1) ? SumOp.sumTo(g.neg(), bShape) : null;
                }
                case MUL -> {
                    ga = needsGrad(0) ? SumOp.sumTo(g.mul(b), aShape) : null;
                    gb = needsGrad(1) ? SumOp.sumTo(g.mul(a), bShape) : null;
                }
                case DIV -> {
                    ga = needsGrad(0) ? SumOp.sumTo(g.div(b), aShape) : null;
                    gb = needsGrad(1) ? SumOp.sumTo(g.mul(a).div(b).div(b).neg(), bShape) : null;
                }
                case POW -> {
                    ga = needsGrad(0) ? SumOp.sumTo(powBaseGrad(g), aShape) : null;
                    gb = needsGrad(1) ? SumOp.sumTo(powExponentGrad(g), bShape) : null;
                }
                case MAXIMUM, MINIMUM -> {
                    // Ties split the gradient evenly, as PyTorch's maximum and minimum backward do.
                    Tensor shared = WhereOp.apply(a.eq(b), g.div(2), g);
                    Tensor aLoses = op == BinaryOp.MAXIMUM ? a.lt(b) : a.gt(b);
                    Tensor bLoses = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
                    ga = needsGrad(0) ? SumOp.sumTo(WhereOp.maskedFill(shared, aLoses, 0), aShape) : null;
                    gb = needsGrad(1) ? SumOp.sumTo(WhereOp.maskedFill(shared, bLoses, 0), bShape) : null;
                }
                default -> throw new IllegalStateException(op + " records no history");
            }
            return new Tensor[] {ga, gb};
        }

        /** PyTorch's pow_backward_self: {@code g * b * a^(b - 1)}, 0 where the exponent is 0. */
        private Tensor powBaseGrad(Tensor g) {
            return WhereOp.maskedFill(g.mul(b.mul(a.pow(b.sub(1)))), b.eq(0), 0);
        }

        /** PyTorch's pow_backward_exponent: {@code g * a^b * log(a)}, 0 where {@code a == 0 && b >= 0}. */
        private Tensor powExponentGrad(Tensor g) {
            Tensor zeroBase = a.eq(0);
            Tensor cond = WhereOp.apply(zeroBase, b.ge(0), zeroBase);
            return g.mul(WhereOp.maskedFill(result.mul(a.log()), cond, 0));
        }
    }

    private static final class Affine extends Function {
        private final float alpha;
        private final String name;

        Affine(Tensor x, float alpha, String name) {
            super(x);
            this.alpha = alpha;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {alpha == 1f ? g : g.mul(alpha)};
        }
    }
}
