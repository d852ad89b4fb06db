package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/**
 * Batch normalisation of (N, C, H, W) inputs per channel C, as {@code nn.BatchNorm2d}; see
 * {@link BatchNorm} for what it computes and keeps. {@code new BatchNorm2d(64)}, or
 * {@code BatchNorm2d.builder(64).momentum(0.01).affine(false).build()}.
 */
public class BatchNorm2d extends BatchNorm {
    /**
     * PyTorch's defaults, as {@code nn.BatchNorm2d(num_features)}: eps 1e-5, momentum 0.1, affine, tracking
     * running statistics.
     *
     * @param numFeatures the channels C, {@code >= 1}
     * @throws IllegalArgumentException if {@code numFeatures} is below 1
     */
    public BatchNorm2d(int numFeatures) {
        this(builder(numFeatures));
    }

    private BatchNorm2d(Builder<BatchNorm2d> options) {
        super(options);
    }

    /**
     * Starts a layer over {@code numFeatures} channels with PyTorch's defaults for the rest.
     *
     * @param numFeatures the channels C, {@code >= 1} (checked by {@code build()})
     * @return the builder
     */
    public static Builder<BatchNorm2d> builder(int numFeatures) {
        return new Builder<>(numFeatures, BatchNorm2d::new);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException("expected 4D input (got " + input.dim() + "D input)");
        }
    }
}
