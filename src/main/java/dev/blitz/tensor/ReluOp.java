package dev.blitz.tensor;

import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;

/** {@code max(x, 0)} on float32; backward passes the gradient where the output is positive. */
public final class ReluOp extends Function {
    private final Tensor output;

    private ReluOp(Tensor input, Tensor output) {
        super(input);
        this.output = save(output);
    }

    /**
     * {@code F.relu}: float32 through the network kernel; float64 and int64 through the general unary one.
     *
     * @param input a float or int64 tensor
     * @return a new tensor of its shape, recording {@code ReluBackward0}
     * @throws IllegalArgumentException for a bool tensor
     */
    public static Tensor apply(Tensor input) {
        if (input.dtype() != DType.FLOAT32) {
            return UnaryMathOp.apply(UnaryOp.RELU, input);
        }
        input = Tensor.float32Input("relu", input);
        Tensor out = Tensor.empty(input.shape(), input.device());
        input.backend().reluForward(input.buffer(), out.buffer());
        return new ReluOp(input, out).record(out);
    }

    @Override
    public String name() {
        return "ReluBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = Tensor.empty(g.shape(), g.device());
        g.backend().reluBackward(output.buffer(), g.buffer(), dx.buffer());
        return new Tensor[] {dx};
    }

}
