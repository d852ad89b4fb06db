package dev.blitz.tensor;

import java.util.function.Supplier;

/**
 * PyTorch's anomaly detection ({@code torch.autograd.detect_anomaly}): inside {@link #detect()}, the first op
 * whose forward output or backward gradient holds NaN or infinity throws, naming the op, the shapes and, for a
 * gradient, where its forward op was called. It reads every result back to the host, so it is for debugging.
 */
public final class AnomalyMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> false);
    /** Backward's own ops are checked as the gradients of the node that ran them, not one by one. */
    private static final ThreadLocal<Boolean> IN_BACKWARD = ThreadLocal.withInitial(() -> false);

    private AnomalyMode() {
    }

    /** {@return whether anomaly detection is on for this thread} */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /**
     * Turns anomaly detection on for this thread until the scope closes:
     * {@code try (var a = AnomalyMode.detect()) { ... }}.
     *
     * @return the scope; closing it restores the previous mode
     */
    public static GradMode.Scope detect() {
        boolean previous = ENABLED.get();
        ENABLED.set(true);
        return () -> ENABLED.set(previous);
    }

    /** Whether forward outputs are checked now: on, and not inside backward. */
    static boolean checksForward() {
        return ENABLED.get() && !IN_BACKWARD.get();
    }

    /** Runs {@code backward} with the forward checks off (it is checked by its results). */
    static <T> T duringBackward(Supplier<T> backward) {
        boolean previous = IN_BACKWARD.get();
        IN_BACKWARD.set(true);
        try {
            return backward.get();
        } finally {
            IN_BACKWARD.set(previous);
        }
    }

    /** Throws if {@code t} holds a value that is not finite; {@code what} and {@code which} name it for the message. */
    static void check(Tensor t, Supplier<String> what, String which, Throwable createdAt) {
        if (t == null) {
            return;
        }
        float[] values = t.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                String where = createdAt == null ? "" : "; the forward op was called at " + firstCaller(createdAt)
                        + " (the cause has its whole stack)";
                throw new IllegalStateException("detectAnomaly: " + what.get() + " " + values[i] + " in " + which
                        + " of shape " + t.shape() + " (element " + i + ")" + where, createdAt);
            }
        }
    }

    /** The first stack frame outside the op layers (tensor, nn, optim): the user's line that called the op. */
    private static String firstCaller(Throwable trace) {
        for (StackTraceElement e : trace.getStackTrace()) {
            String c = e.getClassName();
            boolean opLayer = c.startsWith("dev.blitz.tensor.") || c.startsWith("dev.blitz.nn.")
                    || c.startsWith("dev.blitz.optim.");
            if (!opLayer) {
                return e.toString();
            }
        }
        return trace.getStackTrace().length > 0 ? trace.getStackTrace()[0].toString() : "an unknown place";
    }
}
