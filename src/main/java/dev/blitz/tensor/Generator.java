package dev.blitz.tensor;

import java.util.Random;

/** The seedable source of random numbers behind {@code Tensor.randn}, {@code rand} and parameter init. */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5EEDL);

    private final Random random;

    public Generator(long seed) {
        this.random = new Random(seed);
    }

    public static Generator getDefault() {
        return DEFAULT;
    }

    public synchronized void manualSeed(long seed) {
        random.setSeed(seed);
    }

    public synchronized float[] normal(int n, float mean, float std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + std * random.nextGaussian());
        }
        return out;
    }

    /** Uniform on [low, high). */
    public synchronized float[] uniform(int n, float low, float high) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return out;
    }
}
