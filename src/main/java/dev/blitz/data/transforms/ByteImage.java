package dev.blitz.data.transforms;

import java.util.Arrays;

/**
 * An image of unsigned 8-bit pixels as a dataset stores it, before {@link ToTensor}: channel planes one after the
 * other ({@link Layout#CHW}, as CIFAR-10's binary files and MNIST's single plane) or pixels with their channels
 * interleaved ({@link Layout#HWC}, as a PIL image or a NumPy array of one). Equal when the geometry, the layout and
 * every pixel are.
 *
 * @param pixels {@code channels * height * width} bytes, each read as 0 to 255
 * @param channels the number of channels, e.g. 1 (grey) or 3 (RGB)
 * @param height rows
 * @param width columns
 * @param layout the order of {@code pixels}
 */
public record ByteImage(byte[] pixels, int channels, int height, int width, Layout layout) {
    /** The order of an image's bytes. */
    public enum Layout {
        /** Channel planes, each row-major: {@code pixels[(c * height + y) * width + x]}. */
        CHW,
        /** Rows of pixels, each pixel's channels together: {@code pixels[(y * width + x) * channels + c]}. */
        HWC
    }

    /**
     * Checks the geometry against the data.
     *
     * @param pixels {@code channels * height * width} bytes, each read as 0 to 255
     * @param channels the number of channels, {@code >= 1}
     * @param height rows, {@code >= 1}
     * @param width columns, {@code >= 1}
     * @param layout the order of {@code pixels}
     * @throws IllegalArgumentException if a size is below 1 or {@code pixels} does not hold exactly
     *     {@code channels * height * width} bytes
     */
    public ByteImage {
        if (pixels == null || layout == null) {
            throw new IllegalArgumentException("ByteImage: pixels and layout must not be null");
        }
        long n = FloatImage.checkedSize("ByteImage", channels, height, width);
        if (pixels.length != n) {
            throw new IllegalArgumentException("ByteImage: " + channels + "x" + height + "x" + width + " (" + layout
                    + ") needs " + n + " bytes, got " + pixels.length);
        }
    }

    /**
     * One pixel's value in one channel.
     *
     * @param c the channel
     * @param y the row
     * @param x the column
     * @return the unsigned value, 0 to 255
     */
    public int get(int c, int y, int x) {
        int i = layout == Layout.CHW ? (c * height + y) * width + x : (y * width + x) * channels + c;
        return pixels[i] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteImage b && b.channels == channels && b.height == height && b.width == width
                && b.layout == layout && Arrays.equals(b.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * Arrays.hashCode(pixels) + channels) + height) + width) + layout.hashCode();
    }

    @Override
    public String toString() {
        return "ByteImage(" + channels + "x" + height + "x" + width + ", " + layout + ")";
    }
}
