package dev.blitz.tensor;

/**
 * A closed tensor was used: its hold on its memory was given up by {@link Tensor#close()} or by the
 * {@link MemoryScope} it was created in. Views and detached tensors taken before the close are not closed and stay
 * usable. Layers catch it to name the parameter, e.g. {@code conv1.weight}.
 */
public final class ClosedTensorException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Not serialised: the tensor is for code that catches this in the same run. */
    private final transient Tensor tensor;
    /** Whether a {@link MemoryScope} closed it, rather than a call to {@code close()}. */
    private final boolean closedByScope;

    ClosedTensorException(Tensor tensor, boolean closedByScope) {
        super(describe("tensor of shape " + tensor.shape(), closedByScope));
        this.tensor = tensor;
        this.closedByScope = closedByScope;
    }

    private static String describe(String what, boolean closedByScope) {
        return closedByScope
                ? what + " was closed by the MemoryScope it was created in; create it before opening the scope, or"
                        + " pass what must outlive the scope to scope.keep(...)"
                : what + " was closed (close() was called on it) and can no longer be used";
    }

    /**
     * The closed tensor; null in a deserialised exception.
     *
     * @return the tensor that was used after its close
     */
    public Tensor tensor() {
        return tensor;
    }

    /**
     * Whether the tensor was closed by the {@link MemoryScope} it was created in rather than by {@code close()}.
     *
     * @return true when a scope closed it
     */
    public boolean closedByScope() {
        return closedByScope;
    }
}
