package dev.blitz.optim.lr;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.ParamGroup;
import dev.blitz.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiplies each group's learning rate by {@code gamma} every {@code step_size} epochs, as
 * {@code torch.optim.lr_scheduler.StepLR}: with lr 0.05, {@code new StepLR(sgd, 30, 0.1)} gives 0.05 for epochs
 * 0-29, 0.005 for 30-59, 0.0005 for 60-89, ...
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /**
     * A StepLR with PyTorch's default {@code gamma} of 0.1.
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param stepSize the period of the decay, in epochs, {@code >= 1}
     * @throws IllegalArgumentException if {@code stepSize < 1}
     */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    /**
     * A StepLR, as {@code StepLR(optimizer, step_size, gamma)}; takes the first step (epoch 0, the learning rates
     * unchanged).
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param stepSize the period of the decay, in epochs, {@code >= 1}
     * @param gamma the factor of each decay
     * @throws IllegalArgumentException if {@code stepSize < 1}
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR: step_size must be >= 1, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
        start();
    }

    @Override
    protected double[] getLr() {
        List<? extends ParamGroup> groups = groups();
        double[] lrs = new double[groups.size()];
        boolean decay = lastEpoch() != 0 && lastEpoch() % stepSize == 0;
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = decay ? groups.get(i).lr() * gamma : groups.get(i).lr();
        }
        return lrs;
    }

    /** {@code base_lr * gamma ** (last_epoch // step_size)}. */
    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] *= Math.pow(gamma, Math.floorDiv(lastEpoch(), stepSize));
        }
        return lrs;
    }

    @Override
    protected Map<String, Tensor> hyperParameters() {
        Map<String, Tensor> h = new LinkedHashMap<>();
        h.put("step_size", States.int64(stepSize));
        h.put("gamma", States.float64(gamma));
        return h;
    }
}
