package dev.blitz.optim.lr;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.ParamGroup;
import dev.blitz.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Multiplies each group's learning rate by {@code gamma} every epoch, as
 * {@code torch.optim.lr_scheduler.ExponentialLR}: epoch {@code t} has {@code lr * gamma^t}.
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    /**
     * An ExponentialLR, as {@code ExponentialLR(optimizer, gamma)}; takes the first step (epoch 0, the learning
     * rates unchanged).
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param gamma the factor per epoch
     */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        start();
    }

    @Override
    protected double[] getLr() {
        List<? extends ParamGroup> groups = groups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lastEpoch() == 0 ? groups.get(i).lr() : groups.get(i).lr() * gamma;
        }
        return lrs;
    }

    /** {@code base_lr * gamma ** last_epoch}. */
    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] *= Math.pow(gamma, lastEpoch());
        }
        return lrs;
    }

    @Override
    protected Map<String, Tensor> hyperParameters() {
        return Map.of("gamma", States.float64(gamma));
    }
}
