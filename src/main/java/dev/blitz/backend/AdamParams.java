package dev.blitz.backend;

/**
 * Hyper-parameters of one Adam update, with PyTorch's meaning; {@code decoupledWeightDecay} makes it AdamW.
 * Validated by the optimizer.
 *
 * @param lr the learning rate
 * @param beta1 the first moment's decay, in {@code [0, 1)}
 * @param beta2 the second moment's decay, in {@code [0, 1)}
 * @param eps added to the denominator for stability
 * @param weightDecay the weight decay factor
 * @param decoupledWeightDecay true for AdamW's decay of the parameter, false for Adam's L2 term in the gradient
 * @param amsgrad whether to use the running maximum of the second moment (AMSGrad)
 * @param maximize whether to ascend the gradient instead of descending it
 */
public record AdamParams(float lr, double beta1, double beta2, float eps, float weightDecay,
                         boolean decoupledWeightDecay, boolean amsgrad, boolean maximize) {
}
