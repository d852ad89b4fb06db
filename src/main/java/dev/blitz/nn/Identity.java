package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** A layer that returns its input, as {@code nn.Identity()}: a placeholder, e.g. to cut a head off a model. */
public class Identity extends Module {
    /**
     * Returns {@code input} itself.
     *
     * @param input any tensor
     * @return {@code input}
     */
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
