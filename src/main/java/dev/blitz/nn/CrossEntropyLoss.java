package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Cross-entropy between logits and class indices, as {@code nn.CrossEntropyLoss}: log-softmax then negative
 * log-likelihood, with optional class weights, an ignored class index and label smoothing (see
 * {@link F#crossEntropy(Tensor, Tensor, Tensor, long, Reduction, double)}). Class indices are an int64 tensor
 * holding 0 .. C-1, as in PyTorch (for [N, C] logits a float32 one holding those whole numbers is also taken);
 * anything else is rejected, naming the bad value. The weights are the buffer {@code weight}. Options come from
 * the constructors or a builder: {@code CrossEntropyLoss.builder().weight(w).ignoreIndex(0).build()}.
 */
public class CrossEntropyLoss extends Loss {
    /** The class weights [C] (the buffer {@code weight}), or null for none. */
    public final Tensor weight;
    private final long ignoreIndex;
    private final double labelSmoothing;

    /** Mean cross-entropy without label smoothing, as {@code nn.CrossEntropyLoss()}. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0);
    }

    /**
     * Cross-entropy reduced as asked, without label smoothing.
     *
     * @param reduction {@code NONE} gives one loss per sample, {@code MEAN} and {@code SUM} a scalar
     */
    public CrossEntropyLoss(Reduction reduction) {
        this(reduction, 0);
    }

    /**
     * Cross-entropy reduced as asked, with label smoothing, as
     * {@code nn.CrossEntropyLoss(reduction=..., label_smoothing=...)}.
     *
     * @param reduction {@code NONE} gives one loss per sample, {@code MEAN} and {@code SUM} a scalar
     * @param labelSmoothing in {@code [0, 1]} (checked by {@link #forward}); 0 for plain cross-entropy
     */
    public CrossEntropyLoss(Reduction reduction, double labelSmoothing) {
        this(builder().reduction(reduction).labelSmoothing(labelSmoothing));
    }

    private CrossEntropyLoss(Builder b) {
        super(b.reduction);
        weight = b.weight == null ? null : registerBuffer("weight", b.weight);
        ignoreIndex = b.ignoreIndex;
        labelSmoothing = b.labelSmoothing;
    }

    /**
     * Starts a loss with PyTorch's defaults: no weights, {@code ignore_index=-100}, mean, no label smoothing.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The loss of a batch.
     *
     * @param input [N, C] logits (or [C], or [N, C, d1, ...])
     * @param target int64 class indices of the input's shape without C (or float32 whole numbers for [N, C])
     * @return the loss: a scalar, or one per target for {@link Reduction#NONE}
     * @throws IllegalArgumentException if a shape, a class index or the label smoothing is invalid, or the devices
     *     differ (on CUDA a bad class index of the fused path is reported by the next read of a result)
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, weight, ignoreIndex, reduction(), labelSmoothing);
    }

    /** Options for {@link CrossEntropyLoss}; each defaults to PyTorch's. */
    public static final class Builder {
        private Tensor weight;
        private long ignoreIndex = LossFunctions.DEFAULT_IGNORE_INDEX;
        private Reduction reduction = Reduction.MEAN;
        private double labelSmoothing;

        private Builder() {
        }

        /**
         * Sets the class weights, as {@code weight=}.
         *
         * @param weight [C], kept (not copied) as the loss's buffer {@code weight}; null for none
         * @return this builder
         */
        public Builder weight(Tensor weight) {
            this.weight = weight;
            return this;
        }

        /**
         * Sets the target value that contributes nothing, as {@code ignore_index=}.
         *
         * @param ignoreIndex default -100
         * @return this builder
         */
        public Builder ignoreIndex(long ignoreIndex) {
            this.ignoreIndex = ignoreIndex;
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
         * Sets the label smoothing, as {@code label_smoothing=}.
         *
         * @param labelSmoothing in [0, 1]; default 0
         * @return this builder
         */
        public Builder labelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /**
         * Makes the loss.
         *
         * @return a new CrossEntropyLoss
         */
        public CrossEntropyLoss build() {
            return new CrossEntropyLoss(this);
        }
    }
}
