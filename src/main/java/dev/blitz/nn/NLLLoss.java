package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities (e.g. a {@link LogSoftmax}'s output) against class indices, as
 * {@code nn.NLLLoss}: {@code loss_n = -w[t_n] * input[n, t_n]}, nothing for a target equal to the ignored index,
 * and the mean divided by the kept targets' weights. See
 * {@link F#nllLoss(Tensor, Tensor, Tensor, long, Reduction)}. The weights are the buffer {@code weight}.
 */
public class NLLLoss extends Loss {
    /** The class weights [C] (the buffer {@code weight}), or null for none. */
    public final Tensor weight;
    private final long ignoreIndex;

    /** PyTorch's defaults, as {@code nn.NLLLoss()}: no weights, {@code ignore_index=-100}, mean. */
    public NLLLoss() {
        this(builder());
    }

    /**
     * Reduced as asked, as {@code nn.NLLLoss(reduction=...)}.
     *
     * @param reduction {@code NONE} gives one loss per target, {@code MEAN} and {@code SUM} a scalar
     */
    public NLLLoss(Reduction reduction) {
        this(builder().reduction(reduction));
    }

    private NLLLoss(Builder b) {
        super(b.reduction);
        weight = b.weight == null ? null : registerBuffer("weight", b.weight);
        ignoreIndex = b.ignoreIndex;
    }

    /**
     * Starts a loss with PyTorch's defaults: no weights, {@code ignore_index=-100}, mean.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The loss of a batch.
     *
     * @param input [N, C], [C] or [N, C, d1, ...] log-probabilities
     * @param target int64 class indices of the input's shape without C
     * @return the loss: a scalar, or one per target for {@link Reduction#NONE}
     * @throws IllegalArgumentException if a shape, dtype or class index is invalid, or the devices differ
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.nllLoss(input, target, weight, ignoreIndex, reduction());
    }

    /** Options for {@link NLLLoss}; each defaults to PyTorch's. */
    public static final class Builder {
        private Tensor weight;
        private long ignoreIndex = LossFunctions.DEFAULT_IGNORE_INDEX;
        private Reduction reduction = Reduction.MEAN;

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
         * Makes the loss.
         *
         * @return a new NLLLoss
         */
        public NLLLoss build() {
            return new NLLLoss(this);
        }
    }
}
