package dev.blitz.tensor;

import dev.blitz.core.Shape;

/** {@code view}/{@code flatten}: the same memory with another shape; the gradient is viewed back. */
public final class ViewOp extends Function {
    private final Shape inputShape;

    private ViewOp(Tensor input) {
        super(input);
        this.inputShape = input.shape();
    }

    /**
     * {@code input} seen with {@code shape}, sharing its memory. The caller checks that the element counts
     * match ({@code Tensor.view} does, through {@link Shape#view}).
     *
     * @param input the tensor to view
     * @param shape the new shape, with {@code input}'s element count
     * @return the view, recording {@code ViewBackward0}
     */
    public static Tensor apply(Tensor input, Shape shape) {
        return new ViewOp(input).record(input.viewOf(shape));
    }

    @Override
    public String name() {
        return "ViewBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        return new Tensor[] {gradOutput.viewOf(inputShape)};
    }
}
