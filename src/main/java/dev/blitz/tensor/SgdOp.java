package dev.blitz.tensor;

import dev.blitz.backend.SgdParams;

/** One in-place SGD update of a parameter, the op behind {@code optim.SGD}; not differentiable. */
public final class SgdOp {
    private SgdOp() {
    }

    /**
     * Updates {@code param} in place with PyTorch's SGD rules (see {@code Backend.sgdStep}).
     *
     * @param p the hyper-parameters
     * @param param the parameter, updated in place
     * @param grad its gradient, on its device (left unchanged)
     * @param momentumBuffer the momentum state of {@code param}'s shape, updated in place, or null without momentum
     * @param firstStep whether {@code momentumBuffer} is still to be initialised (PyTorch copies the gradient in)
     * @throws IllegalArgumentException if the tensors are on different devices
     */
    public static void step(SgdParams p, Tensor param, Tensor grad, Tensor momentumBuffer, boolean firstStep) {
        param.checkSameDevice("SGD.step", grad);
        param.backend().sgdStep(p, param.buffer(), grad.buffer(),
                momentumBuffer == null ? null : momentumBuffer.buffer(), firstStep);
        param.bumpVersion();
    }
}
