package dev.blitz.tensor;

import java.util.Random;

/** The seedable source of random numbers behind {@code Tensor.randn}, {@code rand} and parameter init. */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5EEDL);

    private final Random random;

    /**
     * A generator of its own, independent of the default one.
     *
     * @param seed the initial seed
     */
    public Generator(long seed) {
        this.random = new Random(seed);
    }

    /**
     * The generator {@code Tensor.randn}/{@code rand} and {@code nn.Init} draw from, as PyTorch's default
     * generator; {@code Blitz.manualSeed} seeds it.
     *
     * @return the shared default generator
     */
    public static Generator getDefault() {
        return DEFAULT;
    }

    /**
     * Restarts the sequence from {@code seed}, as {@code torch.Generator.manual_seed}.
     *
     * @param seed the new seed
     */
    public synchronized void manualSeed(long seed) {
        random.setSeed(seed);
    }

    /**
     * Samples from a normal distribution.
     *
     * @param n how many samples
     * @param mean the distribution's mean
     * @param std the distribution's standard deviation
     * @return {@code n} samples
     */
    public synchronized float[] normal(int n, float mean, float std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + std * random.nextGaussian());
        }
        return out;
    }

    /**
     * Samples uniformly from {@code [low, high)}.
     *
     * @param n how many samples
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @return {@code n} samples
     */
    public synchronized float[] uniform(int n, float low, float high) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return out;
    }
}
