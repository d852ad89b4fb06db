package dev.blitz.tensor;

/** How a loss reduces its per-element values, as PyTorch's {@code reduction=} argument. */
public enum Reduction { NONE, MEAN, SUM }
