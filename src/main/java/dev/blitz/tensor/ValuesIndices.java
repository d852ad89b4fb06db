package dev.blitz.tensor;

/**
 * The two results of a reduction that picks elements, as PyTorch's {@code torch.return_types.max} and
 * {@code torch.return_types.min}: {@code var r = x.max(1, false); r.values(); r.indices()}.
 *
 * @param values the chosen elements, with gradient history when the input has it
 * @param indices their int64 positions along the reduced dimension
 * @param name the op that made them, {@code "max"} or {@code "min"}, as in {@code torch.return_types.max}
 */
public record ValuesIndices(Tensor values, Tensor indices, String name) implements AutoCloseable {
    /** Closes both tensors. */
    @Override
    public void close() {
        values.close();
        indices.close();
    }

    /**
     * PyTorch's printed form of its named tuple, e.g.
     * {@code torch.return_types.max(\nvalues=tensor([3., 4.]),\nindices=tensor([1, 1]))}.
     */
    @Override
    public String toString() {
        return "torch.return_types." + name + "(\nvalues=" + values + ",\nindices=" + indices + ")";
    }
}
