package dev.blitz.nn;

import dev.blitz.tensor.Generator;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;

/** Parameter initialisation, as {@code torch.nn.init}. */
public final class Init {
    private Init() {
    }

    /**
     * Fills {@code t} in place with samples of U(low, high) from the default generator, as
     * {@code nn.init.uniform_}; records no history.
     *
     * @param t the tensor to fill (typically a parameter)
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @return {@code t}
     */
    public static Tensor uniform(Tensor t, float low, float high) {
        float[] values = Generator.getDefault().uniform(t.numel(), low, high);
        try (var g = GradMode.noGrad(); Tensor src = Tensor.of(values, t.shape(), t.device())) {
            t.copyFrom(src);
        }
        return t;
    }

    /**
     * PyTorch's {@code kaiming_uniform_(t, a)} with leaky-ReLU gain, in place: U(-bound, bound) with
     * bound = sqrt(2 / (1 + a²)) * sqrt(3 / fan_in), where fan_in is the product of all dimensions but the first.
     *
     * @param t the tensor to fill, with at least 2 dimensions
     * @param a the negative slope of the leaky ReLU that follows (0 for ReLU)
     * @return {@code t}
     * @throws IllegalArgumentException if {@code t} has fewer than 2 dimensions
     */
    public static Tensor kaimingUniform(Tensor t, double a) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        float bound = (float) (gain * Math.sqrt(3.0 / fanIn(t)));
        return uniform(t, -bound, bound);
    }

    static int fanIn(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("fan_in needs a tensor with at least 2 dimensions, got shape " + t.shape());
        }
        return t.numel() / t.size(0);
    }

    /** PyTorch's default for Conv and Linear layers: kaiming-uniform(a = √5) weight, U(±1/√fan_in) bias. */
    static void resetLayer(Tensor weight, Tensor bias) {
        kaimingUniform(weight, Math.sqrt(5));
        if (bias != null) {
            float bound = (float) (1 / Math.sqrt(fanIn(weight)));
            uniform(bias, -bound, bound);
        }
    }
}
