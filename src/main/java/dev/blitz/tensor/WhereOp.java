package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/**
 * {@code torch.where(cond, a, b)}: {@code a} where {@code cond} holds, else {@code b}, the three broadcast
 * together; also {@code masked_fill}, the same choice with a number. The gradient goes to {@code a} where the
 * condition holds and to {@code b} elsewhere.
 */
public final class WhereOp extends Function {
    private final Tensor cond;
    private final Shape aShape;
    private final Shape bShape;
    private final String name;

    private WhereOp(Tensor cond, Tensor a, Tensor b, String name) {
        super(a, b);
        this.cond = save(cond);
        this.aShape = a.shape();
        this.bShape = b.shape();
        this.name = name;
    }

    /**
     * {@code torch.where(cond, a, b)}, with PyTorch's broadcasting among the three and promotion of {@code a} and
     * {@code b} to their common dtype.
     *
     * @param cond a bool tensor
     * @param a the values where {@code cond} holds
     * @param b the values elsewhere
     * @return a new tensor of the broadcast shape, recording {@code WhereBackward0}
     * @throws IllegalArgumentException if {@code cond} is not bool, the shapes do not broadcast or the devices
     *         differ
     */
    public static Tensor apply(Tensor cond, Tensor a, Tensor b) {
        return select(cond, a, b, "where", "WhereBackward0");
    }

    /**
     * {@code torch.where(cond, a, b)} with a number for {@code b}: promoted as a number with a tensor is (an int64
     * tensor stays int64 with a whole number, gives float32 with a fraction).
     *
     * @param cond a bool tensor
     * @param a the values where {@code cond} holds
     * @param b the value elsewhere
     * @return a new tensor of the broadcast shape of {@code cond} and {@code a}, recording {@code WhereBackward0}
     * @throws IllegalArgumentException if {@code cond} is not bool, the shapes do not broadcast or the devices
     *         differ
     */
    public static Tensor apply(Tensor cond, Tensor a, double b) {
        try (Tensor v = Tensor.full(Shape.of(), b, ElementwiseOp.scalarType(a.dtype(), b), a.device())) {
            return select(cond, a, v, "where", "WhereBackward0");
        }
    }

    /**
     * {@code x.masked_fill(mask, value)}: {@code value} (converted to {@code x}'s dtype) where {@code mask} holds,
     * else {@code x}.
     *
     * @param x the tensor
     * @param mask a bool tensor whose shape broadcasts with {@code x}'s
     * @param value the number to fill in
     * @return a new tensor of {@code x}'s dtype and the broadcast shape, recording {@code MaskedFillBackward0}
     * @throws IllegalArgumentException if {@code mask} is not bool, the shapes do not broadcast or the devices
     *         differ
     */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        try (Tensor v = Tensor.full(Shape.of(), value, x.dtype(), x.device())) {
            return select(mask, v, x, "maskedFill", "MaskedFillBackward0");
        }
    }

    private static Tensor select(Tensor cond, Tensor a, Tensor b, String op, String name) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + "(): expected " + (op.equals("where") ? "condition" : "mask")
                    + " to be a boolean tensor, but got a tensor with dtype " + cond.dtype() + " (shape "
                    + cond.shape() + "); compare to get one, e.g. x.gt(0)");
        }
        cond.checkSameDevice(op, a);
        cond.checkSameDevice(op, b);
        Shape out = Shape.broadcast(Shape.broadcast(cond.shape(), a.shape(), op), b.shape(), op);
        DType common = DType.promote(a.dtype(), b.dtype());
        Tensor x = a.to(common);
        Tensor y = b.to(common);
        Tensor result = Tensor.empty(out, common, a.device());
        a.backend().where(cond.stridedAs(out), x.stridedAs(out), y.stridedAs(out), result.buffer(), out);
        return new WhereOp(cond, x, y, name).record(result);
    }

    /** {@code g} where {@code mask} holds, 0 elsewhere, of their broadcast shape; the masked gradients use it. */
    static Tensor keep(Tensor mask, Tensor g) {
        try (Tensor zero = Tensor.zeros(Shape.of(), g.dtype(), g.device())) {
            return apply(mask, g, zero);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor ga = null;
        Tensor gb = null;
        try (Tensor zero = Tensor.zeros(Shape.of(), g.dtype(), g.device())) {
            if (needsGrad(0)) {
                ga = SumOp.sumTo(apply(cond, g, zero), aShape);
            }
            if (needsGrad(1)) {
                gb = SumOp.sumTo(apply(cond, zero, g), bShape);
            }
        }
        return new Tensor[] {ga, gb};
    }
}
