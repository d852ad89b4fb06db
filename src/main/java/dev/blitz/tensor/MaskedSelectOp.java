package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/**
 * The elements where a bool mask is true, as {@code torch.masked_select}: the mask is read on the host to find
 * their positions in the (broadcast, flattened) input, which an index_select then takes; the gradient adds
 * back at those positions and sums over the dimensions the input was broadcast along.
 */
public final class MaskedSelectOp extends Function {
    private final Shape inputShape;
    private final Shape broadcastShape;
    private final Tensor positions;

    private MaskedSelectOp(Tensor input, Shape broadcastShape, Tensor positions) {
        super(input);
        this.inputShape = input.shape();
        this.broadcastShape = broadcastShape;
        this.positions = save(positions);
    }

    /**
     * {@code input}'s elements where {@code mask} is true, in row-major order, as {@code torch.masked_select};
     * the two broadcast together first. Any dtype.
     *
     * @param input the tensor to read
     * @param mask a bool tensor whose shape broadcasts with {@code input}'s, on its device
     * @return a new 1-D tensor of {@code input}'s dtype, recording {@code MaskedSelectBackward0}
     * @throws IllegalArgumentException if {@code mask} is not bool, the shapes do not broadcast, or the devices
     *         differ
     */
    public static Tensor apply(Tensor input, Tensor mask) {
        input.checkSameDevice("masked_select()", mask);
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_select(): expected BoolTensor for mask, got " + mask.dtype());
        }
        Shape shape = Shape.broadcast(input.shape(), mask.shape(), "masked_select()");
        boolean[] selected;
        Tensor out;
        Tensor index;
        try (var g = GradMode.noGrad();
             Tensor wideMask = mask.expand(shape.dims());
             Tensor wide = input.expand(shape.dims())) {
            selected = wideMask.toBooleanArray();
            int count = 0;
            for (boolean b : selected) {
                count += b ? 1 : 0;
            }
            long[] at = new long[count];
            for (int i = 0, k = 0; i < selected.length; i++) {
                if (selected[i]) {
                    at[k++] = i;
                }
            }
            index = Tensor.fromHost(at, Shape.of(count), input.device());
            out = Tensor.empty(Shape.of(count), input.dtype(), input.device());
            if (count > 0) {
                try (Tensor x = wide.copy()) {
                    input.backend().indexSelect(x.buffer(), 1, selected.length, 1, index.buffer(), out.buffer());
                }
            }
        }
        try (index) {
            return new MaskedSelectOp(input, shape, index).record(out);
        }
    }

    @Override
    public String name() {
        return "MaskedSelectBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor flat = Tensor.zeros(Shape.of(broadcastShape.numel()), g.dtype(), g.device());
        if (g.numel() > 0) {
            Tensor gd = IndexSelectOp.dense(g);
            g.backend().indexAdd(gd.buffer(), 1, flat.numel(), 1, positions.buffer(), flat.buffer());
            IndexSelectOp.close(gd, g);
        }
        Tensor wide = flat.view(broadcastShape.dims());
        flat.close();
        Tensor summed = SumOp.sumTo(wide, inputShape);
        if (summed != wide) {
            wide.close();
        }
        return new Tensor[] {summed};
    }
}
