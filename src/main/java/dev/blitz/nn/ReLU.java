package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** {@code max(x, 0)} as a layer. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.relu(input);
    }
}
