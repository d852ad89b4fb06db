package dev.blitz.optim.lr;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.ParamGroup;
import dev.blitz.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scales each group's learning rate by a factor that goes linearly from {@code start_factor} to
 * {@code end_factor} over {@code total_iters} epochs, then stays, as {@code torch.optim.lr_scheduler.LinearLR};
 * a warm-up: with lr 0.05, {@code new LinearLR(sgd, 0.5, 1, 4)} gives 0.025, 0.03125, 0.0375, 0.04375, then 0.05.
 * {@link #step()} computes PyTorch's recursive form,
 * {@code lr * (1 + (end - start) / (total_iters * start + (t - 1) * (end - start)))}.
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /**
     * A LinearLR with PyTorch's defaults: from a third of the learning rate to all of it over 5 epochs.
     *
     * @param optimizer the optimizer whose learning rates it sets
     */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    /**
     * A LinearLR, as {@code LinearLR(optimizer, start_factor, end_factor, total_iters)}; takes the first step
     * (epoch 0: the learning rates times {@code startFactor}).
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param startFactor the factor at epoch 0, in {@code (0, 1]}
     * @param endFactor the factor from epoch {@code totalIters} on, in {@code [0, 1]}
     * @param totalIters the epochs of the ramp, {@code >= 1}
     * @throws IllegalArgumentException if a factor or {@code totalIters} is out of range
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: Starting multiplicative factor expected to be greater than 0 "
                    + "and less or equal to 1, got " + startFactor);
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: Ending multiplicative factor expected to be between 0 and 1, "
                    + "got " + endFactor);
        }
        if (totalIters < 1) {
            throw new IllegalArgumentException("LinearLR: total_iters must be >= 1, got " + totalIters);
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        start();
    }

    @Override
    protected double[] getLr() {
        List<? extends ParamGroup> groups = groups();
        int t = lastEpoch();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            double lr = groups.get(i).lr();
            if (t == 0) {
                lrs[i] = lr * startFactor;
            } else if (t > totalIters) {
                lrs[i] = lr;
            } else {
                lrs[i] = lr * (1.0 + (endFactor - startFactor)
                        / (totalIters * startFactor + (t - 1) * (endFactor - startFactor)));
            }
        }
        return lrs;
    }

    /** {@code base_lr * (start + (end - start) * min(total_iters, last_epoch) / total_iters)}. */
    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] *= startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch()) / totalIters;
        }
        return lrs;
    }

    @Override
    protected Map<String, Tensor> hyperParameters() {
        Map<String, Tensor> h = new LinkedHashMap<>();
        h.put("start_factor", States.float64(startFactor));
        h.put("end_factor", States.float64(endFactor));
        h.put("total_iters", States.int64(totalIters));
        return h;
    }
}
