package dev.blitz.optim.lr;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.ParamGroup;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy, as {@code torch.optim.lr_scheduler.OneCycleLR}: per batch, the learning rate rises from
 * {@code max_lr / div_factor} to {@code max_lr} over the first {@code pct_start} of {@code total_steps}, then falls
 * to {@code initial_lr / final_div_factor}; the momentum (SGD, RMSprop) or beta1 (Adam, AdamW) moves the other way,
 * between {@code max_momentum} and {@code base_momentum}. {@code threePhase} makes the fall symmetric to the rise and
 * adds a third phase down to the minimum, as in the paper. Not chainable: it sets the learning rates from its own
 * phases, not from the current ones.
 * <pre>{@code
 * OneCycleLR scheduler = new OneCycleLR(sgd, 0.1, epochs * batchesPerEpoch);
 * for (...) { ...; sgd.step(); scheduler.step(); }
 * }</pre>
 * Each phase anneals from its start value to its end value as {@code pct} goes from 0 to 1: by cosine,
 * {@code end + (start - end) / 2 * (cos(pi * pct) + 1)}, or linearly, {@code (end - start) * pct + start}.
 */
public final class OneCycleLR extends LRScheduler {
    /** How each phase moves from its start value to its end value, PyTorch's {@code anneal_strategy}. */
    public enum AnnealStrategy {
        /** Half a cosine, PyTorch's {@code "cos"} (the default). */
        COS,
        /** A straight line, PyTorch's {@code "linear"}. */
        LINEAR
    }

    private enum Point { INITIAL, MAX, MIN }

    private record Phase(double endStep, Point startLr, Point endLr, boolean startAtMaxMomentum,
                         boolean endAtMaxMomentum) {
    }

    private final int totalSteps;
    private final AnnealStrategy anneal;
    private final boolean cycleMomentum;
    private final Phase[] phases;
    private final double[] initialLrs;
    private final double[] maxLrs;
    private final double[] minLrs;
    private final double maxMomentum;
    private final double baseMomentum;

    /**
     * A OneCycleLR with PyTorch's defaults: 30% rising, cosine annealing, momentum cycled between 0.85 and 0.95,
     * {@code div_factor} 25, {@code final_div_factor} 1e4, two phases.
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param maxLr the peak learning rate of every group
     * @param totalSteps the steps in the cycle, {@code >= 1}
     * @throws IllegalArgumentException as {@link Builder#build()}
     */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(builder(optimizer, maxLr, totalSteps));
    }

    private OneCycleLR(Builder b) {
        super(b.optimizer);
        List<? extends ParamGroup> groups = b.optimizer.paramGroups();
        if (b.totalSteps <= 0) {
            throw new IllegalArgumentException("Expected positive integer total_steps, but got " + b.totalSteps);
        }
        if (!(b.pctStart >= 0 && b.pctStart <= 1)) {
            throw new IllegalArgumentException("Expected float between 0 and 1 pct_start, but got " + b.pctStart);
        }
        if (b.maxLrs.length != 1 && b.maxLrs.length != groups.size()) {
            throw new IllegalArgumentException("max_lr must have the same length as optimizer.param_groups. max_lr "
                    + "has " + b.maxLrs.length + " values, param_groups has " + groups.size() + ".");
        }
        if (b.cycleMomentum && !groups.stream().allMatch(ParamGroup::hasMomentumOrBeta1)) {
            throw new IllegalArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option "
                    + "enabled (" + b.optimizer.getClass().getSimpleName() + " has neither)");
        }
        totalSteps = b.totalSteps;
        anneal = b.anneal;
        cycleMomentum = b.cycleMomentum;
        maxMomentum = b.maxMomentum;
        baseMomentum = b.baseMomentum;
        double rise = b.pctStart * totalSteps;
        phases = b.threePhase
                ? new Phase[] {
                    new Phase(rise - 1, Point.INITIAL, Point.MAX, true, false),
                    new Phase(2 * b.pctStart * totalSteps - 2, Point.MAX, Point.INITIAL, false, true),
                    new Phase(totalSteps - 1, Point.INITIAL, Point.MIN, true, true)}
                : new Phase[] {
                    new Phase(rise - 1, Point.INITIAL, Point.MAX, true, false),
                    new Phase(totalSteps - 1, Point.MAX, Point.MIN, false, true)};
        int n = groups.size();
        initialLrs = new double[n];
        maxLrs = new double[n];
        minLrs = new double[n];
        for (int i = 0; i < n; i++) {
            maxLrs[i] = b.maxLrs.length == 1 ? b.maxLrs[0] : b.maxLrs[i];
            initialLrs[i] = maxLrs[i] / b.divFactor;
            minLrs[i] = initialLrs[i] / b.finalDivFactor;
            // PyTorch overwrites initial_lr (other schedulers only set it when absent): it is this schedule's start.
            groups.get(i).setInitialLr(initialLrs[i]);
            if (cycleMomentum) {
                groups.get(i).setMomentumOrBeta1(maxMomentum);
            }
        }
        start();
    }

    /**
     * Starts a OneCycleLR with other values than PyTorch's defaults.
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param maxLr the peak learning rate of every group
     * @param totalSteps the steps in the cycle ({@code epochs * steps_per_epoch}), {@code >= 1}
     * @return a builder
     */
    public static Builder builder(Optimizer optimizer, double maxLr, int totalSteps) {
        return new Builder(optimizer, new double[] {maxLr}, totalSteps);
    }

    /**
     * Starts a OneCycleLR with a peak learning rate per parameter group.
     *
     * @param optimizer the optimizer whose learning rates it sets
     * @param maxLrs one peak learning rate per group (copied)
     * @param totalSteps the steps in the cycle, {@code >= 1}
     * @return a builder
     */
    public static Builder builder(Optimizer optimizer, double[] maxLrs, int totalSteps) {
        return new Builder(optimizer, maxLrs.clone(), totalSteps);
    }

    @Override
    protected double[] getLr() {
        List<? extends ParamGroup> groups = groups();
        int stepNum = lastEpoch();
        if (stepNum > totalSteps) {
            throw new IllegalStateException("Tried to step " + stepNum + " times. The specified number of total "
                    + "steps is " + totalSteps);
        }
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            double startStep = 0;
            for (int j = 0; j < phases.length; j++) {
                Phase phase = phases[j];
                if (stepNum <= phase.endStep || j == phases.length - 1) {
                    if (phase.endStep == startStep) {
                        throw new IllegalStateException("OneCycleLR: phase " + (j + 1) + " of the schedule is empty "
                                + "(it starts and ends at step " + startStep + "), so step " + stepNum + " cannot be "
                                + "placed in it (PyTorch divides by zero here); change pct_start or total_steps");
                    }
                    double pct = (stepNum - startStep) / (phase.endStep - startStep);
                    lrs[i] = anneal(value(phase.startLr, i), value(phase.endLr, i), pct);
                    if (cycleMomentum) {
                        groups.get(i).setMomentumOrBeta1(anneal(phase.startAtMaxMomentum ? maxMomentum : baseMomentum,
                                phase.endAtMaxMomentum ? maxMomentum : baseMomentum, pct));
                    }
                    break;
                }
                startStep = phase.endStep;
            }
        }
        return lrs;
    }

    private double value(Point point, int group) {
        return switch (point) {
            case INITIAL -> initialLrs[group];
            case MAX -> maxLrs[group];
            case MIN -> minLrs[group];
        };
    }

    private double anneal(double start, double end, double pct) {
        if (anneal == AnnealStrategy.LINEAR) {
            return (end - start) * pct + start;
        }
        double cosOut = Math.cos(Math.PI * pct) + 1;
        return end + (start - end) / 2.0 * cosOut;
    }

    @Override
    protected Map<String, Tensor> hyperParameters() {
        Map<String, Tensor> h = new LinkedHashMap<>();
        h.put("total_steps", States.int64(totalSteps));
        for (int j = 0; j < phases.length; j++) {
            h.put("_schedule_phases." + j + ".end_step", States.float64(phases[j].endStep));
        }
        h.put("cycle_momentum", States.bool(cycleMomentum));
        return h;
    }

    /** Options for {@link OneCycleLR}; each defaults to PyTorch's. */
    public static final class Builder {
        private final Optimizer optimizer;
        private final double[] maxLrs;
        private final int totalSteps;
        private double pctStart = 0.3;
        private AnnealStrategy anneal = AnnealStrategy.COS;
        private boolean cycleMomentum = true;
        private double baseMomentum = 0.85;
        private double maxMomentum = 0.95;
        private double divFactor = 25;
        private double finalDivFactor = 1e4;
        private boolean threePhase;

        private Builder(Optimizer optimizer, double[] maxLrs, int totalSteps) {
            this.optimizer = optimizer;
            this.maxLrs = maxLrs;
            this.totalSteps = totalSteps;
        }

        /**
         * Sets the share of the cycle spent raising the learning rate.
         *
         * @param value in {@code [0, 1]}; default 0.3
         * @return this builder
         */
        public Builder pctStart(double value) {
            pctStart = value;
            return this;
        }

        /**
         * Sets how each phase anneals.
         *
         * @param value default {@link AnnealStrategy#COS}
         * @return this builder
         */
        public Builder annealStrategy(AnnealStrategy value) {
            anneal = value;
            return this;
        }

        /**
         * Turns momentum cycling on or off.
         *
         * @param value default true; needs an optimizer with momentum or betas
         * @return this builder
         */
        public Builder cycleMomentum(boolean value) {
            cycleMomentum = value;
            return this;
        }

        /**
         * Sets the momentum at the learning rate's peak.
         *
         * @param value default 0.85
         * @return this builder
         */
        public Builder baseMomentum(double value) {
            baseMomentum = value;
            return this;
        }

        /**
         * Sets the momentum at the cycle's start and end.
         *
         * @param value default 0.95
         * @return this builder
         */
        public Builder maxMomentum(double value) {
            maxMomentum = value;
            return this;
        }

        /**
         * Sets the initial learning rate as {@code max_lr / div_factor}.
         *
         * @param value default 25
         * @return this builder
         */
        public Builder divFactor(double value) {
            divFactor = value;
            return this;
        }

        /**
         * Sets the final learning rate as {@code initial_lr / final_div_factor}.
         *
         * @param value default 1e4
         * @return this builder
         */
        public Builder finalDivFactor(double value) {
            finalDivFactor = value;
            return this;
        }

        /**
         * Uses three phases: up, down to the initial learning rate symmetrically, then down to the minimum.
         *
         * @param value default false
         * @return this builder
         */
        public Builder threePhase(boolean value) {
            threePhase = value;
            return this;
        }

        /**
         * Checks the options, sets each group's {@code initial_lr} (and momentum or beta1), and makes the scheduler,
         * which takes its first step.
         *
         * @return a new OneCycleLR
         * @throws IllegalArgumentException if {@code totalSteps < 1}, {@code pctStart} is outside {@code [0, 1]},
         *     {@code maxLrs} does not have one value per group, or momentum is cycled for an optimizer without it
         * @throws IllegalStateException if the first phase is empty ({@code pctStart * totalSteps == 1})
         */
        public OneCycleLR build() {
            return new OneCycleLR(this);
        }
    }

    @Override
    public String toString() {
        return "OneCycleLR(total_steps=" + totalSteps + ", max_lr=" + Arrays.toString(maxLrs) + ", last_epoch="
                + lastEpoch() + ")";
    }
}
