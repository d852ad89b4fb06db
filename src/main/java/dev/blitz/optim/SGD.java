package dev.blitz.optim;

import dev.blitz.backend.SgdParams;
import dev.blitz.tensor.SgdOp;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stochastic gradient descent with PyTorch's exact rules for momentum, dampening, Nesterov momentum, weight
 * decay and maximize. {@code new SGD(net.parameters(), 0.01)}, or
 * {@code SGD.builder(net.parameters(), 0.01).momentum(0.9).nesterov(true).build()}; parameter groups with their
 * own values through {@link Builder#group} or {@link #addParamGroup(List, Consumer)}.
 */
public final class SGD extends Optimizer {
    private final Map<Tensor, Tensor> momentumBuffers = new IdentityHashMap<>();

    /**
     * Plain SGD ({@code p -= lr * grad}), as {@code torch.optim.SGD(params, lr)}; {@link #builder} for the other
     * options.
     *
     * @param params the parameters to update, e.g. {@code net.parameters()}
     * @param lr the learning rate, {@code >= 0}
     * @throws IllegalArgumentException if {@code lr} is negative or not finite, or {@code params} is invalid
     */
    public SGD(List<Tensor> params, double lr) {
        this(params, new Builder(params, lr).defaults());
    }

    private SGD(List<Tensor> params, Map<String, Object> defaults) {
        super(params, defaults);
    }

    /**
     * Starts an SGD with momentum, dampening, weight decay, Nesterov, maximize or more parameter groups.
     *
     * @param params the parameters to update (group 0)
     * @param lr the learning rate, {@code >= 0}
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
     * {@code optimizer.add_param_group({"params": params, "lr": 0.1})}:
     * {@code sgd.addParamGroup(head.parameters(), g -> g.setLr(0.1).setMomentum(0))}.
     *
     * @param params leaf tensors that require grad, none already in a group
     * @param options sets the group's own values
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
        for (Group group : paramGroups()) {
            SgdParams hyper = group.hyper();
            for (Tensor p : group.params()) {
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                boolean first = false;
                Tensor buf = null;
                if (hyper.momentum() != 0f) {
                    buf = momentumBuffers.get(p);
                    if (buf == null || !buf.device().equals(p.device())) {
                        if (buf != null) {
                            buf.close();
                        }
                        buf = ownedBy(p);
                        momentumBuffers.put(p, buf);
                        first = true;
                    }
                }
                SgdOp.step(hyper, p, grad, buf, first);
            }
        }
    }

    /**
     * The momentum buffer of one parameter, as PyTorch's {@code optimizer.state[p]["momentum_buffer"]}.
     *
     * @param param one of this optimizer's parameters
     * @return the buffer itself (updated by each step), or null before the first step or without momentum
     */
    public Tensor momentumBuffer(Tensor param) {
        return momentumBuffers.get(param);
    }

    @Override
    protected Map<String, Tensor> paramState(int index) {
        Tensor buf = momentumBuffers.get(params.get(index));
        return buf == null ? Map.of() : Map.of("momentum_buffer", buf.detach());
    }

    @Override
    protected List<String> stateKeys(ParamGroup group) {
        return ((Group) group).momentum() != 0 ? List.of("momentum_buffer") : List.of();
    }

    @Override
    protected void loadParamState(int index, Map<String, Tensor> state) {
        Tensor p = params.get(index);
        if (state == null) {
            momentumBuffers.remove(p);
        } else if (state.containsKey("momentum_buffer")) {
            momentumBuffers.put(p, copyTo(state.get("momentum_buffer"), p));
        }
    }

    /** A group of {@link SGD}'s parameters and its values: PyTorch's {@code lr}, {@code momentum}, ... keys. */
    public static final class Group extends ParamGroup {
        private Group(List<Tensor> params, Map<String, Object> options) {
            super("SGD", params, options);
        }

        /** {@return the momentum factor; 0 for none} */
        public double momentum() {
            return number("momentum");
        }

        /** {@return the dampening of the gradient's share in the momentum} */
        public double dampening() {
            return number("dampening");
        }

        /** {@return the L2 penalty added to the gradient} */
        public double weightDecay() {
            return number("weight_decay");
        }

        /** {@return whether Nesterov momentum is used} */
        public boolean nesterov() {
            return flag("nesterov");
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
         * Sets the momentum factor.
         *
         * @param value {@code >= 0}; 0 disables momentum (not with Nesterov)
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setMomentum(double value) {
            set("momentum", value);
            return this;
        }

        /**
         * Sets the dampening.
         *
         * @param value {@code >= 0}; must be 0 with Nesterov
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setDampening(double value) {
            set("dampening", value);
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
         * Turns Nesterov momentum on or off.
         *
         * @param value true needs momentum {@code > 0} and zero dampening
         * @return this group
         * @throws IllegalArgumentException if the momentum or dampening does not allow it
         */
        public Group setNesterov(boolean value) {
            set("nesterov", value);
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

        SgdParams hyper() {
            return new SgdParams((float) lr(), (float) momentum(), (float) dampening(), (float) weightDecay(),
                    nesterov(), maximize());
        }

        @Override
        protected void check(Map<String, Object> o) {
            checkNonNegative(o, "momentum", "momentum value");
            checkNonNegative(o, "dampening", "dampening value");
            checkNonNegative(o, "weight_decay", "weight_decay value");
            float momentum = (float) (double) (Double) o.get("momentum");
            float dampening = (float) (double) (Double) o.get("dampening");
            if ((Boolean) o.get("nesterov") && (momentum == 0f || dampening != 0f)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero "
                        + "dampening, got momentum=" + momentum + ", dampening=" + dampening);
            }
        }
    }

    /** Options for {@link SGD}; each defaults to PyTorch's (0 / false). */
    public static final class Builder {
        private final List<Tensor> params;
        private final double lr;
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;
        private boolean maximize;
        private final List<List<Tensor>> groupParams = new ArrayList<>();
        private final List<Consumer<Group>> groupOptions = new ArrayList<>();

        private Builder(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = lr;
        }

        /**
         * Sets the momentum factor.
         *
         * @param value {@code >= 0}; 0 (the default) disables momentum
         * @return this builder
         */
        public Builder momentum(double value) {
            momentum = value;
            return this;
        }

        /**
         * Sets the dampening of the gradient's share in the momentum.
         *
         * @param value {@code >= 0}; default 0
         * @return this builder
         */
        public Builder dampening(double value) {
            dampening = value;
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
         * Turns Nesterov momentum on or off; it needs momentum {@code > 0} and zero dampening.
         *
         * @param value default false
         * @return this builder
         */
        public Builder nesterov(boolean value) {
            nesterov = value;
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
         * Adds a parameter group with this builder's values changed by {@code options}, as a dict in PyTorch's
         * list of groups: {@code .group(head.parameters(), g -> g.setLr(0.1))}.
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
            d.put("momentum", momentum);
            d.put("dampening", dampening);
            d.put("weight_decay", weightDecay);
            d.put("nesterov", nesterov);
            d.put("maximize", maximize);
            return d;
        }

        /**
         * Checks the options and makes the optimizer.
         *
         * @return a new SGD
         * @throws IllegalArgumentException if a value is negative or not finite, Nesterov is asked for without
         *     momentum or with dampening, or a parameter list is invalid
         */
        public SGD build() {
            SGD sgd = new SGD(params, defaults());
            for (int i = 0; i < groupParams.size(); i++) {
                sgd.addParamGroup(groupParams.get(i), groupOptions.get(i));
            }
            return sgd;
        }
    }
}
