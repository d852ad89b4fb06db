package dev.blitz.data;

import dev.blitz.tensor.Tensor;

/**
 * One mini-batch: {@code images} of shape [B, ...sample shape] and {@code labels} of shape [B] holding class
 * indices as floats (what {@code F.crossEntropy} takes). Close it after the step to free device memory early.
 */
public record Batch(Tensor images, Tensor labels) implements AutoCloseable {
    public int size() {
        return labels.size(0);
    }

    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
