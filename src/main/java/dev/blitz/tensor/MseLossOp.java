package dev.blitz.tensor;

import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;

/** Mean squared error between input and a target of the same shape, reduced as asked. */
public final class MseLossOp extends Function {
    private final Reduction reduction;
    private final Tensor input;
    private final Tensor target;

    private MseLossOp(Tensor input, Tensor target, Reduction reduction) {
        super(input, target);
        this.reduction = reduction;
        this.input = save(input);
        this.target = save(target);
    }

    /**
     * {@code F.mse_loss}: the squared differences, reduced as asked. Unlike PyTorch, the shapes must be equal
     * (no broadcasting); the error suggests a {@code view} when only the shape differs.
     *
     * @param input the prediction
     * @param target the expected values, of {@code input}'s shape; may require grad too
     * @param reduction {@code NONE} keeps {@code input}'s shape, {@code MEAN} and {@code SUM} give a scalar
     * @return the loss
     * @throws IllegalArgumentException if the shapes or devices differ
     */
    public static Tensor apply(Tensor input, Tensor target, Reduction reduction) {
        input = Tensor.float32Input("mse_loss", input);
        target = Tensor.float32Input("mse_loss", target);
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException("mse_loss: input shape " + input.shape() + " and target shape "
                    + target.shape() + " differ; they must be equal (no broadcasting). "
                    + (input.numel() == target.numel()
                        ? "Reshape the target with target.view(" + dimsList(input.shape()) + ")."
                        : "Check that the target matches the model's output."));
        }
        input.checkSameDevice("mse_loss", target);
        Shape outShape = reduction == Reduction.NONE ? input.shape() : Shape.of();
        Tensor out = Tensor.empty(outShape, input.device());
        input.backend().mseForward(input.buffer(), target.buffer(), input.numel(), reduction, out.buffer());
        return new MseLossOp(input, target, reduction).record(out);
    }

    private static String dimsList(Shape s) {
        String d = s.toString();
        return d.substring(1, d.length() - 1);
    }

    @Override
    public String name() {
        return "MseLossBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dInput = Tensor.empty(input.shape(), g.device());
        g.backend().mseBackward(input.buffer(), target.buffer(), g.buffer(), input.numel(), reduction,
                dInput.buffer());
        Tensor dTarget = needsGrad(1) ? dInput.neg() : null;
        return new Tensor[] {needsGrad(0) ? dInput : null, dTarget};
    }

}
