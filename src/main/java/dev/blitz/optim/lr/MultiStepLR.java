package dev.blitz.optim.lr;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.ParamGroup;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiplies each group's learning rate by {@code gamma} at each milestone epoch, as
 * {@code torch.optim.lr_scheduler.MultiStepLR}: with lr 0.05, {@code new MultiStepLR(sgd, new int[] {30, 80}, 0.1)}
 * gives 0.05 before epoch 30, 0.005 until epoch 80, then 0.0005. A milestone listed twice decays twice there.
 */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    /**
     * A MultiStepLR with PyTorch's default {@code gamma} of 0.1.
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param milestones the epochs at which to decay (copied)
     */
    public MultiStepLR(Optimizer optimizer, int[] milestones) {
        this(optimizer, milestones, 0.1);
    }

    /**
     * A MultiStepLR, as {@code MultiStepLR(optimizer, milestones, gamma)}; takes the first step (epoch 0).
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param milestones the epochs at which to decay (copied)
     * @param gamma the factor of each decay
     */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        start();
    }

    @Override
    protected double[] getLr() {
        List<? extends ParamGroup> groups = groups();
        int times = 0;
        for (int m : milestones) {
            times += m == lastEpoch() ? 1 : 0;
        }
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = times == 0 ? groups.get(i).lr() : groups.get(i).lr() * Math.pow(gamma, times);
        }
        return lrs;
    }

    /** {@code base_lr * gamma ** bisect_right(milestones, last_epoch)}. */
    @Override
    protected double[] closedFormLr() {
        int passed = 0;
        for (int m : milestones) {
            passed += m <= lastEpoch() ? 1 : 0;
        }
        double[] lrs = baseLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] *= Math.pow(gamma, passed);
        }
        return lrs;
    }

    @Override
    protected Map<String, Tensor> hyperParameters() {
        Map<String, Tensor> h = new LinkedHashMap<>();
        h.put("milestones", States.int64(Arrays.stream(milestones).asLongStream().toArray()));
        h.put("gamma", States.float64(gamma));
        return h;
    }
}
