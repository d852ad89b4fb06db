package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Binary cross-entropy of probabilities, as {@code nn.BCELoss}:
 * {@code loss = -w * (y * log(x) + (1 - y) * log(1 - x))}, each log clamped at -100 as in PyTorch. For logits use
 * {@link BCEWithLogitsLoss}, which is stabler. The weight is the buffer {@code weight}.
 */
public class BCELoss extends Loss {
    /** The weight broadcasting to the input (the buffer {@code weight}), or null for none. */
    public final Tensor weight;

    /** The mean binary cross-entropy, as {@code nn.BCELoss()}. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /**
     * Reduced as asked, as {@code nn.BCELoss(reduction=...)}.
     *
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     */
    public BCELoss(Reduction reduction) {
        this(null, reduction);
    }

    /**
     * Weighted and reduced as asked, as {@code nn.BCELoss(weight=..., reduction=...)}.
     *
     * @param weight broadcasting to the input's shape, kept (not copied) as the buffer {@code weight}; null for
     *     none
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    /**
     * The loss of a prediction.
     *
     * @param input probabilities in [0, 1], float32 or float64
     * @param target of the input's shape, usually 0 or 1
     * @return the loss
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ, or (on the CPU) an input lies
     *     outside [0, 1]: {@code "binary_cross_entropy: all elements of input should be between 0 and 1"}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropy(input, target, weight, reduction());
    }
}
