package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
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
        a.checkSameDevice(op.name().toLowerCase(), b);
        Shape out = Shape.broadcast(a.shape(), b.shape(), op.name().toLowerCase());
        Tensor result = Tensor.empty(out, a.device());
        a.backend().binary(op, new Strided(a.buffer(), 0, a.shape().broadcastStrides(out)),
                new Strided(b.buffer(), 0, b.shape().broadcastStrides(out)), result.buffer(), out);
        return new Binary(op, a, b).record(result);
    }

    /**
     * {@code alpha * x + beta} elementwise; the scalar forms of add, sub, mul, div and neg.
     *
     * @param x the input
     * @param alpha the factor
     * @param beta the offset
     * @param name the {@code grad_fn} name to record, e.g. {@code MulBackward0}
     * @return a new tensor of {@code x}'s shape
     */
    public static Tensor affine(Tensor x, float alpha, float beta, String name) {
        Tensor result = Tensor.empty(x.shape(), x.device());
        x.backend().affine(x.buffer(), alpha, beta, result.buffer());
        return new Affine(x, alpha, name).record(result);
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
