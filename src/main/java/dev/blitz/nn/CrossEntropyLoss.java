package dev.blitz.nn;

import dev.blitz.tensor.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Cross-entropy between [N, C] logits and N class indices, as {@code nn.CrossEntropyLoss}: log-softmax then
 * negative log-likelihood, with optional label smoothing. Class indices are a float tensor of shape [N] holding
 * integers 0 .. C-1 (Blitz tensors are float32); anything else is rejected, naming the bad value.
 */
public class CrossEntropyLoss {
    private final Reduction reduction;
    private final float labelSmoothing;

    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0f);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this(reduction, 0f);
    }

    public CrossEntropyLoss(Reduction reduction, float labelSmoothing) {
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, reduction, labelSmoothing);
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss()";
    }
}
