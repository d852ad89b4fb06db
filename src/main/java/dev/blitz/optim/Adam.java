package dev.blitz.optim;

import dev.blitz.backend.AdamParams;
import dev.blitz.core.Shape;
import dev.blitz.tensor.AdamOp;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adam with PyTorch's exact rules (bias correction, L2 weight decay added to the gradient, optional AMSGrad and
 * maximize): {@code new Adam(net.parameters(), 1e-3)}, or
 * {@code Adam.builder(net.parameters(), 1e-3).betas(0.9, 0.999).weightDecay(1e-4).build()}. {@link AdamW}
 * decouples the weight decay. Parameter groups with their own values through {@link Builder#group} or
 * {@link #addParamGroup(List, Consumer)}.
 */
public class Adam extends Optimizer {
    private final boolean decoupled;
    private final Map<Tensor, State> states = new IdentityHashMap<>();

    /**
     * Adam with PyTorch's defaults (betas 0.9 and 0.999, eps 1e-8, no weight decay), as
     * {@code torch.optim.Adam(params, lr)}; {@link #builder} for other values.
     *
     * @param params the parameters to update, e.g. {@code net.parameters()}
     * @param lr the learning rate, {@code >= 0}
     * @throws IllegalArgumentException if {@code lr} is negative or not finite, or {@code params} is invalid
     */
    public Adam(List<Tensor> params, double lr) {
        this(params, new Builder(params, lr, false).defaults(), false);
    }

    Adam(List<Tensor> params, Map<String, Object> defaults, boolean decoupled) {
        super(params, defaults);
        this.decoupled = decoupled;
    }

    /**
     * Starts an Adam with other betas, eps, weight decay, AMSGrad, maximize or more parameter groups.
     *
     * @param params the parameters to update (group 0)
     * @param lr the learning rate, {@code >= 0}
     * @return a builder with PyTorch's defaults for the rest
     */
    public static Builder builder(List<Tensor> params, double lr) {
        return new Builder(params, lr, false);
    }

    @Override
    public List<Group> paramGroups() {
        return typedGroups();
    }

    /**
     * Adds a group whose values are this optimizer's defaults changed by {@code options}, as
     * {@code optimizer.add_param_group({"params": params, "lr": 1e-4})}:
     * {@code adam.addParamGroup(head.parameters(), g -> g.setLr(1e-4))}.
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
        return new Group(getClass().getSimpleName(), params, options);
    }

    @Override
    public void step() {
        for (Group group : paramGroups()) {
            AdamParams hyper = group.hyper(decoupled);
            for (Tensor p : group.params()) {
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                State s = states.get(p);
                if (s == null) {
                    s = new State(0, ownedBy(p), ownedBy(p), null);
                    states.put(p, s);
                }
                if (hyper.amsgrad() && s.maxExpAvgSq == null) {
                    s.maxExpAvgSq = ownedBy(p);
                }
                s.step++;
                AdamOp.step(hyper, s.step, p, grad, s.expAvg, s.expAvgSq, hyper.amsgrad() ? s.maxExpAvgSq : null);
            }
        }
    }

    @Override
    protected Map<String, Tensor> paramState(int index) {
        State s = states.get(params.get(index));
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (s != null) {
            // PyTorch keeps the step count as a float32 scalar tensor.
            out.put("step", Tensor.full(Shape.of(), s.step, s.expAvg.device()));
            out.put("exp_avg", s.expAvg.detach());
            out.put("exp_avg_sq", s.expAvgSq.detach());
            if (s.maxExpAvgSq != null && ((Group) groupOf(index)).amsgrad()) {
                out.put("max_exp_avg_sq", s.maxExpAvgSq.detach());
            }
        }
        return out;
    }

    @Override
    protected List<String> stateKeys(ParamGroup group) {
        return ((Group) group).amsgrad() ? List.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                : List.of("step", "exp_avg", "exp_avg_sq");
    }

    @Override
    protected String invalidValue(int index, String key, Tensor value) {
        return key.equals("step") ? invalidStep(index, value, 1) : null;
    }

    @Override
    protected void loadParamState(int index, Map<String, Tensor> state) {
        Tensor p = params.get(index);
        if (state == null) {
            states.remove(p);
            return;
        }
        float step = state.get("step").item();
        Tensor max = state.get("max_exp_avg_sq");
        states.put(p, new State((int) step, copyTo(state.get("exp_avg"), p), copyTo(state.get("exp_avg_sq"), p),
                max == null ? null : copyTo(max, p)));
    }

    private static final class State {
        int step;
        final Tensor expAvg;
        final Tensor expAvgSq;
        Tensor maxExpAvgSq;

        State(int step, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq) {
            this.step = step;
            this.expAvg = expAvg;
            this.expAvgSq = expAvgSq;
            this.maxExpAvgSq = maxExpAvgSq;
        }
    }

    /**
     * A group of {@link Adam}'s or {@link AdamW}'s parameters and its values: PyTorch's {@code lr}, {@code betas},
     * {@code eps}, {@code weight_decay}, {@code amsgrad} and {@code maximize} keys.
     */
    public static final class Group extends ParamGroup {
        private Group(String owner, List<Tensor> params, Map<String, Object> options) {
            super(owner, params, options);
        }

        /** {@return the first moment's decay rate} */
        public double beta1() {
            return pair("betas")[0];
        }

        /** {@return the second moment's decay rate} */
        public double beta2() {
            return pair("betas")[1];
        }

        /** {@return the term added to the denominator} */
        public double eps() {
            return number("eps");
        }

        /** {@return the weight decay: an L2 term for Adam, a decay of the parameter for AdamW} */
        public double weightDecay() {
            return number("weight_decay");
        }

        /** {@return whether AMSGrad is used} */
        public boolean amsgrad() {
            return flag("amsgrad");
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
         * Sets the decay rates of the moment estimates.
         *
         * @param beta1 the first moment's, in {@code [0, 1)}
         * @param beta2 the second moment's, in {@code [0, 1)}
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setBetas(double beta1, double beta2) {
            set("betas", new double[] {beta1, beta2});
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
         * Sets the weight decay.
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
         * Turns AMSGrad on or off; turned on later, the running maximum starts from zero.
         *
         * @param value true for AMSGrad
         * @return this group
         */
        public Group setAmsgrad(boolean value) {
            set("amsgrad", value);
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

        AdamParams hyper(boolean decoupled) {
            return new AdamParams((float) lr(), beta1(), beta2(), (float) eps(), (float) weightDecay(), decoupled,
                    amsgrad(), maximize());
        }

        @Override
        protected void check(Map<String, Object> o) {
            checkNonNegative(o, "eps", "epsilon value");
            checkNonNegative(o, "weight_decay", "weight_decay value");
            double[] betas = (double[]) o.get("betas");
            if (betas.length != 2 || !(betas[0] >= 0 && betas[0] < 1) || !(betas[1] >= 0 && betas[1] < 1)) {
                throw new IllegalArgumentException("Invalid betas: (" + betas[0] + ", " + betas[1]
                        + "); each must be in [0, 1)");
            }
        }
    }

    /** Options for {@link Adam} and {@link AdamW}; each defaults to PyTorch's. */
    public static final class Builder {
        private final List<Tensor> params;
        private final double lr;
        private final boolean decoupled;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;
        private boolean amsgrad;
        private boolean maximize;
        private final List<List<Tensor>> groupParams = new ArrayList<>();
        private final List<Consumer<Group>> groupOptions = new ArrayList<>();

        Builder(List<Tensor> params, double lr, boolean decoupled) {
            this.params = params;
            this.lr = lr;
            this.decoupled = decoupled;
            this.weightDecay = decoupled ? 1e-2 : 0;
        }

        /**
         * Sets the decay rates of the moment estimates.
         *
         * @param beta1 the first moment's, in {@code [0, 1)}; default 0.9
         * @param beta2 the second moment's, in {@code [0, 1)}; default 0.999
         * @return this builder
         */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets the term added to the denominator for stability.
         *
         * @param value {@code >= 0}; default 1e-8
         * @return this builder
         */
        public Builder eps(double value) {
            eps = value;
            return this;
        }

        /**
         * Sets the weight decay: an L2 term added to the gradient for Adam, a decay of the parameter for AdamW.
         *
         * @param value {@code >= 0}; default 0 for Adam, 0.01 for AdamW
         * @return this builder
         */
        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        /**
         * Turns AMSGrad on or off: the step divides by the running maximum of the second moment.
         *
         * @param value default false
         * @return this builder
         */
        public Builder amsgrad(boolean value) {
            amsgrad = value;
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
         * list of groups: {@code .group(head.parameters(), g -> g.setLr(1e-4))}.
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
            d.put("betas", new double[] {beta1, beta2});
            d.put("eps", eps);
            d.put("weight_decay", weightDecay);
            d.put("amsgrad", amsgrad);
            d.put("maximize", maximize);
            return d;
        }

        /**
         * Checks the options and makes the optimizer.
         *
         * @return an {@link AdamW} when built from {@code AdamW.builder}, else an {@link Adam}
         * @throws IllegalArgumentException if a value is out of range, or a parameter list is invalid
         */
        public Adam build() {
            Adam adam = decoupled ? new AdamW(params, defaults()) : new Adam(params, defaults(), false);
            for (int i = 0; i < groupParams.size(); i++) {
                adam.addParamGroup(groupParams.get(i), groupOptions.get(i));
            }
            return adam;
        }
    }
}
