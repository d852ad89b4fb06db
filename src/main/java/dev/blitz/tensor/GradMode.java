package dev.blitz.tensor;

/** Whether ops record autograd history on this thread; {@link #noGrad()} is PyTorch's {@code torch.no_grad()}. */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);

    private GradMode() {
    }

    /**
     * Whether ops on this thread record autograd history now, as {@code torch.is_grad_enabled()}.
     *
     * @return true unless inside {@link #noGrad()}
     */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /**
     * Turns recording off on this thread until the scope closes, as {@code torch.no_grad()}:
     * {@code try (var g = GradMode.noGrad()) { ... }}.
     *
     * @return the scope; closing it restores the previous mode
     */
    public static Scope noGrad() {
        return set(false);
    }

    /**
     * Turns recording back on until the scope closes, e.g. inside a {@link #noGrad()} block, as
     * {@code torch.enable_grad()}.
     *
     * @return the scope; closing it restores the previous mode
     */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return () -> ENABLED.set(previous);
    }

    /** A mode change that ends at close; closing throws nothing. */
    public interface Scope extends AutoCloseable {
        /** Restores the mode that was in force when the scope was opened. */
        @Override
        void close();
    }
}
