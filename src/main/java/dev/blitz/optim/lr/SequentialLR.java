package dev.blitz.optim.lr;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.ParamGroup;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs schedulers one after another, switching at milestone epochs, as
 * {@code torch.optim.lr_scheduler.SequentialLR}: a warm-up then a decay,
 * <pre>{@code
 * LinearLR warmup = new LinearLR(sgd, 0.1, 1, 5);
 * CosineAnnealingLR decay = new CosineAnnealingLR(sgd, 95);
 * SequentialLR scheduler = new SequentialLR(sgd, List.of(warmup, decay), 5);
 * }</pre>
 * Building it resets the learning rates to each group's {@code initial_lr}, undoes the first step the schedulers
 * took when they were built, and takes the first scheduler's first step. At a milestone the next scheduler jumps to
 * its epoch 0 (by its closed form, where it has one, as PyTorch's {@code step(0)}).
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    /**
     * A SequentialLR, as {@code SequentialLR(optimizer, schedulers, milestones)}.
     *
     * @param optimizer the optimizer every scheduler was built on
     * @param schedulers the schedulers, in order (not themselves SequentialLRs)
     * @param milestones the epochs at which the next scheduler takes over, increasing, one fewer than the
     *     schedulers
     * @throws IllegalArgumentException if there is no scheduler, the schedulers belong to different optimizers or
     *     not to {@code optimizer}, the milestones are not one fewer or not increasing, or a scheduler is a
     *     SequentialLR
     */
    public SequentialLR(Optimizer optimizer, List<? extends LRScheduler> schedulers, int... milestones) {
        super(optimizer);
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("SequentialLR expects at least one scheduler, but got no scheduler.");
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer() != schedulers.get(0).optimizer()) {
                throw new IllegalArgumentException("Sequential Schedulers expects all schedulers to belong to the same "
                        + "optimizer, but got schedulers at index 0 and " + i + " to be different");
            }
        }
        if (schedulers.get(0).optimizer() != optimizer) {
            throw new IllegalArgumentException("Sequential Schedulers expects all schedulers to belong to the same "
                    + "optimizer, but got schedulers at index 0 to be different than the optimizer passed in.");
        }
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("Sequential Schedulers expects number of schedulers provided to be one "
                    + "more than the number of milestone points, but got number of schedulers " + schedulers.size()
                    + " and the number of milestones to be equal to " + milestones.length);
        }
        for (int i = 1; i < milestones.length; i++) {
            if (milestones[i] <= milestones[i - 1]) {
                throw new IllegalArgumentException("SequentialLR: milestones must be increasing, got "
                        + Arrays.toString(milestones));
            }
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i) instanceof SequentialLR) {
                throw new IllegalArgumentException("SequentialLR: the scheduler at index " + i + " is a SequentialLR; "
                        + "list its schedulers and milestones in one SequentialLR instead");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        lastEpoch = 0;
        for (ParamGroup group : optimizer.paramGroups()) {
            group.setLr(group.initialLr().orElseThrow());
        }
        for (LRScheduler s : this.schedulers) {
            s.lastEpoch--;
        }
        this.schedulers.get(0).initialStep();
        lastLr = this.schedulers.get(0).lastLr.clone();
    }

    @Override
    public void step() {
        lastEpoch++;
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch) {
            idx++;
        }
        LRScheduler scheduler = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) {
            scheduler.step(0);
        } else {
            scheduler.step();
        }
        lastLr = scheduler.lastLr.clone();
    }

    @Override
    void step(int epoch) {
        throw new UnsupportedOperationException("SequentialLR cannot jump to an epoch");
    }

    /** Not used: each step is the current scheduler's. */
    @Override
    protected double[] getLr() {
        throw new UnsupportedOperationException("SequentialLR computes no learning rate itself; its schedulers do");
    }

    /** {@return the schedulers, in order} */
    public List<LRScheduler> schedulers() {
        return schedulers;
    }

    /**
     * The state as PyTorch's {@code SequentialLR.state_dict()}: {@code _milestones}, {@code last_epoch},
     * {@code _last_lr}, and each scheduler's state under {@code _schedulers.<i>.}.
     *
     * @return a new map
     */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("_milestones", States.int64(Arrays.stream(milestones).asLongStream().toArray()));
        out.put("last_epoch", States.int64(lastEpoch));
        out.put("_last_lr", States.float64(lastLr));
        for (int i = 0; i < schedulers.size(); i++) {
            for (var e : schedulers.get(i).stateDict().entrySet()) {
                out.put("_schedulers." + i + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Restores what {@link #stateDict()} gave, this scheduler's and each of its schedulers' state; nothing is loaded
     * unless all of it fits.
     *
     * @param state PyTorch's keys to tensors
     * @throws IllegalArgumentException listing what does not fit
     */
    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Tensor>> parts = new ArrayList<>();
        for (int i = 0; i < schedulers.size(); i++) {
            parts.add(new LinkedHashMap<>());
        }
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (var e : state.entrySet()) {
            String key = e.getKey();
            int index = childIndex(key);
            if (index >= 0) {
                parts.get(index).put(key.substring(key.indexOf('.', "_schedulers.".length()) + 1), e.getValue());
            } else {
                own.put(key, e.getValue());
            }
        }
        States.checkKeys(own, new LinkedHashSet<>(List.of("_milestones", "last_epoch", "_last_lr")), problems);
        Tensor saved = own.get("_milestones");
        Tensor mine = States.int64(Arrays.stream(milestones).asLongStream().toArray());
        if (saved != null && !States.sameValues(mine, saved)) {
            problems.add("_milestones is " + States.describe(saved) + " in the state but " + States.describe(mine)
                    + " in this SequentialLR");
        }
        double[] last = States.vector(own, "_last_lr", optimizer().paramGroups().size(), problems);
        long epoch = States.count(own, "last_epoch", 0, problems);
        List<Map<String, Tensor>> before = new ArrayList<>();
        for (LRScheduler s : schedulers) {
            before.add(s.stateDict());
        }
        if (problems.isEmpty()) {
            for (int i = 0; i < schedulers.size(); i++) {
                try {
                    schedulers.get(i).loadStateDict(parts.get(i));
                } catch (IllegalArgumentException e) {
                    problems.add("_schedulers." + i + ": " + e.getMessage().replace("\n\t", "\n\t\t"));
                }
            }
            if (!problems.isEmpty()) {
                for (int i = 0; i < schedulers.size(); i++) {
                    schedulers.get(i).loadStateDict(before.get(i));
                }
            }
        }
        States.throwIfAny("SequentialLR", problems);
        lastLr = last;
        lastEpoch = (int) epoch;
    }

    /** The scheduler index of a {@code _schedulers.<i>.<key>} name, or -1 for other names. */
    private int childIndex(String key) {
        if (!key.startsWith("_schedulers.")) {
            return -1;
        }
        int dot = key.indexOf('.', "_schedulers.".length());
        if (dot < 0) {
            return -1;
        }
        try {
            int i = Integer.parseInt(key.substring("_schedulers.".length(), dot));
            return i >= 0 && i < schedulers.size() ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
