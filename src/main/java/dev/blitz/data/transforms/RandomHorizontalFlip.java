package dev.blitz.data.transforms;

import java.util.random.RandomGenerator;

/**
 * A left-right mirror image with probability {@code p}, as torchvision's {@code RandomHorizontalFlip(p)}: one draw
 * {@code u} uniform in [0, 1) per sample, flipped when {@code u < p}. Acts on the float image (after
 * {@link ToTensor}).
 */
public final class RandomHorizontalFlip implements Transform<FloatImage, FloatImage> {
    private final double p;

    /** Flips half of the samples, torchvision's default {@code p=0.5}. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    /**
     * Flips with probability {@code p}.
     *
     * @param p in [0, 1]
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or NaN
     */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public FloatImage apply(FloatImage image, RandomGenerator random) {
        if (!(random.nextDouble() < p)) {
            return image;
        }
        int w = image.width();
        float[] src = image.data();
        float[] dst = new float[src.length];
        // dst[row + x] = src[row + w - 1 - x] for every row of every channel
        for (int row = 0; row < src.length; row += w) {
            for (int x = 0; x < w; x++) {
                dst[row + x] = src[row + w - 1 - x];
            }
        }
        return new FloatImage(dst, image.channels(), image.height(), w);
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(p=" + p + ")";
    }
}
