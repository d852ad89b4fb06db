package dev.blitz.optim.lr;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.ParamGroup;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sets the learning rates of an optimizer's parameter groups as training goes, as
 * {@code torch.optim.lr_scheduler.LRScheduler}. Building a scheduler takes its first step (epoch 0), so the
 * optimizer already has the first learning rate; call {@link #step()} after each {@code optimizer.step()} (per
 * epoch or per batch, as the schedule is meant):
 * <pre>{@code
 * SGD sgd = SGD.builder(net.parameters(), 0.1).momentum(0.9).build();
 * LRScheduler scheduler = new StepLR(sgd, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train(net, sgd);
 *     scheduler.step();
 * }
 * }</pre>
 * Schedules are computed in double as PyTorch's are, in its chainable (recursive) form from each group's current
 * learning rate, so schedulers compose, and the values match {@code step()}'s in PyTorch rather than the closed
 * forms, which differ in the last bits. The first scheduler built on an optimizer records each group's
 * {@linkplain ParamGroup#initialLr() initial_lr}, the base learning rate of every scheduler built on it after.
 * <p>
 * A subclass sets its fields and ends its constructor with {@link #start()}.
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    double[] baseLrs = new double[0];
    int lastEpoch = -1;
    int stepCount;
    double[] lastLr = new double[0];

    /**
     * Attaches the scheduler to {@code optimizer}; the subclass's constructor then calls {@link #start()}.
     *
     * @param optimizer the optimizer whose learning rates it sets
     */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /**
     * Records each group's {@code initial_lr} unless a scheduler did already, takes them as the base learning
     * rates, and takes the first step (epoch 0), as PyTorch's constructor does with {@code last_epoch=-1}.
     */
    protected final void start() {
        for (ParamGroup group : optimizer.paramGroups()) {
            if (group.initialLr().isEmpty()) {
                group.setInitialLr(group.lr());
            }
        }
        baseLrs = optimizer.paramGroups().stream().mapToDouble(g -> g.initialLr().getAsDouble()).toArray();
        lastEpoch = -1;
        initialStep();
    }

    /** PyTorch's {@code _initial_step}: the step count starts over and epoch 0 is computed. */
    void initialStep() {
        stepCount = 0;
        step();
    }

    /** {@return the optimizer this scheduler sets the learning rates of} */
    public final Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Advances one epoch (or batch) and sets each group's learning rate to the schedule's next value, as
     * {@code scheduler.step()}.
     *
     * @throws IllegalStateException if the optimizer has gained parameter groups since this scheduler was built
     */
    public void step() {
        stepCount++;
        lastEpoch++;
        apply(getLr());
    }

    /**
     * PyTorch's deprecated {@code step(epoch)}, which {@code SequentialLR} uses at its milestones: jumps to
     * {@code epoch} and uses the closed form where the scheduler has one.
     */
    void step(int epoch) {
        stepCount++;
        lastEpoch = epoch;
        double[] closed = closedFormLr();
        apply(closed != null ? closed : getLr());
    }

    private void apply(double[] values) {
        List<? extends ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(values[i]);
        }
        lastLr = groups.stream().mapToDouble(ParamGroup::lr).toArray();
    }

    /**
     * The learning rates for {@link #lastEpoch()} in the schedule's chainable form, one per group, as PyTorch's
     * {@code get_lr()}: usually from each group's current learning rate. Called by {@link #step()}.
     *
     * @return one learning rate per parameter group
     * @throws IllegalStateException if the optimizer has gained parameter groups since this scheduler was built
     */
    protected abstract double[] getLr();

    /**
     * The learning rates for {@link #lastEpoch()} from the base learning rates, as PyTorch's
     * {@code _get_closed_form_lr()}; used where PyTorch jumps to an epoch (a {@link SequentialLR} milestone).
     *
     * @return one learning rate per group, or null for schedules without a closed form (the default)
     */
    protected double[] closedFormLr() {
        return null;
    }

    /**
     * The learning rates the last step set, one per parameter group, as {@code scheduler.get_last_lr()}.
     *
     * @return a new list
     */
    public List<Double> getLastLr() {
        List<Double> out = new ArrayList<>();
        for (double v : lastLr) {
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** {@return the index of the last step taken, PyTorch's {@code last_epoch}: 0 right after building} */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** {@return how many times {@link #step()} ran, the initial step included, PyTorch's {@code _step_count}} */
    protected final int stepCount() {
        return stepCount;
    }

    /**
     * The base learning rates, one per group, as PyTorch's {@code base_lrs}.
     *
     * @return a copy
     */
    protected final double[] baseLrs() {
        return baseLrs.clone();
    }

    /**
     * The optimizer's groups, checked to be the ones this scheduler was built for.
     *
     * @return the groups, as many as there are base learning rates
     * @throws IllegalStateException if the optimizer has gained groups since
     */
    protected final List<? extends ParamGroup> groups() {
        List<? extends ParamGroup> groups = optimizer.paramGroups();
        if (groups.size() != baseLrs.length) {
            throw new IllegalStateException(getClass().getSimpleName() + " was built for an optimizer with "
                    + baseLrs.length + " parameter group(s), which now has " + groups.size() + "; build the "
                    + "scheduler after adding the groups");
        }
        return groups;
    }

    /**
     * The schedule's own hyper-parameters under PyTorch's attribute names, for {@link #stateDict()}; {@link
     * #loadStateDict} requires a state's to be the same.
     *
     * @return CPU tensors by name, e.g. {@code step_size} (int64) and {@code gamma} (float64)
     */
    protected Map<String, Tensor> hyperParameters() {
        return Map.of();
    }

    /**
     * The scheduler's state as PyTorch's {@code scheduler.state_dict()}, with PyTorch's keys, as CPU tensors: the
     * hyper-parameters ({@link #hyperParameters()}), {@code base_lrs} and {@code _last_lr} (float64, one per group),
     * {@code last_epoch} and {@code _step_count} (int64 scalars). Save it with the optimizer's: the learning rates
     * themselves are in the optimizer's {@code param_groups}.
     *
     * @return a new map
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>(hyperParameters());
        out.put("base_lrs", States.float64(baseLrs));
        out.put("last_epoch", States.int64(lastEpoch));
        out.put("_step_count", States.int64(stepCount));
        out.put("_last_lr", States.float64(lastLr));
        return out;
    }

    /**
     * Restores what {@link #stateDict()} gave, so that the next {@link #step()} continues the schedule; load the
     * optimizer's state too (its groups hold the current learning rates). Unlike PyTorch, which takes the state's
     * hyper-parameters, the scheduler keeps the ones it was built with and refuses a state with others.
     *
     * @param state PyTorch's keys to tensors
     * @throws IllegalArgumentException listing every missing or unexpected key, size mismatch and hyper-parameter
     *     that differs; nothing is loaded then
     */
    public void loadStateDict(Map<String, Tensor> state) {
        List<String> problems = new ArrayList<>();
        Map<String, Tensor> expected = stateDict();
        States.checkKeys(state, expected.keySet(), problems);
        hyperParameters().forEach((key, mine) -> {
            Tensor theirs = state.get(key);
            if (theirs != null && !States.sameValues(mine, theirs)) {
                problems.add(key + " is " + States.describe(theirs) + " in the state but " + States.describe(mine)
                        + " in this " + getClass().getSimpleName());
            }
        });
        int groups = optimizer.paramGroups().size();
        double[] base = States.vector(state, "base_lrs", groups, problems);
        double[] last = States.vector(state, "_last_lr", groups, problems);
        long epoch = States.count(state, "last_epoch", -1, problems);
        long steps = States.count(state, "_step_count", 0, problems);
        States.throwIfAny(getClass().getSimpleName(), problems);
        baseLrs = base;
        lastLr = last;
        lastEpoch = (int) epoch;
        stepCount = (int) steps;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(last_epoch=" + lastEpoch + ", last_lr=" + Arrays.toString(lastLr) + ")";
    }
}
