package dev.blitz.backend.cuda;

import dev.blitz.backend.AdamParams;

/** One fused Adam/AdamW update per parameter; the per-step scalars are computed here, in double. */
final class AdamCuda {
    private final Kernels kernels;

    AdamCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    /** The per-step scalars are rounded to float from double exactly as the CPU kernel rounds them. */
    void step(AdamParams p, int step, CudaBuffer param, CudaBuffer grad, CudaBuffer expAvg, CudaBuffer expAvgSq,
              CudaBuffer maxExpAvgSq) {
        float negStepSize = (float) (-p.lr() / (1 - Math.pow(p.beta1(), step)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(p.beta2(), step));
        float decay = (float) (1 - (double) p.lr() * p.weightDecay());
        int flags = AdamFlag.MAXIMIZE.when(p.maximize()) | AdamFlag.DECOUPLED.when(p.decoupledWeightDecay())
                | AdamFlag.AMSGRAD.when(maxExpAvgSq != null);
        kernels.adam(param.length(), param, grad, expAvg, expAvgSq, maxExpAvgSq, (float) (1 - p.beta1()),
                (float) p.beta2(), (float) (1 - p.beta2()), negStepSize, bc2Sqrt, p.eps(), p.weightDecay(), decay,
                flags);
    }
}
