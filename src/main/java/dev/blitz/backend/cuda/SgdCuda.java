package dev.blitz.backend.cuda;

import dev.blitz.backend.SgdParams;

/** One fused SGD update per parameter: weight decay, momentum, Nesterov and maximize in one kernel. */
final class SgdCuda {
    private final Kernels kernels;

    SgdCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    void step(SgdParams p, CudaBuffer param, CudaBuffer grad, CudaBuffer momentumBuffer, boolean firstStep) {
        int flags = SgdFlag.NESTEROV.when(p.nesterov()) | SgdFlag.MAXIMIZE.when(p.maximize())
                | SgdFlag.FIRST_STEP.when(firstStep) | SgdFlag.HAS_MOMENTUM.when(momentumBuffer != null);
        kernels.sgd(param.length(), param, grad, momentumBuffer, p.lr(), p.momentum(), p.dampening(),
                p.weightDecay(), flags);
    }
}
