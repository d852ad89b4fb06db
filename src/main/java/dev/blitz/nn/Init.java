package dev.blitz.nn;

import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;

/** Parameter initialisation, as {@code torch.nn.init}. */
public final class Init {
    private Init() {
    }

    /**
     * Fills {@code t} in place with samples of U(low, high) from the default generator, as
     * {@code nn.init.uniform_}: the same numbers as PyTorch's after the same seed. Records no history.
     *
     * @param t the tensor to fill (typically a parameter)
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @return {@code t}
     */
    public static Tensor uniform(Tensor t, double low, double high) {
        try (var g = GradMode.noGrad()) {
            return t.uniformInPlace(low, high);
        }
    }

    /**
     * PyTorch's {@code kaiming_uniform_(t, a)} with leaky-ReLU gain, in place: U(-bound, bound) with
     * bound = √3 · gain / √fan_in and gain = √(2 / (1 + a²)), where fan_in is the product of all dimensions but
     * the first. The bound is computed in double in PyTorch's order, so it rounds to the same float.
     *
     * @param t the tensor to fill, with at least 2 dimensions
     * @param a the negative slope of the leaky ReLU that follows (0 for ReLU)
     * @return {@code t}
     * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
     */
    public static Tensor kaimingUniform(Tensor t, double a) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double std = gain / Math.sqrt(fanIn(t));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound);
    }

    /** Which of a weight's fans Kaiming initialisation keeps the variance of, PyTorch's {@code mode}. */
    public enum FanMode {
        /** {@code "fan_in"}: the forward pass's activations; the product of all dimensions but the first. */
        FAN_IN,
        /** {@code "fan_out"}: the backward pass's gradients; the product of all dimensions but the second. */
        FAN_OUT
    }

    /**
     * PyTorch's {@code kaiming_normal_(t, a, mode)} with leaky-ReLU gain, in place: N(0, std²) with
     * std = gain / √fan and gain = √(2 / (1 + a²)); {@code a = 0} is PyTorch's {@code nonlinearity="relu"}
     * (gain √2).
     * The samples are PyTorch's {@code normal_} after the same seed; std is computed in double in PyTorch's order.
     *
     * @param t the tensor to fill, with at least 2 dimensions
     * @param a the negative slope of the leaky ReLU that follows (0 for ReLU)
     * @param mode the fan whose variance is kept
     * @return {@code t}
     * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
     */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double std = gain / Math.sqrt(mode == FanMode.FAN_IN ? fanIn(t) : fanOut(t));
        try (var g = GradMode.noGrad()) {
            return t.normalInPlace(0, std);
        }
    }

    /**
     * Fills {@code t} in place with {@code value}, as {@code nn.init.constant_}. Records no history.
     *
     * @param t the tensor to fill
     * @param value the value
     * @return {@code t}
     */
    public static Tensor constant(Tensor t, double value) {
        try (var g = GradMode.noGrad()) {
            return t.fillInPlace(value);
        }
    }

    static int fanIn(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("fan_in needs a tensor with at least 2 dimensions, got shape " + t.shape());
        }
        return t.numel() / t.size(0);
    }

    static int fanOut(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("fan_out needs a tensor with at least 2 dimensions, got shape "
                    + t.shape());
        }
        return t.numel() / t.size(1);
    }

    /** PyTorch's default for Conv and Linear layers: kaiming-uniform(a = √5) weight, U(±1/√fan_in) bias. */
    static void resetLayer(Tensor weight, Tensor bias) {
        kaimingUniform(weight, Math.sqrt(5));
        if (bias != null) {
            double bound = 1 / Math.sqrt(fanIn(weight));
            uniform(bias, -bound, bound);
        }
    }
}
