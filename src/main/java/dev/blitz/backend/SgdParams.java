package dev.blitz.backend;

/**
 * Hyper-parameters of one SGD update, with PyTorch's meaning. Validated by the optimizer.
 *
 * @param lr the learning rate
 * @param momentum the momentum factor; 0 for none
 * @param dampening the dampening of the momentum's gradient term
 * @param weightDecay the L2 penalty added to the gradient
 * @param nesterov whether to use Nesterov momentum
 * @param maximize whether to ascend the gradient instead of descending it
 */
public record SgdParams(float lr, float momentum, float dampening, float weightDecay, boolean nesterov,
                        boolean maximize) {
}
