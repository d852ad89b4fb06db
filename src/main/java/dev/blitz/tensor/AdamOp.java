package dev.blitz.tensor;

import dev.blitz.backend.AdamParams;

/** One in-place Adam/AdamW update of a parameter, the op behind {@code optim.Adam}; not differentiable. */
public final class AdamOp {
    private AdamOp() {
    }

    /**
     * Updates {@code param} and its moments in place with PyTorch's single-tensor Adam rules (see
     * {@code Backend.adamStep}).
     *
     * @param p the hyper-parameters
     * @param step the 1-based update count of this parameter, this one included
     * @param param the parameter, updated in place
     * @param grad its gradient, on its device (left unchanged)
     * @param expAvg the first moment, updated in place
     * @param expAvgSq the second moment, updated in place
     * @param maxExpAvgSq the running maximum of the second moment, or null unless {@code amsgrad}
     * @throws IllegalArgumentException if the tensors are on different devices
     */
    public static void step(AdamParams p, int step, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
                            Tensor maxExpAvgSq) {
        param.checkSameDevice(p.decoupledWeightDecay() ? "AdamW.step" : "Adam.step", grad);
        param.backend().adamStep(p, step, param.buffer(), grad.buffer(), expAvg.buffer(), expAvgSq.buffer(),
                maxExpAvgSq == null ? null : maxExpAvgSq.buffer());
        param.bumpVersion();
    }
}
