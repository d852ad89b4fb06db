package dev.blitz.optim.lr;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.ParamGroup;
import dev.blitz.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anneals each group's learning rate from its base value to {@code eta_min} along half a cosine over
 * {@code T_max} epochs, then back up (a full period is {@code 2 T_max}), as
 * {@code torch.optim.lr_scheduler.CosineAnnealingLR}. The closed form is
 * {@code eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2}; {@link #step()} computes PyTorch's
 * recursive form from the current learning rate,
 * {@code eta_min + (lr - eta_min) * (1 + cos(pi * t / T_max)) / (1 + cos(pi * (t - 1) / T_max))}
 * (at {@code t - 1 - T_max} a multiple of {@code 2 T_max}, where that divides by zero,
 * {@code lr + (base_lr - eta_min) * (1 - cos(pi / T_max)) / 2}), so its values are PyTorch's to the last bit
 * rather than the closed form's.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /**
     * A CosineAnnealingLR down to 0.
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param tMax the epochs of the descent (PyTorch's {@code T_max}), {@code >= 1}
     * @throws IllegalArgumentException if {@code tMax < 1}
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    /**
     * A CosineAnnealingLR, as {@code CosineAnnealingLR(optimizer, T_max, eta_min)}; takes the first step (epoch 0,
     * the learning rates unchanged).
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param tMax the epochs of the descent (PyTorch's {@code T_max}), {@code >= 1}
     * @param etaMin the lowest learning rate
     * @throws IllegalArgumentException if {@code tMax < 1}
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR: T_max must be >= 1, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
        start();
    }

    @Override
    protected double[] getLr() {
        List<? extends ParamGroup> groups = groups();
        double[] base = baseLrs();
        int t = lastEpoch();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            double lr = groups.get(i).lr();
            if (t == 0) {
                lrs[i] = lr;
            } else if (stepCount() == 1 && t > 0) {
                lrs[i] = etaMin + (base[i] - etaMin) * (1 + Math.cos(t * Math.PI / tMax)) / 2;
            } else if ((t - 1 - tMax) % (2 * tMax) == 0) {
                lrs[i] = lr + (base[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * t / tMax)) / (1 + Math.cos(Math.PI * (t - 1) / tMax))
                        * (lr - etaMin) + etaMin;
            }
        }
        return lrs;
    }

    /** {@code eta_min + (base_lr - eta_min) * (1 + cos(pi * last_epoch / T_max)) / 2}. */
    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = etaMin + (lrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch() / tMax)) / 2;
        }
        return lrs;
    }

    @Override
    protected Map<String, Tensor> hyperParameters() {
        Map<String, Tensor> h = new LinkedHashMap<>();
        h.put("T_max", States.int64(tMax));
        h.put("eta_min", States.float64(etaMin));
        return h;
    }
}
