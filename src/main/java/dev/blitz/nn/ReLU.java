package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** {@code max(x, 0)} as a layer, as {@code nn.ReLU()}. */
public class ReLU extends Module {
    /**
     * Applies {@code max(x, 0)} elementwise.
     *
     * @param input any tensor
     * @return a new tensor of its shape
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.relu(input);
    }
}
