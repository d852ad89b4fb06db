package dev.blitz.backend;

/**
 * The switch behind {@code Blitz.useDeterministicAlgorithms}: when on, backends use only algorithms that give
 * bit-identical results from run to run for one seed, and an op that has none says so instead of running.
 * The CPU backend is deterministic for a fixed thread count whatever the switch says; the CUDA backend restricts
 * cuDNN's convolution algorithms (its other kernels sum in a fixed order already).
 */
public final class DeterministicAlgorithms {
    private static volatile boolean enabled;

    private DeterministicAlgorithms() {
    }

    /**
     * Turns the restriction on or off for every thread.
     *
     * @param on whether only deterministic algorithms may run
     */
    public static void set(boolean on) {
        enabled = on;
    }

    /** {@return whether only deterministic algorithms may run} */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * The error for an op that has no deterministic version while the restriction is on, with PyTorch's
     * explanation.
     *
     * @param what the op and where it runs, e.g. {@code "conv2d backward-filter on cuda:0 for [64, 1, 28, 28]"}
     * @return the exception to throw
     */
    public static IllegalStateException unavailable(String what) {
        return new IllegalStateException(what + " does not have a deterministic implementation, but you set "
                + "Blitz.useDeterministicAlgorithms(true); turn it off to run this op");
    }
}
