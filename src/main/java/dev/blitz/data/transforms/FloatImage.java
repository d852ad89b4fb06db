package dev.blitz.data.transforms;

import dev.blitz.core.Shape;

import java.util.Arrays;

/**
 * A float32 image, channels first ([C, H, W] row-major), as {@link ToTensor} makes it: one sample of the tensors a
 * data loader batches, on the host so that transforms cost no device calls. Transforms make new images and never
 * change their input. Equal when the geometry and every value ({@link Float#compare}) are.
 *
 * @param data {@code channels * height * width} values: {@code data[(c * height + y) * width + x]}
 * @param channels the number of channels
 * @param height rows
 * @param width columns
 */
public record FloatImage(float[] data, int channels, int height, int width) {
    /**
     * Checks the geometry against the data.
     *
     * @param data {@code channels * height * width} values, channels first
     * @param channels the number of channels, {@code >= 1}
     * @param height rows, {@code >= 1}
     * @param width columns, {@code >= 1}
     * @throws IllegalArgumentException if a size is below 1 or {@code data} does not hold exactly
     *     {@code channels * height * width} values
     */
    public FloatImage {
        if (data == null) {
            throw new IllegalArgumentException("FloatImage: data must not be null");
        }
        long n = checkedSize("FloatImage", channels, height, width);
        if (data.length != n) {
            throw new IllegalArgumentException("FloatImage: " + channels + "x" + height + "x" + width + " needs " + n
                    + " values, got " + data.length);
        }
    }

    /**
     * A black image (all zeros).
     *
     * @param channels the number of channels, {@code >= 1}
     * @param height rows, {@code >= 1}
     * @param width columns, {@code >= 1}
     * @return a new image
     */
    public static FloatImage zeros(int channels, int height, int width) {
        return new FloatImage(new float[(int) checkedSize("FloatImage", channels, height, width)], channels, height,
                width);
    }

    /** The element count of a C×H×W image, checked: every size {@code >= 1} and the product an array length. */
    static long checkedSize(String what, int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(what + ": channels, height and width must be >= 1, got " + channels
                    + "x" + height + "x" + width);
        }
        long n = (long) channels * height * width;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + ": " + channels + "x" + height + "x" + width
                    + " is more values than one array holds");
        }
        return n;
    }

    /**
     * One value.
     *
     * @param c the channel
     * @param y the row
     * @param x the column
     * @return {@code data[(c * height + y) * width + x]}
     */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** {@return the tensor shape of this image, [C, H, W]} */
    public Shape shape() {
        return Shape.of(channels, height, width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatImage f && f.channels == channels && f.height == height && f.width == width
                && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(data) + channels) + height) + width;
    }

    @Override
    public String toString() {
        return "FloatImage(" + channels + "x" + height + "x" + width + ")";
    }
}
