package dev.blitz.tensor;

import java.util.function.Supplier;

/** PyTorch's {@code out=} argument: an op's result written into a tensor the caller gives. */
final class OutArgument {
    private OutArgument() {
    }

    /**
     * Computes the op and writes its result into {@code out}, as {@code torch.op(..., out=out)}; not
     * differentiable, as in PyTorch.
     *
     * @param op the op's name, for messages
     * @param out a tensor of the result's shape and dtype, on the inputs' device (any layout)
     * @param compute the op, out of place
     * @param inputs the op's tensor inputs
     * @return {@code out}
     * @throws IllegalArgumentException if {@code out} has another shape or dtype, or a tensor requires grad while
     *         gradients are recorded
     */
    static Tensor write(String op, Tensor out, Supplier<Tensor> compute, Tensor... inputs) {
        boolean anyRequiresGrad = out.requiresGrad();
        for (Tensor in : inputs) {
            anyRequiresGrad |= in.requiresGrad();
            in.checkSameDevice(op, out);
        }
        if (GradMode.isEnabled() && anyRequiresGrad) {
            throw new IllegalArgumentException(op + "(): functions with out=... arguments don't support automatic"
                    + " differentiation, but one of the arguments requires grad.");
        }
        try (Tensor result = compute.get()) {
            if (!result.shape().equals(out.shape()) || result.dtype() != out.dtype()) {
                throw new IllegalArgumentException(op + ": out= has shape " + out.shape() + " and dtype "
                        + out.dtype() + ", but the result has shape " + result.shape() + " and dtype "
                        + result.dtype() + "; expected the same (Blitz does not resize out=)");
            }
            out.writeFrom(result);
        }
        out.bumpVersion();
        return out;
    }
}
