package dev.blitz.optim;

import dev.blitz.backend.SgdParams;
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

    public SGD(List<Tensor> params, float lr) {
        this(params, new SgdParams(lr, 0f, 0f, 0f, false, false));
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

    public static Builder builder(List<Tensor> params, float lr) {
        return new Builder(params, lr);
    }

    @Override
    public void step() {
        for (Tensor p : params) {
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            p.checkSameDevice("SGD.step", grad);
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
            p.backend().sgdStep(hyper, p.buffer(), grad.buffer(), buf == null ? null : buf.buffer(), first);
        }
    }

    /** The momentum buffer of {@code param}, or null before its first step (or without momentum). */
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

        private Builder(List<Tensor> params, float lr) {
            this.params = params;
            this.lr = lr;
        }

        public Builder momentum(float value) {
            momentum = value;
            return this;
        }

        public Builder dampening(float value) {
            dampening = value;
            return this;
        }

        public Builder weightDecay(float value) {
            weightDecay = value;
            return this;
        }

        public Builder nesterov(boolean value) {
            nesterov = value;
            return this;
        }

        public Builder maximize(boolean value) {
            maximize = value;
            return this;
        }

        public SGD build() {
            return new SGD(params, new SgdParams(lr, momentum, dampening, weightDecay, nesterov, maximize));
        }
    }
}
