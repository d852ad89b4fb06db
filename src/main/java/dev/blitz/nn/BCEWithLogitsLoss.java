package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Binary cross-entropy of logits, a sigmoid and {@link BCELoss} in one stable formula, as
 * {@code nn.BCEWithLogitsLoss}: {@code loss = w * ((1 - y) * x - (1 + (p - 1) * y) * log(sigmoid(x)))} with
 * {@code log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|))}. The weights are the buffers {@code weight} and
 * {@code pos_weight}. Options come from {@link #builder}: {@code BCEWithLogitsLoss.builder().posWeight(p).build()}.
 */
public class BCEWithLogitsLoss extends Loss {
    /** The weight broadcasting to the input (the buffer {@code weight}), or null for none. */
    public final Tensor weight;
    /** The positive examples' weight, e.g. [C] (the buffer {@code pos_weight}), or null for 1. */
    public final Tensor posWeight;

    /** The mean loss without weights, as {@code nn.BCEWithLogitsLoss()}. */
    public BCEWithLogitsLoss() {
        this(builder());
    }

    /**
     * Reduced as asked, as {@code nn.BCEWithLogitsLoss(reduction=...)}.
     *
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     */
    public BCEWithLogitsLoss(Reduction reduction) {
        this(builder().reduction(reduction));
    }

    private BCEWithLogitsLoss(Builder b) {
        super(b.reduction);
        weight = b.weight == null ? null : registerBuffer("weight", b.weight);
        posWeight = b.posWeight == null ? null : registerBuffer("pos_weight", b.posWeight);
    }

    /**
     * Starts a loss with PyTorch's defaults: no weights, mean.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The loss of a prediction.
     *
     * @param input logits, float32 or float64
     * @param target of the input's shape, usually 0 or 1
     * @return the loss
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction());
    }

    /** Options for {@link BCEWithLogitsLoss}; each defaults to PyTorch's. */
    public static final class Builder {
        private Tensor weight;
        private Tensor posWeight;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {
        }

        /**
         * Sets the weight of each element's loss, as {@code weight=}.
         *
         * @param weight broadcasting to the input's shape, kept (not copied) as the buffer {@code weight}
         * @return this builder
         */
        public Builder weight(Tensor weight) {
            this.weight = weight;
            return this;
        }

        /**
         * Sets the weight of positive examples, as {@code pos_weight=}: above 1 raises recall, below 1 precision.
         *
         * @param posWeight broadcasting to the input's shape, usually one per class [C]; kept (not copied) as the
         *     buffer {@code pos_weight}
         * @return this builder
         */
        public Builder posWeight(Tensor posWeight) {
            this.posWeight = posWeight;
            return this;
        }

        /**
         * Sets the reduction, as {@code reduction=}.
         *
         * @param reduction default {@code MEAN}
         * @return this builder
         */
        public Builder reduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        /**
         * Makes the loss.
         *
         * @return a new BCEWithLogitsLoss
         */
        public BCEWithLogitsLoss build() {
            return new BCEWithLogitsLoss(this);
        }
    }
}
