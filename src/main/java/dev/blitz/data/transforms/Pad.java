package dev.blitz.data.transforms;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A border of constant value on every side, as torchvision's {@code Pad(padding, fill)} with
 * {@code padding_mode="constant"}: a C×H×W image becomes C×(H+2n)×(W+2n). Acts on the float image (after
 * {@link ToTensor}); a fill of 0 there is a fill of 0 before it.
 */
public final class Pad implements Transform<FloatImage, FloatImage> {
    private final int padding;
    private final double fill;

    /**
     * Pads with zeros (black).
     *
     * @param padding the border's width in pixels, {@code >= 0}
     * @throws IllegalArgumentException if {@code padding} is negative
     */
    public Pad(int padding) {
        this(padding, 0);
    }

    /**
     * Pads with {@code fill}.
     *
     * @param padding the border's width in pixels, {@code >= 0}
     * @param fill the border's value in every channel
     * @throws IllegalArgumentException if {@code padding} is negative
     */
    public Pad(int padding, double fill) {
        if (padding < 0) {
            throw new IllegalArgumentException("Pad: padding must be >= 0, got " + padding);
        }
        this.padding = padding;
        this.fill = fill;
    }

    @Override
    public FloatImage apply(FloatImage image, RandomGenerator random) {
        return pad(image, padding, (float) fill);
    }

    /** {@code image} with {@code n} pixels of {@code fill} on every side; the image itself when {@code n} is 0. */
    static FloatImage pad(FloatImage image, int n, float fill) {
        if (n == 0) {
            return image;
        }
        int c = image.channels();
        int h = image.height();
        int w = image.width();
        int ph = h + 2 * n;
        int pw = w + 2 * n;
        FloatImage.checkedSize("Pad", c, ph, pw);
        float[] dst = new float[c * ph * pw];
        if (fill != 0) {
            Arrays.fill(dst, fill);
        }
        float[] src = image.data();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, (ch * h + y) * w, dst, (ch * ph + y + n) * pw + n, w);
            }
        }
        return new FloatImage(dst, c, ph, pw);
    }

    @Override
    public String toString() {
        return "Pad(padding=" + padding + ", fill=" + number(fill) + ", padding_mode=constant)";
    }

    /** A whole number without ".0", as Python prints the int PyTorch's defaults use. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
