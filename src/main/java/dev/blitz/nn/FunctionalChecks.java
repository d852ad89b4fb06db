package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/** The boundary checks and the reduction the functional forms in {@link F} share. */
final class FunctionalChecks {
    private FunctionalChecks() {
    }

    /** Fails unless {@code t} is float32 or float64, naming the op, the argument and the dtype. */
    static void floating(String op, String what, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point tensor as " + what + ", got "
                    + t.dtype() + " (shape " + t.shape() + "); convert it with to(DType.FLOAT32)");
        }
    }

    /** Fails unless {@code other} (when present) lives on {@code t}'s device. */
    static void sameDevice(String op, Tensor t, Tensor other) {
        if (other != null && !other.device().equals(t.device())) {
            throw new IllegalArgumentException(op + ": expected all tensors on the same device, but found "
                    + t.device() + " and " + other.device() + "; move one with .to(device)");
        }
    }

    /**
     * Fails unless the target has the input's shape: Blitz's losses do not broadcast (PyTorch warns and
     * broadcasts, which is almost always a bug), as {@code mse_loss}.
     */
    static void sameShape(String op, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            String dims = input.shape().toString();
            throw new IllegalArgumentException(op + ": input shape " + input.shape() + " and target shape "
                    + target.shape() + " differ; they must be equal (no broadcasting). "
                    + (input.numel() == target.numel()
                        ? "Reshape the target with target.view(" + dims.substring(1, dims.length() - 1) + ")."
                        : "Check that the target matches the model's output."));
        }
    }

    /** {@code loss} reduced as PyTorch's {@code reduction=} says. */
    static Tensor reduce(Tensor loss, Reduction reduction) {
        return switch (reduction) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
        };
    }
}
