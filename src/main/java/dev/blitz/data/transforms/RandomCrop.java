package dev.blitz.data.transforms;

import java.util.random.RandomGenerator;

/**
 * A square crop at a random place, after optional zero padding on every side, as torchvision's
 * {@code RandomCrop(size, padding)}: the top row is drawn uniformly from {@code [0, H + 2p - size]} and then the
 * left column from {@code [0, W + 2p - size]} (no draw when the image is exactly the crop's size). CIFAR-10's usual
 * augmentation is {@code new RandomCrop(32, 4)}. Acts on the float image (after {@link ToTensor}).
 */
public final class RandomCrop implements Transform<FloatImage, FloatImage> {
    private final int size;
    private final int padding;

    /**
     * Crops without padding.
     *
     * @param size the crop's height and width, {@code >= 1}
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public RandomCrop(int size) {
        this(size, 0);
    }

    /**
     * Pads with zeros, then crops.
     *
     * @param size the crop's height and width, {@code >= 1}
     * @param padding zeros added on every side first, {@code >= 0}
     * @throws IllegalArgumentException if {@code size < 1} or {@code padding < 0}
     */
    public RandomCrop(int size, int padding) {
        if (size < 1 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: expected size >= 1 and padding >= 0, got size=" + size
                    + " padding=" + padding);
        }
        this.size = size;
        this.padding = padding;
    }

    @Override
    public FloatImage apply(FloatImage image, RandomGenerator random) {
        FloatImage padded = Pad.pad(image, padding, 0f);
        int h = padded.height();
        int w = padded.width();
        if (h < size || w < size) {
            // PyTorch's message, with the padded size it compares against.
            throw new IllegalArgumentException("Required crop size (" + size + ", " + size + ") is larger than input "
                    + "image size (" + h + ", " + w + ")");
        }
        if (h == size && w == size) {
            return padded;
        }
        int top = random.nextInt(h - size + 1);
        int left = random.nextInt(w - size + 1);
        int c = padded.channels();
        float[] src = padded.data();
        float[] dst = new float[c * size * size];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < size; y++) {
                System.arraycopy(src, (ch * h + top + y) * w + left, dst, (ch * size + y) * size, size);
            }
        }
        return new FloatImage(dst, c, size, size);
    }

    @Override
    public String toString() {
        return "RandomCrop(size=(" + size + ", " + size + "), padding=" + (padding == 0 ? "None" : padding) + ")";
    }
}
