package dev.blitz.data.transforms;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Per-channel standardisation, as torchvision's {@code Normalize(mean, std)}: channel {@code c} becomes
 * {@code (x - mean[c]) / std[c]}, in float32 as PyTorch computes it on a float tensor. One mean and one std apply to
 * every channel (PyTorch broadcasts a length-1 sequence the same way).
 */
public final class Normalize implements Transform<FloatImage, FloatImage> {
    private final double[] mean;
    private final double[] std;
    private final float[] meanF;
    private final float[] stdF;

    /**
     * Makes the transform.
     *
     * @param mean one value per channel, or one for all
     * @param std as many values as {@code mean}, none zero in float32
     * @throws IllegalArgumentException if the lengths differ or are 0, or a std value is 0 once rounded to float32
     */
    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: mean and std must have the same number of values (one per "
                    + "channel, or one for all), got " + mean.length + " and " + std.length);
        }
        this.mean = mean.clone();
        this.std = std.clone();
        meanF = new float[mean.length];
        stdF = new float[std.length];
        for (int i = 0; i < mean.length; i++) {
            meanF[i] = (float) mean[i];
            stdF[i] = (float) std[i];
            if (stdF[i] == 0) {
                // PyTorch's message.
                throw new IllegalArgumentException("std evaluated to zero after conversion to torch.float32, leading "
                        + "to division by zero.");
            }
        }
    }

    @Override
    public FloatImage apply(FloatImage image, RandomGenerator random) {
        int c = image.channels();
        if (meanF.length != 1 && meanF.length != c) {
            throw new IllegalArgumentException("Normalize: mean and std have " + meanF.length
                    + " values but the image (" + image.shape() + ") has " + c + " channel" + (c == 1 ? "" : "s")
                    + "; expected one per channel, or one for all");
        }
        int plane = image.height() * image.width();
        float[] src = image.data();
        float[] dst = new float[src.length];
        for (int ch = 0; ch < c; ch++) {
            float m = meanF[meanF.length == 1 ? 0 : ch];
            float s = stdF[stdF.length == 1 ? 0 : ch];
            for (int i = ch * plane; i < (ch + 1) * plane; i++) {
                dst[i] = (src[i] - m) / s;
            }
        }
        return new FloatImage(dst, c, image.height(), image.width());
    }

    /** {@return the means, one per channel or one for all} */
    public double[] mean() {
        return mean.clone();
    }

    /** {@return the standard deviations, one per channel or one for all} */
    public double[] std() {
        return std.clone();
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
