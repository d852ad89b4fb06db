package dev.blitz.optim;

import dev.blitz.backend.SgdParams;
import dev.blitz.tensor.SgdOp;
import dev.blitz.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's exact rules for momentum, dampening, Nesterov momentum, weight
 * decay and maximize. {@code new SGD(net.parameters(), 0.01)}, or
 * {@code SGD.builder(net.parameters(), 0.01).momentum(0.9).nesterov(true).build()}.
 */
public final class SGD extends Optimizer {
    private final SgdParams hyper;
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
        this(params, new SgdParams((float) lr, 0f, 0f, 0f, false, false));
    }

    private SGD(List<Tensor> params, SgdParams hyper) {
        super(params);
        check("learning rate", hyper.lr(), false);
        check("momentum value", hyper.momentum(), false);
        check("dampening value", hyper.dampening(), false);
        check("weight_decay value", hyper.weightDecay(), false);
        if (hyper.nesterov() && (hyper.momentum() == 0f || hyper.dampening() != 0f)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening, "
                    + "got momentum=" + hyper.momentum() + ", dampening=" + hyper.dampening());
        }
        this.hyper = hyper;
    }

    /**
     * Starts an SGD with momentum, dampening, weight decay, Nesterov or maximize.
     *
     * @param params the parameters to update
     * @param lr the learning rate, {@code >= 0}
     * @return a builder with PyTorch's defaults for the rest
     */
    public static Builder builder(List<Tensor> params, double lr) {
        return new Builder(params, lr);
    }

    @Override
    public void step() {
        for (Tensor p : params) {
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
    protected List<String> stateKeys() {
        return hyper.momentum() != 0f ? List.of("momentum_buffer") : List.of();
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

    /** Options for {@link SGD}; each defaults to PyTorch's (0 / false). */
    public static final class Builder {
        private final List<Tensor> params;
        private final float lr;
        private float momentum;
        private float dampening;
        private float weightDecay;
        private boolean nesterov;
        private boolean maximize;

        private Builder(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = (float) lr;
        }

        /**
         * Sets the momentum factor.
         *
         * @param value {@code >= 0}; 0 (the default) disables momentum
         * @return this builder
         */
        public Builder momentum(double value) {
            momentum = (float) value;
            return this;
        }

        /**
         * Sets the dampening of the gradient's share in the momentum.
         *
         * @param value {@code >= 0}; default 0
         * @return this builder
         */
        public Builder dampening(double value) {
            dampening = (float) value;
            return this;
        }

        /**
         * Sets the L2 penalty added to the gradient.
         *
         * @param value {@code >= 0}; default 0
         * @return this builder
         */
        public Builder weightDecay(double value) {
            weightDecay = (float) value;
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
         * Checks the options and makes the optimizer.
         *
         * @return a new SGD
         * @throws IllegalArgumentException if a value is negative or not finite, Nesterov is asked for without
         *     momentum or with dampening, or the parameter list is invalid
         */
        public SGD build() {
            return new SGD(params, new SgdParams(lr, momentum, dampening, weightDecay, nesterov, maximize));
        }
    }
}
