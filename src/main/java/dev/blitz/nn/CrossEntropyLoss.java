package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Cross-entropy between [N, C] logits and N class indices, as {@code nn.CrossEntropyLoss}: log-softmax then
 * negative log-likelihood, with optional label smoothing. Class indices are an int64 tensor of shape [N] holding
 * 0 .. C-1, as in PyTorch (a float32 one holding those whole numbers is also taken); anything else is rejected,
 * naming the bad value.
 */
public class CrossEntropyLoss {
    private final Reduction reduction;
    private final double labelSmoothing;

    /** Mean cross-entropy without label smoothing, as {@code nn.CrossEntropyLoss()}. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0f);
    }

    /**
     * Cross-entropy reduced as asked, without label smoothing.
     *
     * @param reduction {@code NONE} gives one loss per sample, {@code MEAN} and {@code SUM} a scalar
     */
    public CrossEntropyLoss(Reduction reduction) {
        this(reduction, 0f);
    }

    /**
     * Cross-entropy reduced as asked, with label smoothing, as
     * {@code nn.CrossEntropyLoss(reduction=..., label_smoothing=...)}.
     *
     * @param reduction {@code NONE} gives one loss per sample, {@code MEAN} and {@code SUM} a scalar
     * @param labelSmoothing in {@code [0, 1]} (checked by {@link #forward}); 0 for plain cross-entropy
     */
    public CrossEntropyLoss(Reduction reduction, double labelSmoothing) {
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    /**
     * The loss of a batch.
     *
     * @param input [N, C] logits
     * @param target [N] int64 class indices in {@code [0, C)} (or float32 whole numbers)
     * @return the loss: a scalar, or [N] for {@link Reduction#NONE}
     * @throws IllegalArgumentException if a shape, a class index or the label smoothing is invalid, or the devices
     *     differ (on CUDA a bad class index is reported by the next read of a result from the GPU)
     */
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, reduction, labelSmoothing);
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss()";
    }
}
