package dev.blitz.backend.cpu;

import dev.blitz.backend.SgdParams;

/** One in-place SGD update with PyTorch's rules (weight decay, momentum with dampening, Nesterov, maximize). */
final class SgdCpu {
    private SgdCpu() {
    }

    static void step(SgdParams p, float[] w, float[] g, float[] buf, boolean firstStep) {
        float lr = p.lr();
        if (buf == null && p.weightDecay() == 0f && !p.maximize()) {
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * g[i];
            }
            return;
        }
        for (int i = 0; i < w.length; i++) {
            float d = p.maximize() ? -g[i] : g[i];
            if (p.weightDecay() != 0f) {
                d += p.weightDecay() * w[i];
            }
            if (buf != null) {
                buf[i] = firstStep ? d : p.momentum() * buf[i] + (1f - p.dampening()) * d;
                d = p.nesterov() ? d + p.momentum() * buf[i] : buf[i];
            }
            w[i] -= lr * d;
        }
    }
}
