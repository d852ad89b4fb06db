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
 * RMSprop as {@code torch.optim.RMSprop}: each step divides the gradient by the root of a running average of its
 * square ({@code alpha} its decay), optionally centered (minus the squared running average of the gradient), with
 * momentum, L2 weight decay and maximize. {@code new RMSprop(net.parameters())} (lr 0.01), or
 * {@code RMSprop.builder(net.parameters(), 1e-3).momentum(0.9).centered(true).build()}.
 * <p>
 * The update is PyTorch's single-tensor one, op for op in float32 (eps added after the square root):
 * <pre>
 * g = grad (negated with maximize) + weight_decay * p
 * square_avg = alpha * square_avg + (1 - alpha) * g * g
 * avg = sqrt(square_avg - grad_avg^2) + eps, with grad_avg = lerp(grad_avg, g, 1 - alpha) when centered,
 *       else sqrt(square_avg) + eps
 * momentum &gt; 0: buf = momentum * buf + g / avg; p -= lr * buf       (buf starts at zero)
 * else:         p -= lr * g / avg
 * </pre>
 * It is composed of tensor ops, so it runs wherever the parameters are.
 */
public final class RMSprop extends Optimizer {
    private final Map<Tensor, State> states = new IdentityHashMap<>();

    /**
     * RMSprop with PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8, no weight decay or momentum, not centered.
     *
     * @param params the parameters to update, e.g. {@code net.parameters()}
     * @throws IllegalArgumentException if {@code params} is invalid
     */
    public RMSprop(List<Tensor> params) {
        this(params, 1e-2);
    }

    /**
     * RMSprop with PyTorch's defaults and the given learning rate, as {@code torch.optim.RMSprop(params, lr)}.
     *
     * @param params the parameters to update
     * @param lr the learning rate, {@code >= 0}
     * @throws IllegalArgumentException if {@code lr} is negative or not finite, or {@code params} is invalid
     */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, new Builder(params, lr).defaults());
    }

    private RMSprop(List<Tensor> params, Map<String, Object> defaults) {
        super(params, defaults);
    }

    /**
     * Starts an RMSprop with other values or more parameter groups.
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
     * @param options sets the group's own values, e.g. {@code g -> g.setLr(1e-3)}
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
        State s = states.computeIfAbsent(p, k -> new State(ownedBy(k)));
        double alpha = group.alpha();
        double momentum = group.momentum();
        if (group.maximize()) {
            grad = grad.neg();
        }
        s.step++;
        if (group.weightDecay() != 0) {
            grad = grad.add(p.mul(group.weightDecay()));
        }
        // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha): (value * grad) * grad, then the sum.
        s.squareAvg.mulInPlace(alpha).addInPlace(grad.mul(1 - alpha).mul(grad));
        Tensor avg;
        if (group.centered()) {
            if (s.gradAvg == null) {
                s.gradAvg = ownedBy(p);
            }
            lerpInPlace(s.gradAvg, grad, (float) (1 - alpha));
            // square_avg.addcmul(grad_avg, grad_avg, value=-1): x + (-1 * a) * a is exactly x - a * a.
            avg = s.squareAvg.sub(s.gradAvg.mul(s.gradAvg)).sqrtInPlace();
        } else {
            avg = s.squareAvg.sqrt();
        }
        avg.addInPlace(group.eps());
        if (momentum > 0) {
            if (s.momentumBuffer == null) {
                s.momentumBuffer = ownedBy(p);
            }
            // buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=-lr).
            s.momentumBuffer.mulInPlace(momentum).addInPlace(grad.div(avg));
            p.addInPlace(s.momentumBuffer.mul(-group.lr()));
        } else {
            // param.addcdiv_(grad, avg, value=-lr): (value * grad) / avg, then the sum.
            p.addInPlace(grad.mul(-group.lr()).div(avg));
        }
    }

    /**
     * {@code self.lerp_(end, weight)} as PyTorch computes it: {@code self + weight * (end - self)} for
     * {@code |weight| < 0.5}, else {@code end - (end - self) * (1 - weight)}, in float32.
     */
    private static void lerpInPlace(Tensor self, Tensor end, float weight) {
        Tensor diff = end.sub(self);
        if (Math.abs(weight) < 0.5f) {
            self.addInPlace(diff.mul(weight));
        } else {
            self.copyFrom(end.sub(diff.mul(1f - weight)));
        }
    }

    @Override
    protected Map<String, Tensor> paramState(int index) {
        State s = states.get(params.get(index));
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (s != null) {
            Group group = (Group) groupOf(index);
            // PyTorch keeps the step count as a float32 scalar tensor.
            out.put("step", Tensor.full(Shape.of(), s.step, s.squareAvg.device()));
            out.put("square_avg", s.squareAvg.detach());
            if (group.momentum() > 0) {
                out.put("momentum_buffer", (s.momentumBuffer != null ? s.momentumBuffer
                        : (s.momentumBuffer = ownedBy(params.get(index)))).detach());
            }
            if (group.centered()) {
                out.put("grad_avg", (s.gradAvg != null ? s.gradAvg : (s.gradAvg = ownedBy(params.get(index))))
                        .detach());
            }
        }
        return out;
    }

    @Override
    protected List<String> stateKeys(ParamGroup group) {
        Group g = (Group) group;
        List<String> keys = new ArrayList<>(List.of("step", "square_avg"));
        if (g.momentum() > 0) {
            keys.add("momentum_buffer");
        }
        if (g.centered()) {
            keys.add("grad_avg");
        }
        return keys;
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
        State s = new State(copyTo(state.get("square_avg"), p));
        s.step = (int) state.get("step").item();
        Tensor buf = state.get("momentum_buffer");
        s.momentumBuffer = buf == null ? null : copyTo(buf, p);
        Tensor gradAvg = state.get("grad_avg");
        s.gradAvg = gradAvg == null ? null : copyTo(gradAvg, p);
        states.put(p, s);
    }

    /** One parameter's state; the momentum buffer and gradient average are made when first needed. */
    private static final class State {
        int step;
        final Tensor squareAvg;
        Tensor momentumBuffer;
        Tensor gradAvg;

        State(Tensor squareAvg) {
            this.squareAvg = squareAvg;
        }
    }

    /**
     * A group of {@link RMSprop}'s parameters and its values: PyTorch's {@code lr}, {@code momentum},
     * {@code alpha}, {@code eps}, {@code centered}, {@code weight_decay} and {@code maximize} keys.
     */
    public static final class Group extends ParamGroup {
        private Group(List<Tensor> params, Map<String, Object> options) {
            super("RMSprop", params, options);
        }

        /** {@return the momentum factor; 0 for none} */
        public double momentum() {
            return number("momentum");
        }

        /** {@return the smoothing constant of the running averages} */
        public double alpha() {
            return number("alpha");
        }

        /** {@return the term added to the denominator} */
        public double eps() {
            return number("eps");
        }

        /** {@return whether the square average is centered by the gradient's average} */
        public boolean centered() {
            return flag("centered");
        }

        /** {@return the L2 penalty added to the gradient} */
        public double weightDecay() {
            return number("weight_decay");
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
         * @param value {@code >= 0}; 0 for none
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setMomentum(double value) {
            set("momentum", value);
            return this;
        }

        /**
         * Sets the smoothing constant.
         *
         * @param value {@code >= 0}
         * @return this group
         * @throws IllegalArgumentException if out of range
         */
        public Group setAlpha(double value) {
            set("alpha", value);
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
         * Turns centering on or off.
         *
         * @param value true for centered RMSprop
         * @return this group
         */
        public Group setCentered(boolean value) {
            set("centered", value);
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
            checkNonNegative(o, "eps", "epsilon value");
            checkNonNegative(o, "momentum", "momentum value");
            checkNonNegative(o, "weight_decay", "weight_decay value");
            checkNonNegative(o, "alpha", "alpha value");
        }
    }

    /** Options for {@link RMSprop}; each defaults to PyTorch's. */
    public static final class Builder {
        private final List<Tensor> params;
        private final double lr;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double weightDecay;
        private double momentum;
        private boolean centered;
        private boolean maximize;
        private final List<List<Tensor>> groupParams = new ArrayList<>();
        private final List<Consumer<Group>> groupOptions = new ArrayList<>();

        private Builder(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = lr;
        }

        /**
         * Sets the smoothing constant of the running averages.
         *
         * @param value {@code >= 0}; default 0.99
         * @return this builder
         */
        public Builder alpha(double value) {
            alpha = value;
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
         * Sets the momentum factor.
         *
         * @param value {@code >= 0}; default 0 (none)
         * @return this builder
         */
        public Builder momentum(double value) {
            momentum = value;
            return this;
        }

        /**
         * Turns centering on: the square average minus the squared average of the gradient, an estimate of its
         * variance.
         *
         * @param value default false
         * @return this builder
         */
        public Builder centered(boolean value) {
            centered = value;
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
            d.put("momentum", momentum);
            d.put("alpha", alpha);
            d.put("eps", eps);
            d.put("centered", centered);
            d.put("weight_decay", weightDecay);
            d.put("maximize", maximize);
            return d;
        }

        /**
         * Checks the options and makes the optimizer.
         *
         * @return a new RMSprop
         * @throws IllegalArgumentException if a value is negative or not finite, or a parameter list is invalid
         */
        public RMSprop build() {
            RMSprop rmsprop = new RMSprop(params, defaults());
            for (int i = 0; i < groupParams.size(); i++) {
                rmsprop.addParamGroup(groupParams.get(i), groupOptions.get(i));
            }
            return rmsprop;
        }
    }
}
