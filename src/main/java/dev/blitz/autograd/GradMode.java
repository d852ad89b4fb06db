package dev.blitz.autograd;

/** Whether ops record autograd history on this thread; {@link #noGrad()} is PyTorch's {@code torch.no_grad()}. */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Use as {@code try (var g = GradMode.noGrad()) { ... }}; restores the previous mode on close. */
    public static Scope noGrad() {
        return set(false);
    }

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
        @Override
        void close();
    }
}
