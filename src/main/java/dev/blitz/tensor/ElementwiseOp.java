package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/** Broadcasting {@code a op b} for add, sub, mul, div; and {@code alpha * x + beta} for ops with a scalar. */
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
        return new Binary(op, x, y).record(result);
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
        DType type = x.dtype().isFloatingPoint() ? x.dtype()
                : value == Math.rint(value) && Math.abs(value) < 0x1p63 ? DType.INT64 : DType.FLOAT32;
        try (Tensor v = Tensor.full(Shape.of(), value, type, x.device())) {
            return apply(op, x, v);
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

        Binary(BinaryOp op, Tensor a, Tensor b) {
            super(a, b);
            this.op = op;
            this.aShape = a.shape();
            this.bShape = b.shape();
            boolean needsOperands = op == BinaryOp.MUL || op == BinaryOp.DIV;
            this.a = needsOperands ? save(a) : null;
            this.b = needsOperands ? save(b) : null;
        }

        @Override
        public String name() {
            return switch (op) {
                case ADD -> "AddBackward0";
                case SUB -> "SubBackward0";
                case MUL -> "MulBackward0";
                case DIV -> "DivBackward0";
                default -> throw new IllegalStateException(op.name()); // PLACEHOLDER
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
                default -> throw new IllegalStateException(op.name()); // PLACEHOLDER
            }
            return new Tensor[] {ga, gb};
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
