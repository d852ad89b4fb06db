package dev.blitz.data.transforms;

import java.util.random.RandomGenerator;

/**
 * Unsigned bytes to floats in [0, 1], channels first, as torchvision's {@code ToTensor}: pixel {@code p} becomes
 * {@code p / 255f} (float32 division, as PyTorch's {@code img.float().div(255)}), and an {@link ByteImage.Layout#HWC}
 * image is reordered to [C, H, W].
 */
public final class ToTensor implements Transform<ByteImage, FloatImage> {
    private static final float[] VALUE = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            VALUE[p] = p / 255f;
        }
    }

    /** The transform; it has no options. */
    public ToTensor() {
    }

    @Override
    public FloatImage apply(ByteImage image, RandomGenerator random) {
        int c = image.channels();
        int h = image.height();
        int w = image.width();
        byte[] src = image.pixels();
        float[] dst = new float[src.length];
        if (image.layout() == ByteImage.Layout.CHW || c == 1) {
            for (int i = 0; i < src.length; i++) {
                dst[i] = VALUE[src[i] & 0xff];
            }
        } else {
            // dst[(ch * h + y) * w + x] = src[(y * w + x) * c + ch]
            int plane = h * w;
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < c; ch++) {
                    dst[ch * plane + p] = VALUE[src[p * c + ch] & 0xff];
                }
            }
        }
        return new FloatImage(dst, c, h, w);
    }

    @Override
    public String toString() {
        return "ToTensor()";
    }
}
