package dev.blitz.backend;

/**
 * Hyper-parameters of one Adam update, with PyTorch's meaning; {@code decoupledWeightDecay} makes it AdamW.
 * Validated by the optimizer.
 */
public record AdamParams(float lr, double beta1, double beta2, float eps, float weightDecay,
                         boolean decoupledWeightDecay, boolean amsgrad, boolean maximize) {
}
