package dev.blitz.backend.cpu;

import dev.blitz.backend.AdamParams;

/** One Adam/AdamW update in the order and precision of PyTorch's single-tensor implementation. */
final class AdamCpu {
    private AdamCpu() {
    }

    static void step(AdamParams p, int step, float[] w, float[] grad, float[] m, float[] v, float[] vMax) {
        float lr = p.lr();
        float weight = (float) (1 - p.beta1());
        float beta2 = (float) p.beta2();
        float oneMinusBeta2 = (float) (1 - p.beta2());
        double bc1 = 1 - Math.pow(p.beta1(), step);
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(p.beta2(), step));
        float negStepSize = (float) (-lr / bc1);
        float decay = (float) (1 - (double) lr * p.weightDecay());
        for (int i = 0; i < w.length; i++) {
            float g = p.maximize() ? -grad[i] : grad[i];
            if (p.weightDecay() != 0f) {
                if (p.decoupledWeightDecay()) {
                    w[i] *= decay;
                } else {
                    g += p.weightDecay() * w[i];
                }
            }
            m[i] = weight < 0.5f ? m[i] + weight * (g - m[i]) : g - (g - m[i]) * (1f - weight);
            v[i] = v[i] * beta2 + oneMinusBeta2 * g * g;
            float second = v[i];
            if (vMax != null) {
                vMax[i] = Math.max(vMax[i], v[i]);
                second = vMax[i];
            }
            float denom = (float) Math.sqrt(second) / bc2Sqrt + p.eps();
            w[i] += negStepSize * m[i] / denom;
        }
    }
}
