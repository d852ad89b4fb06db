package dev.blitz.optim;

import dev.blitz.core.Shape;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adagrad as {@code torch.optim.Adagrad}: each step divides the gradient by the root of the sum of its squares so
 * far, with a learning rate that decays with the step count, L2 weight decay and maximize.
 * {@code new Adagrad(net.parameters())} (lr 0.01), or
 * {@code Adagrad.builder(net.parameters(), 0.1).lrDecay(1e-3).initialAccumulatorValue(0.1).build()}.
 * <p>
 * The update is PyTorch's single-tensor one, op for op in float32, the decayed rate in double:
 * <pre>
 * g = grad (negated with maximize) + weight_decay * p
 * clr = lr / (1 + (step - 1) * lr_decay)
 * sum = sum + g * g                      (sum starts at initial_accumulator_value)
 * p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 * PyTorch makes every parameter's state ({@code step} 0, {@code sum}) when the optimizer is built; Blitz makes it at
 * the parameter's first step (from its group's {@code initial_accumulator_value} then), which gives the same
 * updates and also covers groups added later. It is composed of tensor ops, so it runs wherever the parameters are.
 */
public final class Adagrad extends Optimizer {
    private final Map<Tensor, State> states = new IdentityHashMap<>();

    /**
     * Adagrad with PyTorch's defaults: lr 0.01, no lr decay or weight decay, sums starting at 0, eps 1e-10.
     *
     * @param params the parameters to update, e.g. {@code net.parameters()}
     * @throws IllegalArgumentException if {@code params} is invalid
     */
    public Adagrad(List<Tensor> params) {
        this(params, 1e-2);
    }

    /**
     * Adagrad with PyTorch's defaults and the given learning rate, as {@code torch.optim.Adagrad(params, lr)}.
     *
     * @param params the parameters to update
     * @param lr the learning rate, {@code >= 0}
     * @throws IllegalArgumentException if {@code lr} is negative or not finite, or {@code params} is invalid
     */
    public Adagrad(List<Tensor> params, double lr) {
        this(params, new Builder(params, lr).defaults());
    }

    private Adagrad(List<Tensor> params, Map<String, Object> defaults) {
        super(params, defaults);
    }

    /**
     * Starts an Adagrad with other values or more parameter groups.
     *
     * @param params the parameters to update (group 0)
     * @param lr the learning rate, {@code >= 0} (PyTorch's default is 0.01)
     * @return a builder with PyTorch's defaults for the rest
     */
    public static Builder builder(List<Tensor> params, double lr) {
        return new Builder(params, lr);
    }

    @Override
    public List<Group> paramGroups() {
        return typedGroups();
    }

    /**
     * Adds a group whose values are this optimizer's defaults changed by {@code options}, as
     * {@code optimizer.add_param_group({...})}.
     *
     * @param params leaf tensors that require grad, none already in a group
     * @param options sets the group's own values, e.g. {@code g -> g.setLr(0.1)}
     * @throws IllegalArgumentException if a parameter is invalid or a value out of range
     */
    public void addParamGroup(List<Tensor> params, Consumer<Group> options) {
        addGroup(params, options);
    }

    @Override
    protected Group newGroup(List<Tensor> params, Map<String, Object> options) {
        return new Group(params, options);
    }

    @Override
    public void step() {
        try (var scope = MemoryScope.open(); var noGrad = GradMode.noGrad()) {
            for (Group group : paramGroups()) {
                for (Tensor p : group.params()) {
                    if (p.grad() != null) {
                        update(group, p, p.grad());
                    }
                }
            }
        }
    }

    private void update(Group group, Tensor p, Tensor grad) {
        State s = states.computeIfAbsent(p, k -> new State(0,
                MemoryScope.keepWith(k, Tensor.fullLike(k, group.initialAccumulatorValue()))));
        s.step++;
        if (group.maximize()) {
            grad = grad.neg();
        }
        if (group.weightDecay() != 0) {
            grad = grad.add(p.mul(group.weightDecay()));
        }
        double clr = group.lr() / (1 + (s.step - 1) * group.lrDecay());
        // state_sum.addcmul_(grad, grad, value=1); std = state_sum.sqrt().add_(eps);
        // param.addcdiv_(grad, std, value=-clr): (value * grad) / std, then the sum.
        s.sum.addInPlace(grad.mul(grad));
        Tensor std = s.sum.sqrt().addInPlace(group.eps());
        p.addInPlace(grad.mul(-clr).div(std));
    }

    @Override
    protected Map<String, Tensor> paramState(int index) {
        State s = states.get(params.get(index));
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (s != null) {
            // PyTorch keeps the step count as a float32 scalar tensor.
            out.put("step", Tensor.full(Shape.of(), s.step, s.sum.device()));
            out.put("sum", s.sum.detach());
        }
        return out;
    }

    @Override
    protected List<String> stateKeys(ParamGroup group) {
        return List.of("step", "sum");
    }

    @Override
    protected String invalidValue(int index, String key, Tensor value) {
        // PyTorch's state starts at step 0, before the first update.
        return key.equals("step") ? invalidStep(index, value, 0) : null;
    }

    @Override
    protected void loadParamState(int index, Map<String, Tensor> state) {
        Tensor p = params.get(index);
        if (state == null) {
            states.remove(p);
        } else {
            states.put(p, new State((int) state.get("step").item(), copyTo(state.get("sum"), p)));
        }
    }

    private static final class State {
        int step;
        final Tensor sum;

        State(int step, Tensor sum) {
            this.step = step;
            this.sum = sum;
        }
    }

    /**
     * A group of {@link Adagrad}'s parameters and its values: PyTorch's {@code lr}, {@code lr_decay}, {@code eps},
     * {@code weight_decay}, {@code initial_accumulator_value} and {@code maximize} keys.
     */
    public static final class Group extends ParamGroup {
        private Group(List<Tensor> params, Map<String, Object> options) {
            super("Adagrad", params, options);
        }

        /** {@return the learning rate decay: step t uses {@code lr / (1 + (t - 1) * lr_decay)}} */
        public double lrDecay() {
            return number("lr_decay");
        }

        /** {@return the term added to the denominator} */
        public double eps() {
            return number("eps");
        }

        /** {@return the L2 penalty added to the gradient} */
        public double weightDecay() {
            return number("weight_decay");
        }

        /** {@return the value the sums of squares start from} */
        public double initialAccumulatorValue() {
            return number("initial_accumulator_value");
        }

        /** {@return whether the step ascends the gradient} */
        public boolean maximize() {
            return flag("maximize");
        }

        @Override
        public Group setLr(double lr) {
            super.setLr(lr);
            return this;
        }

        /**
         * Sets the learning rate decay.
         *
         * @param value {@code >= 0}
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setLrDecay(double value) {
            set("lr_decay", value);
            return this;
        }

        /**
         * Sets the term added to the denominator.
         *
         * @param value {@code >= 0}
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setEps(double value) {
            set("eps", value);
            return this;
        }

        /**
         * Sets the L2 penalty.
         *
         * @param value {@code >= 0}
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setWeightDecay(double value) {
            set("weight_decay", value);
            return this;
        }

        /**
         * Sets the value the sums of squares start from, for parameters not stepped yet.
         *
         * @param value {@code >= 0}
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setInitialAccumulatorValue(double value) {
            set("initial_accumulator_value", value);
            return this;
        }

        /**
         * Makes the step ascend the gradient instead of descending it.
         *
         * @param value true to maximize
         * @return this group
         */
        public Group setMaximize(boolean value) {
            set("maximize", value);
            return this;
        }

        @Override
        protected void check(Map<String, Object> o) {
            checkNonNegative(o, "lr_decay", "lr_decay value");
            checkNonNegative(o, "weight_decay", "weight_decay value");
            checkNonNegative(o, "initial_accumulator_value", "initial_accumulator_value value");
            checkNonNegative(o, "eps", "epsilon value");
        }
    }

    /** Options for {@link Adagrad}; each defaults to PyTorch's. */
    public static final class Builder {
        private final List<Tensor> params;
        private final double lr;
        private double lrDecay;
        private double weightDecay;
        private double initialAccumulatorValue;
        private double eps = 1e-10;
        private boolean maximize;
        private final List<List<Tensor>> groupParams = new ArrayList<>();
        private final List<Consumer<Group>> groupOptions = new ArrayList<>();

        private Builder(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = lr;
        }

        /**
         * Sets the learning rate decay: step t uses {@code lr / (1 + (t - 1) * lr_decay)}.
         *
         * @param value {@code >= 0}; default 0
         * @return this builder
         */
        public Builder lrDecay(double value) {
            lrDecay = value;
            return this;
        }

        /**
         * Sets the L2 penalty added to the gradient.
         *
         * @param value {@code >= 0}; default 0
         * @return this builder
         */
        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        /**
         * Sets the value the sums of squares start from.
         *
         * @param value {@code >= 0}; default 0
         * @return this builder
         */
        public Builder initialAccumulatorValue(double value) {
            initialAccumulatorValue = value;
            return this;
        }

        /**
         * Sets the term added to the denominator for stability.
         *
         * @param value {@code >= 0}; default 1e-10
         * @return this builder
         */
        public Builder eps(double value) {
            eps = value;
            return this;
        }

        /**
         * Makes the step ascend the gradient instead of descending it.
         *
         * @param value default false
         * @return this builder
         */
        public Builder maximize(boolean value) {
            maximize = value;
            return this;
        }

        /**
         * Adds a parameter group with this builder's values changed by {@code options}.
         *
         * @param params the group's parameters
         * @param options sets the group's own values; {@code g -> { }} for none
         * @return this builder
         */
        public Builder group(List<Tensor> params, Consumer<Group> options) {
            groupParams.add(params);
            groupOptions.add(options);
            return this;
        }

        Map<String, Object> defaults() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("lr", lr);
            d.put("lr_decay", lrDecay);
            d.put("eps", eps);
            d.put("weight_decay", weightDecay);
            d.put("initial_accumulator_value", initialAccumulatorValue);
            d.put("maximize", maximize);
            return d;
        }

        /**
         * Checks the options and makes the optimizer.
         *
         * @return a new Adagrad
         * @throws IllegalArgumentException if a value is negative or not finite, or a parameter list is invalid
         */
        public Adagrad build() {
            Adagrad adagrad = new Adagrad(params, defaults());
            for (int i = 0; i < groupParams.size(); i++) {
                adagrad.addParamGroup(groupParams.get(i), groupOptions.get(i));
            }
            return adagrad;
        }
    }
}
