package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** {@code max(x, 0)} as a layer, as {@code nn.ReLU()}. */
public class ReLU extends Module {
    private final boolean inplace;

    /** A ReLU that returns a new tensor, as {@code nn.ReLU()}. */
    public ReLU() {
        this(false);
    }

    /**
     * A ReLU, as {@code nn.ReLU(inplace)}: in place it overwrites its input (saving memory, as torchvision's
     * ResNet does after each batch norm) and returns it.
     *
     * @param inplace whether to overwrite the input
     */
    public ReLU(boolean inplace) {
        this.inplace = inplace;
    }

    /**
     * Applies {@code max(x, 0)} elementwise.
     *
     * @param input any tensor
     * @return a new tensor of its shape, or {@code input} itself when in place
     */
    @Override
    public Tensor forward(Tensor input) {
        return inplace ? input.reluInPlace() : F.relu(input);
    }

    @Override
    protected String extraRepr() {
        return inplace ? "inplace=True" : "";
    }
}
