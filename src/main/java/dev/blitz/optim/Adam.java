package dev.blitz.optim;

import dev.blitz.backend.AdamParams;
import dev.blitz.core.Shape;
import dev.blitz.tensor.AdamOp;
import dev.blitz.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with PyTorch's exact rules (bias correction, L2 weight decay added to the gradient, optional AMSGrad and
 * maximize): {@code new Adam(net.parameters(), 1e-3)}, or
 * {@code Adam.builder(net.parameters(), 1e-3).betas(0.9, 0.999).weightDecay(1e-4).build()}. {@link AdamW}
 * decouples the weight decay.
 */
public class Adam extends Optimizer {
    private final AdamParams hyper;
    private final State[] states;

    /**
     * Adam with PyTorch's defaults (betas 0.9 and 0.999, eps 1e-8, no weight decay), as
     * {@code torch.optim.Adam(params, lr)}; {@link #builder} for other values.
     *
     * @param params the parameters to update, e.g. {@code net.parameters()}
     * @param lr the learning rate, {@code >= 0}
     * @throws IllegalArgumentException if {@code lr} is negative or not finite, or {@code params} is invalid
     */
    public Adam(List<Tensor> params, double lr) {
        this(params, new Builder(params, lr, false).hyper());
    }

    Adam(List<Tensor> params, AdamParams hyper) {
        super(params);
        check("learning rate", hyper.lr(), false);
        check("epsilon value", hyper.eps(), false);
        check("weight_decay value", hyper.weightDecay(), false);
        if (!(hyper.beta1() >= 0 && hyper.beta1() < 1) || !(hyper.beta2() >= 0 && hyper.beta2() < 1)) {
            throw new IllegalArgumentException("Invalid betas: (" + hyper.beta1() + ", " + hyper.beta2()
                    + "); each must be in [0, 1)");
        }
        this.hyper = hyper;
        this.states = new State[this.params.size()];
    }

    /**
     * Starts an Adam with other betas, eps, weight decay, AMSGrad or maximize.
     *
     * @param params the parameters to update
     * @param lr the learning rate, {@code >= 0}
     * @return a builder with PyTorch's defaults for the rest
     */
    public static Builder builder(List<Tensor> params, double lr) {
        return new Builder(params, lr, false);
    }

    /** {@return the hyper-parameters this optimizer steps with} */
    public AdamParams hyperParameters() {
        return hyper;
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            State s = states[i];
            if (s == null) {
                s = new State(0, ownedBy(p), ownedBy(p), hyper.amsgrad() ? ownedBy(p) : null);
                states[i] = s;
            }
            s.step++;
            AdamOp.step(hyper, s.step, p, grad, s.expAvg, s.expAvgSq, s.maxExpAvgSq);
        }
    }

    @Override
    protected Map<String, Tensor> paramState(int index) {
        State s = states[index];
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (s != null) {
            // PyTorch keeps the step count as a float32 scalar tensor.
            out.put("step", Tensor.full(Shape.of(), s.step, s.expAvg.device()));
            out.put("exp_avg", s.expAvg.detach());
            out.put("exp_avg_sq", s.expAvgSq.detach());
            if (s.maxExpAvgSq != null) {
                out.put("max_exp_avg_sq", s.maxExpAvgSq.detach());
            }
        }
        return out;
    }

    @Override
    protected List<String> stateKeys() {
        return hyper.amsgrad() ? List.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                : List.of("step", "exp_avg", "exp_avg_sq");
    }

    @Override
    protected String invalidValue(int index, String key, Tensor value) {
        if (!key.equals("step")) {
            return null;
        }
        // Bias correction divides by 1 - beta^step: a step that is not a count would silently skew every update.
        float step = value.item();
        return step >= 1 && step == Math.rint(step) && step < 1 << 24 ? null : "state." + index + ".step = " + step
                + " is not a step count (expected a whole number >= 1)";
    }

    @Override
    protected void loadParamState(int index, Map<String, Tensor> state) {
        if (state == null) {
            states[index] = null;
            return;
        }
        float step = state.get("step").item();
        Tensor p = params.get(index);
        states[index] = new State((int) step, copyTo(state.get("exp_avg"), p), copyTo(state.get("exp_avg_sq"), p),
                hyper.amsgrad() ? copyTo(state.get("max_exp_avg_sq"), p) : null);
    }

    private static final class State {
        int step;
        final Tensor expAvg;
        final Tensor expAvgSq;
        final Tensor maxExpAvgSq;

        State(int step, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq) {
            this.step = step;
            this.expAvg = expAvg;
            this.expAvgSq = expAvgSq;
            this.maxExpAvgSq = maxExpAvgSq;
        }
    }

    /** Options for {@link Adam} and {@link AdamW}; each defaults to PyTorch's. */
    public static final class Builder {
        private final List<Tensor> params;
        private final float lr;
        private final boolean decoupled;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private float eps = 1e-8f;
        private float weightDecay;
        private boolean amsgrad;
        private boolean maximize;

        Builder(List<Tensor> params, double lr, boolean decoupled) {
            this.params = params;
            this.lr = (float) lr;
            this.decoupled = decoupled;
            this.weightDecay = decoupled ? 1e-2f : 0f;
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
            eps = (float) value;
            return this;
        }

        /**
         * Sets the weight decay: an L2 term added to the gradient for Adam, a decay of the parameter for AdamW.
         *
         * @param value {@code >= 0}; default 0 for Adam, 0.01 for AdamW
         * @return this builder
         */
        public Builder weightDecay(double value) {
            weightDecay = (float) value;
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

        AdamParams hyper() {
            return new AdamParams(lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize);
        }

        /**
         * Checks the options and makes the optimizer.
         *
         * @return an {@link AdamW} when built from {@code AdamW.builder}, else an {@link Adam}
         * @throws IllegalArgumentException if a value is out of range, or the parameter list is invalid
         */
        public Adam build() {
            return decoupled ? new AdamW(params, hyper()) : new Adam(params, hyper());
        }
    }
}
