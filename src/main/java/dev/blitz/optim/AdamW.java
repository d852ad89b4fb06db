package dev.blitz.optim;

import dev.blitz.backend.AdamParams;
import dev.blitz.tensor.Tensor;

import java.util.List;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: each step first shrinks the parameter by
 * {@code 1 - lr * weight_decay} (default weight decay 0.01), then applies the Adam update.
 */
public final class AdamW extends Adam {
    public AdamW(List<Tensor> params, float lr) {
        this(params, new Builder(params, lr, true).hyper());
    }

    AdamW(List<Tensor> params, AdamParams hyper) {
        super(params, hyper);
    }

    public static Builder builder(List<Tensor> params, float lr) {
        return new Builder(params, lr, true);
    }
}
