package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
import dev.blitz.core.Shape;

/** Sums and means over all elements, plus the broadcasting helpers other ops' backward passes use. */
public final class SumOp extends Function {
    private final Shape inputShape;
    private final float scale;
    private final String name;

    private SumOp(Tensor input, float scale, String name) {
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
        return reduceAll(input, 1f / input.numel(), "MeanBackward0");
    }

    private static Tensor reduceAll(Tensor input, float scale, String name) {
        // sumTo hands back a 0-dim input itself; recording on it would rewire the input's own grad_fn.
        Tensor out = input.dim() == 0 ? input.copy() : sumTo(input, Shape.of());
        if (scale != 1f) {
            input.backend().affine(out.buffer(), scale, 0f, out.buffer());
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
        Tensor out = Tensor.empty(shape, t.device());
        t.backend().sumTo(t.buffer(), t.shape(), out.buffer(), shape);
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
        Tensor out = Tensor.full(shape, 0f, t.device());
        t.backend().binary(BinaryOp.ADD, new Strided(out.buffer(), 0, shape.broadcastStrides(shape)),
                new Strided(t.buffer(), 0, t.shape().broadcastStrides(shape)), out.buffer(), shape);
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        Tensor g = broadcastTo(gradOutput, inputShape);
        if (scale != 1f) {
            g.backend().affine(g.buffer(), scale, 0f, g.buffer());
        }
        return new Tensor[] {g};
    }
}
