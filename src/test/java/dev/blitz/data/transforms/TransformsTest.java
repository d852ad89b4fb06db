package dev.blitz.data.transforms;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformsTest {
    private static final SplittableRandom ANY = new SplittableRandom(1);

    /** A 1×3×4 float image holding 1, 2, ..., 12 row-major. */
    private static FloatImage counting(int channels, int h, int w) {
        float[] v = new float[channels * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return new FloatImage(v, channels, h, w);
    }

    @Test
    void toTensorScalesBytesTo01AndPutsChannelsFirst() {
        // Two pixels, RGB, interleaved as PIL/NumPy hold them: (0, 128, 255) and (1, 2, 3).
        ByteImage hwc = new ByteImage(new byte[] {0, (byte) 128, (byte) 255, 1, 2, 3}, 3, 1, 2, ByteImage.Layout.HWC);
        FloatImage t = new ToTensor().apply(hwc, ANY);
        assertEquals(List.of(3, 1, 2), List.of(t.channels(), t.height(), t.width()));
        // PyTorch: img.permute(2, 0, 1).float().div(255)
        assertArrayEquals(new float[] {0f, 1 / 255f, 128 / 255f, 2 / 255f, 1f, 3 / 255f}, t.data());
        assertEquals(128 / 255f, hwc.get(1, 0, 0) / 255f);

        ByteImage chw = new ByteImage(new byte[] {0, 1, (byte) 128, 2, (byte) 255, 3}, 3, 1, 2, ByteImage.Layout.CHW);
        assertEquals(t, new ToTensor().apply(chw, ANY), "the same pixels in the other layout");
        assertEquals("ToTensor()", new ToTensor().toString());
    }

    @Test
    void normalizeIsPerChannelInFloat32() {
        FloatImage x = counting(2, 1, 3); // channel 0: 1 2 3, channel 1: 4 5 6
        FloatImage y = new Normalize(new double[] {0.5, 4}, new double[] {0.25, 2}).apply(x, ANY);
        double[] expected = {(1 - 0.5) / 0.25, (2 - 0.5) / 0.25, (3 - 0.5) / 0.25, 0, 0.5, 1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], y.data()[i], 0, "element " + i);
        }
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, x.data(), "the input is left as it was");

        // CIFAR-10's usual constants: (x - mean) / std computed as PyTorch does on a float32 tensor.
        FloatImage one = new FloatImage(new float[] {0.3f, 0.3f, 0.3f}, 3, 1, 1);
        FloatImage z = new Normalize(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616})
                .apply(one, ANY);
        assertEquals((0.3f - 0.4914f) / 0.2470f, z.data()[0]);
        assertEquals((0.3 - 0.4465) / 0.2616, z.data()[2], 1e-6, "close to the float64 value");

        // One mean and std for every channel, as PyTorch broadcasts a length-1 sequence.
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11},
                new Normalize(new double[] {0.5}, new double[] {0.5}).apply(x, ANY).data());
    }

    @Test
    void normalizeErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new double[] {0.5, 0.5}, new double[] {0.5, 1e-50}));
        assertEquals("std evaluated to zero after conversion to torch.float32, leading to division by zero.",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0.5, 0.5},
                new double[] {0.5}));
        assertEquals("Normalize: mean and std must have the same number of values (one per channel, or one for all), "
                + "got 2 and 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).apply(counting(1, 2, 2), ANY));
        assertEquals("Normalize: mean and std have 3 values but the image ([1, 2, 2]) has 1 channel; expected one per "
                + "channel, or one for all",
                e.getMessage());
    }

    @Test
    void padAddsABorderOfFill() {
        FloatImage x = counting(1, 2, 2);
        FloatImage p = new Pad(1).apply(x, ANY);
        assertArrayEquals(new float[] {
            0, 0, 0, 0,
            0, 1, 2, 0,
            0, 3, 4, 0,
            0, 0, 0, 0}, p.data());
        assertEquals(List.of(1, 4, 4), List.of(p.channels(), p.height(), p.width()));
        FloatImage filled = new Pad(2, -1).apply(counting(2, 1, 1), ANY);
        assertEquals(2 * 5 * 5, filled.data().length);
        assertEquals(-1f, filled.get(1, 0, 0));
        assertEquals(2f, filled.get(1, 2, 2));
        assertEquals(1f, filled.get(0, 2, 2));
        assertSame(x, new Pad(0).apply(x, ANY));
        assertEquals("Pad(padding=2, fill=0, padding_mode=constant)", new Pad(2).toString());
        assertEquals("Pad: padding must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> new Pad(-1)).getMessage());
    }

    @Test
    void randomCropTakesEveryPositionOfThePaddedImage() {
        FloatImage x = counting(2, 3, 3);
        RandomCrop crop = new RandomCrop(3, 1); // the padded image is 5×5: 3×3 = 9 positions
        Set<String> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 400; i++) {
            FloatImage c = crop.apply(x, random);
            assertEquals(List.of(2, 3, 3), List.of(c.channels(), c.height(), c.width()));
            // Where did it come from? The padded image's value at (top + y, left + x) is x's at (top+y-1, left+x-1).
            int[] at = locate(x, c);
            seen.add(at[0] + "," + at[1]);
        }
        assertEquals(9, seen.size(), "positions seen: " + seen);
    }

    /** The (top, left) of {@code crop} in {@code image} padded by 1, checked on every value of both channels. */
    private static int[] locate(FloatImage image, FloatImage crop) {
        FloatImage padded = new Pad(1).apply(image, ANY);
        for (int top = 0; top + crop.height() <= padded.height(); top++) {
            for (int left = 0; left + crop.width() <= padded.width(); left++) {
                boolean all = true;
                for (int c = 0; c < crop.channels() && all; c++) {
                    for (int y = 0; y < crop.height() && all; y++) {
                        for (int xx = 0; xx < crop.width() && all; xx++) {
                            all = crop.get(c, y, xx) == padded.get(c, top + y, left + xx);
                        }
                    }
                }
                if (all) {
                    return new int[] {top, left};
                }
            }
        }
        throw new AssertionError("the crop is not a window of the padded image");
    }

    @Test
    void randomCropIsAFunctionOfTheGenerator() {
        FloatImage x = counting(3, 8, 8);
        RandomCrop crop = new RandomCrop(6, 2);
        assertEquals(crop.apply(x, new SplittableRandom(42)), crop.apply(x, new SplittableRandom(42)));
        assertEquals("RandomCrop(size=(6, 6), padding=2)", crop.toString());
        assertEquals("RandomCrop(size=(32, 32), padding=None)", new RandomCrop(32).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomCrop(9, 0).apply(x, ANY));
        assertEquals("Required crop size (9, 9) is larger than input image size (8, 8)", e.getMessage());
        assertEquals(x, new RandomCrop(8).apply(x, ANY), "a crop of the whole image is the image");
    }

    @Test
    void horizontalFlipMirrorsEachRowWithProbabilityP() {
        FloatImage x = counting(2, 2, 3);
        FloatImage f = new RandomHorizontalFlip(1).apply(x, ANY);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, f.data());
        assertSame(x, new RandomHorizontalFlip(0).apply(x, ANY));
        int flipped = 0;
        SplittableRandom random = new SplittableRandom(3);
        RandomHorizontalFlip half = new RandomHorizontalFlip();
        for (int i = 0; i < 10_000; i++) {
            if (half.apply(x, random) != x) {
                flipped++;
            }
        }
        // Binomial(10000, 0.5): 5 standard deviations are 250.
        assertTrue(Math.abs(flipped - 5000) < 250, flipped + " of 10000 flipped");
        assertEquals("RandomHorizontalFlip(p=0.5)", half.toString());
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(Double.NaN));
    }

    @Test
    void composeAppliesInOrderAndPrintsAsTorchvision() {
        Compose<ByteImage, FloatImage> t = Compose.of(new ToTensor(), new Pad(1),
                new Normalize(new double[] {0.5}, new double[] {0.5}));
        FloatImage y = t.apply(new ByteImage(new byte[] {(byte) 255}, 1, 1, 1, ByteImage.Layout.CHW), ANY);
        // The padding is 0 before Normalize: (0 - 0.5) / 0.5 = -1; the pixel is (1 - 0.5) / 0.5 = 1.
        assertArrayEquals(new float[] {-1, -1, -1, -1, 1, -1, -1, -1, -1}, y.data());
        assertEquals("""
                Compose(
                    ToTensor()
                    Pad(padding=1, fill=0, padding_mode=constant)
                    Normalize(mean=[0.5], std=[0.5])
                )""", t.toString());

        Compose<ByteImage, FloatImage> chained = new ToTensor().andThen(new Pad(1))
                .andThen(Compose.of(new Normalize(new double[] {0.5}, new double[] {0.5})));
        assertEquals(t.toString(), chained.toString(), "andThen flattens nested compositions");
        assertEquals(3, chained.transforms().size());
    }

    @Test
    void imagesCheckTheirGeometry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ByteImage(new byte[5], 1, 2, 3, ByteImage.Layout.CHW));
        assertEquals("ByteImage: 1x2x3 (CHW) needs 6 bytes, got 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FloatImage(new float[0], 0, 2, 3));
        assertEquals("FloatImage: channels, height and width must be >= 1, got 0x2x3", e.getMessage());
        assertNotEquals(counting(1, 2, 3), counting(1, 3, 2));
        assertEquals(counting(1, 2, 3).hashCode(), counting(1, 2, 3).hashCode());
    }
}
