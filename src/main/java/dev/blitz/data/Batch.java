package dev.blitz.data;

import dev.blitz.tensor.Tensor;

/**
 * One mini-batch: float32 {@code images} of shape [B, ...sample shape] and int64 {@code labels} of shape [B]
 * holding class indices, as PyTorch's MNIST loader gives them (what {@code F.crossEntropy} takes). Close it after
 * the step to free device memory early.
 *
 * @param images the samples, [B, ...sample shape]
 * @param labels the int64 class indices, [B]
 */
public record Batch(Tensor images, Tensor labels) implements AutoCloseable {
    /**
     * The number of samples, B; the last batch of an epoch may be smaller than the loader's batch size.
     *
     * @return the batch size
     */
    public int size() {
        return labels.size(0);
    }

    /** Closes both tensors. */
    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
