package dev.blitz.tensor;

/**
 * The two results of a reduction that picks elements, as PyTorch's {@code torch.return_types.max} and
 * {@code torch.return_types.min}: {@code var r = x.max(1, false); r.values(); r.indices()}.
 *
 * @param values the chosen elements, with gradient history when the input has it
 * @param indices their int64 positions along the reduced dimension
 */
public record ValuesIndices(Tensor values, Tensor indices) implements AutoCloseable {
    /** Closes both tensors. */
    @Override
    public void close() {
        values.close();
        indices.close();
    }
}
