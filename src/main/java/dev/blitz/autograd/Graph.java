package dev.blitz.autograd;

import dev.blitz.tensor.Tensor;

/** The bridge through which {@code autograd} sets a tensor's {@code gradFn}; not for user code. */
public final class Graph {
    private static Binder binder;

    private Graph() {
    }

    /** Installed once by {@link Tensor}'s static initialiser. */
    public static void install(Binder b) {
        binder = b;
    }

    static void attach(Tensor output, Function fn) {
        binder.attach(output, fn);
    }

    public interface Binder {
        void attach(Tensor output, Function fn);
    }
}
