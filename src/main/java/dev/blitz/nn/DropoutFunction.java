package dev.blitz.nn;

import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;

/**
 * {@code F.dropout} and {@code F.dropout2d} as PyTorch's CPU implementation does them: a mask drawn with
 * {@code bernoulli(1 - p)} from Blitz's generator (so {@code Blitz.manualSeed} fixes it), scaled by
 * {@code 1 / (1 - p)} and multiplied in, so the gradient is the same mask.
 */
final class DropoutFunction {
    private DropoutFunction() {
    }

    static Tensor dropout(Tensor input, double p, boolean training) {
        checkP(p);
        if (p == 0 || !training || input.numel() == 0) {
            return input;
        }
        FunctionalChecks.floating("dropout", "input", input);
        if (p == 1) {
            return zeroed(input);
        }
        Tensor noise = input.bernoulli(1 - p);
        noise.divInPlace(1 - p);
        return input.mul(noise);
    }

    static Tensor dropout2d(Tensor input, double p, boolean training) {
        checkP(p);
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: expected a 3D (C, H, W) or 4D (N, C, H, W) input, got"
                    + " shape " + input.shape());
        }
        if (p == 0 || !training || input.numel() == 0) {
            return input;
        }
        FunctionalChecks.floating("dropout2d", "input", input);
        if (p == 1) {
            return zeroed(input);
        }
        // One draw per channel: [N, C, 1, 1], or [C, 1, 1] for an unbatched (C, H, W) input.
        int[] dims = input.size();
        for (int d = input.dim() - 2; d < dims.length; d++) {
            dims[d] = 1;
        }
        Tensor noise = Tensor.empty(Shape.of(dims), input.dtype(), input.device()).bernoulliInPlace(1 - p);
        noise.divInPlace(1 - p);
        return input.mul(noise);
    }

    /** {@code input * zeros({})} as PyTorch writes p = 1: multiplied, not filled, so NaN stays NaN and -x is -0. */
    private static Tensor zeroed(Tensor input) {
        return input.mul(Tensor.zeros(Shape.of(), input.dtype(), input.device()));
    }

    static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got "
                    + PyFloat.repr(p));
        }
    }
}
