package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** Flattens all dimensions from {@code startDim} on (default 1, keeping the batch). */
public class Flatten extends Module {
    private final int startDim;

    /** Flattens all dimensions but the batch, as {@code nn.Flatten()}. */
    public Flatten() {
        this(1);
    }

    /**
     * Flattens from {@code startDim} to the last dimension, as {@code nn.Flatten(start_dim)}.
     *
     * @param startDim the first dimension to merge; negative counts from the end (checked by {@link #forward})
     */
    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    /**
     * Merges dimensions {@code startDim} to the last into one.
     *
     * @param input any tensor with more than {@code startDim} dimensions
     * @return a view sharing {@code input}'s memory
     * @throws IllegalArgumentException if {@code startDim} is out of range for the input
     */
    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=-1";
    }
}
