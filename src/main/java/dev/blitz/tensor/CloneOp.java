package dev.blitz.tensor;

/** A contiguous copy that keeps autograd history, as PyTorch's {@code clone()} and {@code contiguous()}. */
public final class CloneOp extends Function {
    private CloneOp(Tensor input) {
        super(input);
    }

    /**
     * A new contiguous tensor with {@code input}'s values, recording {@code CloneBackward0}.
     *
     * @param input the tensor to copy, any layout
     * @return the copy
     */
    public static Tensor apply(Tensor input) {
        return new CloneOp(input).record(input.copy());
    }

    @Override
    public String name() {
        return "CloneBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g};
    }
}
