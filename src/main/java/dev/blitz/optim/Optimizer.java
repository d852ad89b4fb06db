package dev.blitz.optim;

import dev.blitz.autograd.GradMode;
import dev.blitz.tensor.Tensor;

import java.util.List;

/** Updates a fixed list of parameters from their gradients, as {@code torch.optim.Optimizer}. */
public abstract class Optimizer {
    protected final List<Tensor> params;

    protected Optimizer(List<Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " got an empty parameter list");
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            for (int j = 0; j < i; j++) {
                if (params.get(j) == p) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + " got the same parameter (shape "
                            + p.shape() + ") twice, at positions " + j + " and " + i
                            + "; it would be updated twice per step");
                }
            }
            if (!p.isLeaf() || !p.requiresGrad()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + " can only optimize leaf tensors that "
                        + "require grad; got one of shape " + p.shape() + (p.isLeaf() ? " without requiresGrad" : " with "
                        + "grad_fn=" + p.gradFn()));
            }
        }
        this.params = List.copyOf(params);
    }

    /** Applies one update to every parameter that has a gradient. */
    public abstract void step();

    /** Zeroes the parameters' gradients in place. */
    public void zeroGrad() {
        try (var g = GradMode.noGrad()) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.grad().zeroInPlace();
                }
            }
        }
    }

    /** Fails naming this optimizer, the hyper-parameter and its value unless it is finite and >= 0 (> 0). */
    protected final float check(String what, float value, boolean positive) {
        if (Float.isNaN(value) || Float.isInfinite(value) || value < 0 || (positive && value == 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid " + what + ": " + value
                    + " (expected a finite value " + (positive ? "> 0" : ">= 0") + ")");
        }
        return value;
    }
}
