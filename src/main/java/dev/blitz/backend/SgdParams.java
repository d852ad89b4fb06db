package dev.blitz.backend;

/** Hyper-parameters of one SGD update, with PyTorch's meaning. Validated by the optimizer. */
public record SgdParams(float lr, float momentum, float dampening, float weightDecay, boolean nesterov,
                        boolean maximize) {
}
