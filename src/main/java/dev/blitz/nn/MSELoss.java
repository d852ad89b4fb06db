package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/** Mean squared error between an input and a target of the same shape, as {@code nn.MSELoss}. */
public class MSELoss extends Loss {

    /** The mean squared error, as {@code nn.MSELoss()}. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /**
     * The squared error reduced as asked, as {@code nn.MSELoss(reduction=...)}.
     *
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    /**
     * The loss of a prediction.
     *
     * @param input the prediction
     * @param target the expected values, of the same shape (no broadcasting)
     * @return the loss
     * @throws IllegalArgumentException if the shapes or devices differ
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction());
    }
}
