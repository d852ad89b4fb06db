package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/**
 * Batch normalisation of (N, C) or (N, C, L) inputs per channel C, as {@code nn.BatchNorm1d}; see
 * {@link BatchNorm} for what it computes and keeps. {@code new BatchNorm1d(64)}, or
 * {@code BatchNorm1d.builder(64).momentum(0.01).affine(false).build()}.
 */
public class BatchNorm1d extends BatchNorm {
    /**
     * PyTorch's defaults, as {@code nn.BatchNorm1d(num_features)}: eps 1e-5, momentum 0.1, affine, tracking
     * running statistics.
     *
     * @param numFeatures the channels C, {@code >= 1}
     * @throws IllegalArgumentException if {@code numFeatures} is below 1
     */
    public BatchNorm1d(int numFeatures) {
        this(builder(numFeatures));
    }

    private BatchNorm1d(Builder<BatchNorm1d> options) {
        super(options);
    }

    /**
     * Starts a layer over {@code numFeatures} channels with PyTorch's defaults for the rest.
     *
     * @param numFeatures the channels C, {@code >= 1} (checked by {@code build()})
     * @return the builder
     */
    public static Builder<BatchNorm1d> builder(int numFeatures) {
        return new Builder<>(numFeatures, BatchNorm1d::new);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("expected 2D or 3D input (got " + input.dim() + "D input)");
        }
    }
}
