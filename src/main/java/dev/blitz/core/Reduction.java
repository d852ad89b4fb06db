package dev.blitz.core;

/** How a loss reduces its per-element values, as PyTorch's {@code reduction=} argument. */
public enum Reduction {
    /** No reduction: the loss has one value per element (or per sample), {@code reduction='none'}. */
    NONE,
    /** The mean over all values, {@code reduction='mean'} (PyTorch's default). */
    MEAN,
    /** The sum over all values, {@code reduction='sum'}. */
    SUM
}
