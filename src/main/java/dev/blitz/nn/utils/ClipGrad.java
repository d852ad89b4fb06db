package dev.blitz.nn.utils;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: call it between
 * {@code backward()} and {@code optimizer.step()},
 * <pre>{@code
 * loss.backward();
 * Tensor norm = ClipGrad.clipGradNorm(net.parameters(), 1.0);
 * optimizer.step();
 * }</pre>
 * Both change the gradients in place. They are named without {@code InPlace}, as {@link dev.blitz.nn.Init}'s
 * {@code uniform} is for {@code nn.init.uniform_}: Blitz marks the in-place twin of an out-of-place tensor op, and
 * these have no out-of-place form ({@code clip_grad_norm}, PyTorch's older name, is the same in-place function).
 * Parameters without a gradient are skipped. Everything runs as tensor ops in the gradients' dtype and on their
 * devices, without recording history.
 */
public final class ClipGrad {
    private ClipGrad() {
    }

    /**
     * Scales the gradients so that their total 2-norm is at most {@code maxNorm}, as
     * {@code clip_grad_norm_(parameters, max_norm)}.
     *
     * @param parameters the parameters whose gradients to clip, e.g. {@code net.parameters()}
     * @param maxNorm the largest total norm
     * @return the total norm before clipping, a 0-dimensional tensor on the first gradient's device
     */
    public static Tensor clipGradNorm(List<Tensor> parameters, double maxNorm) {
        return clipGradNorm(parameters, maxNorm, 2, false);
    }

    /**
     * Scales the gradients so that their total {@code normType}-norm is at most {@code maxNorm}, as
     * {@code clip_grad_norm_(parameters, max_norm, norm_type)}.
     *
     * @param parameters the parameters whose gradients to clip
     * @param maxNorm the largest total norm
     * @param normType the order of the norm; {@code Double.POSITIVE_INFINITY} for the largest |gradient|
     * @return the total norm before clipping
     */
    public static Tensor clipGradNorm(List<Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm(parameters, maxNorm, normType, false);
    }

    /**
     * Scales the gradients so that their total norm is at most {@code maxNorm}, as
     * {@code clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite)}: the total norm is the norm of
     * the gradients' norms, each gradient is multiplied by {@code min(maxNorm / (total + 1e-6), 1)} (always
     * multiplied, as PyTorch does, so a gradient is unchanged only when that factor is exactly 1).
     *
     * @param parameters the parameters whose gradients to clip
     * @param maxNorm the largest total norm
     * @param normType the order of the norm
     * @param errorIfNonfinite whether a NaN or infinite total norm is an error rather than scaling every gradient
     *     by a NaN or zero factor
     * @return the total norm before clipping; a float32 zero on the CPU when no parameter has a gradient
     * @throws IllegalArgumentException if {@code errorIfNonfinite} and the total norm is NaN or infinite (nothing
     *     is changed then)
     */
    public static Tensor clipGradNorm(List<Tensor> parameters, double maxNorm, double normType,
                                      boolean errorIfNonfinite) {
        Tensor total = getTotalNorm(grads(parameters), normType, errorIfNonfinite);
        clipGradsWithNorm(parameters, maxNorm, total);
        return total;
    }

    /**
     * The norm of the tensors' norms, as {@code torch.nn.utils.get_total_norm}: the norm of all their elements
     * together.
     *
     * @param tensors the tensors, e.g. gradients
     * @param normType the order of the norm
     * @param errorIfNonfinite whether a NaN or infinite norm is an error
     * @return a 0-dimensional tensor on the first tensor's device; a float32 zero on the CPU for no tensors
     * @throws IllegalArgumentException if {@code errorIfNonfinite} and the norm is NaN or infinite
     */
    public static Tensor getTotalNorm(List<Tensor> tensors, double normType, boolean errorIfNonfinite) {
        if (tensors.isEmpty()) {
            return Tensor.full(Shape.of(), 0, Device.CPU);
        }
        Device first = tensors.get(0).device();
        Tensor total;
        try (var noGrad = GradMode.noGrad(); var scope = MemoryScope.open()) {
            List<Tensor> norms = new ArrayList<>();
            for (Tensor t : tensors) {
                norms.add(t.norm(normType).to(first));
            }
            total = scope.keep(Tensor.stack(norms, 0).norm(normType));
        }
        if (errorIfNonfinite && !Double.isFinite(total.itemDouble())) {
            throw new IllegalArgumentException("The total norm of order " + python(normType) + " for gradients from "
                    + "`parameters` is non-finite (" + python(total.itemDouble()) + "), so it cannot be clipped. To "
                    + "disable this error and scale the gradients by the non-finite norm anyway, pass "
                    + "errorIfNonfinite = false");
        }
        return total;
    }

    /**
     * Scales the parameters' gradients by {@code min(maxNorm / (totalNorm + 1e-6), 1)}, as
     * {@code torch.nn.utils.clip_grads_with_norm_}: the second half of {@link #clipGradNorm}, for a total norm
     * computed elsewhere (over several models, say).
     *
     * @param parameters the parameters whose gradients to scale
     * @param maxNorm the largest total norm
     * @param totalNorm the total norm of the gradients, a one-element tensor
     */
    public static void clipGradsWithNorm(List<Tensor> parameters, double maxNorm, Tensor totalNorm) {
        List<Tensor> grads = grads(parameters);
        if (grads.isEmpty()) {
            return;
        }
        try (var noGrad = GradMode.noGrad(); var scope = MemoryScope.open()) {
            // max_norm / (total_norm + 1e-6) is Tensor.__rtruediv__: reciprocal(total_norm + 1e-6) * max_norm.
            Tensor denominator = totalNorm.add(1e-6);
            Tensor coef = Tensor.onesLike(denominator).div(denominator).mul(maxNorm).clampMax(1.0);
            for (Tensor g : grads) {
                g.mulInPlace(coef.to(g.device()).to(g.dtype()));
            }
        }
    }

    /**
     * Clamps every gradient element into {@code [-clipValue, clipValue]}, as
     * {@code clip_grad_value_(parameters, clip_value)}.
     *
     * @param parameters the parameters whose gradients to clip
     * @param clipValue the largest magnitude, {@code >= 0}
     * @throws IllegalArgumentException if {@code clipValue} is negative or NaN
     */
    public static void clipGradValue(List<Tensor> parameters, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clip_value must be >= 0, got " + clipValue);
        }
        try (var noGrad = GradMode.noGrad()) {
            for (Tensor g : grads(parameters)) {
                g.clampInPlace(-clipValue, clipValue);
            }
        }
    }

    private static List<Tensor> grads(List<Tensor> parameters) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        return grads;
    }

    /** A double as Python prints it where it matters here: inf, nan. */
    private static String python(double v) {
        return Double.isNaN(v) ? "nan" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : Double.toString(v);
    }
}
