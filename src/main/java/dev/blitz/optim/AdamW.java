package dev.blitz.optim;

import dev.blitz.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: each step first shrinks the parameter by
 * {@code 1 - lr * weight_decay} (default weight decay 0.01), then applies the Adam update.
 */
public final class AdamW extends Adam {
    /**
     * AdamW with PyTorch's defaults (betas 0.9 and 0.999, eps 1e-8, weight decay 0.01), as
     * {@code torch.optim.AdamW(params, lr)}; {@link #builder} for other values.
     *
     * @param params the parameters to update, e.g. {@code net.parameters()}
     * @param lr the learning rate, {@code >= 0}
     * @throws IllegalArgumentException if {@code lr} is negative or not finite, or {@code params} is invalid
     */
    public AdamW(List<Tensor> params, double lr) {
        this(params, new Builder(params, lr, true).defaults());
    }

    AdamW(List<Tensor> params, Map<String, Object> defaults) {
        super(params, defaults, true);
    }

    /**
     * Starts an AdamW with other betas, eps, weight decay, AMSGrad or maximize; its {@code build()} returns an
     * {@code AdamW} typed as {@link Adam}.
     *
     * @param params the parameters to update
     * @param lr the learning rate, {@code >= 0}
     * @return a builder with AdamW's defaults for the rest
     */
    public static Builder builder(List<Tensor> params, double lr) {
        return new Builder(params, lr, true);
    }
}
