package dev.blitz.nn;

import dev.blitz.tensor.Reduction;
import dev.blitz.tensor.Tensor;

/** Mean squared error between an input and a target of the same shape, as {@code nn.MSELoss}. */
public class MSELoss {
    private final Reduction reduction;

    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction);
    }

    @Override
    public String toString() {
        return "MSELoss()";
    }
}
