package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Base of the losses, as PyTorch's {@code _Loss}: a module of two inputs, the prediction and the target, that
 * reduces its per-element values as {@link #reduction()} says. Class weights and the like are buffers, so they are
 * in {@link #stateDict()} and move with {@link #to}, as in PyTorch. A loss prints as its name, {@code NLLLoss()}.
 */
public abstract class Loss extends Module {
    private final Reduction reduction;

    /**
     * A loss reducing as asked.
     *
     * @param reduction {@code NONE}, {@code MEAN} or {@code SUM}
     * @throws NullPointerException if {@code reduction} is null
     */
    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new NullPointerException(getClass().getSimpleName() + ": reduction must be NONE, MEAN or SUM, got"
                    + " null");
        }
        this.reduction = reduction;
    }

    /**
     * How the per-element losses are reduced.
     *
     * @return PyTorch's {@code reduction} attribute
     */
    public final Reduction reduction() {
        return reduction;
    }

    /**
     * The loss of a prediction against its target.
     *
     * @param input the prediction
     * @param target what was expected
     * @return a scalar for {@link Reduction#MEAN} and {@link Reduction#SUM}; per-element losses for
     *     {@link Reduction#NONE}
     */
    public abstract Tensor forward(Tensor input, Tensor target);

    /**
     * Always fails: a loss needs a target, as PyTorch's {@code forward() missing 1 required positional argument}.
     *
     * @param input the prediction
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public final Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + ".forward() missing 1 required"
                + " argument: 'target'; call forward(input, target)");
    }
}
