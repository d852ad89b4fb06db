package dev.blitz.autograd;

import dev.blitz.tensor.Tensor;

/** The bridge through which {@code autograd} sets a tensor's {@code gradFn}; not for user code. */
public final class Graph {
    private static Binder binder;

    private Graph() {
    }

    /**
     * Installed once by {@link Tensor}'s static initialiser.
     *
     * @param b the code that sets a tensor's {@code gradFn}
     */
    public static void install(Binder b) {
        binder = b;
    }

    static void attach(Tensor output, Function fn) {
        binder.attach(output, fn);
    }

    /** Sets a tensor's private autograd fields; implemented inside {@link Tensor}. */
    public interface Binder {
        /**
         * Makes {@code fn} the {@code gradFn} of {@code output} and marks it as requiring grad.
         *
         * @param output the op's result
         * @param fn the function that produced it
         */
        void attach(Tensor output, Function fn);
    }
}
