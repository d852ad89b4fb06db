package dev.blitz.viz;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.data.Batch;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageGridTest {
    @TempDir
    Path dir;

    /** Image k of a [B, C, H, W] batch holds (k * 40 + c * 10 + y * W + x) / 255 at [c, y, x]. */
    private static Tensor batch(int b, int c, int h, int w) {
        float[] v = new float[b * c * h * w];
        for (int k = 0; k < b; k++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        v[((k * c + ch) * h + y) * w + x] = byteAt(k, ch, y, x, w) / 255f;
                    }
                }
            }
        }
        return Tensor.of(v, Shape.of(b, c, h, w), Device.CPU);
    }

    private static int byteAt(int k, int c, int y, int x, int w) {
        return k * 40 + c * 10 + y * w + x;
    }

    private static BufferedImage decode(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not a PNG ImageIO can read");
        return image;
    }

    @Test
    void greyImagesLandWhereTheLayoutSays() throws IOException {
        Path png = dir.resolve("grid.png");
        try (Tensor images = batch(5, 1, 3, 4)) {
            ImageGrid.of(images).columns(2).padding(2).scale(3).write(png);
        }
        BufferedImage image = decode(png);
        // 2 columns, 3 rows of 12×9 cells: 2 * (12 + 2) + 2 wide, 3 * (9 + 2) + 2 high.
        assertEquals(30, image.getWidth());
        assertEquals(35, image.getHeight());
        for (int k = 0; k < 5; k++) {
            int x0 = 2 + (k % 2) * 14;
            int y0 = 2 + (k / 2) * 11;
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    int v = byteAt(k, 0, y, x, 4);
                    for (int d = 0; d < 3; d++) {
                        int rgb = image.getRGB(x0 + 3 * x + d, y0 + 3 * y + 2 - d) & 0xffffff;
                        assertEquals(v << 16 | v << 8 | v, rgb, "image " + k + " pixel (" + y + ", " + x + ")");
                    }
                }
            }
        }
        assertEquals(0, image.getRGB(0, 0) & 0xffffff, "the padding is black, as make_grid's pad_value=0");
        assertEquals(0, image.getRGB(16 + 5, 2 + 2 * 11 + 4) & 0xffffff, "the empty sixth cell is black too");
    }

    @Test
    void colourImagesUnnormalisedAsTheChaptersImshow() throws IOException {
        // Normalize(0.5, 0.5) maps p to 2p - 1; unnormalize(0.5, 0.5) shows v / 2 + 0.5 = p again.
        float[] v = new float[3 * 2 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 20 / 255f - 0.5f) / 0.5f;
        }
        Path png = dir.resolve("rgb.png");
        try (Tensor images = Tensor.of(v, Shape.of(1, 3, 2, 2), Device.CPU)) {
            ImageGrid.of(images).scale(1).padding(0).unnormalize(new double[] {0.5}, new double[] {0.5}).write(png);
        }
        BufferedImage image = decode(png);
        assertEquals(2, image.getWidth());
        assertEquals(2, image.getHeight());
        for (int p = 0; p < 4; p++) {
            int r = p * 20;
            int g = (4 + p) * 20;
            int b = (8 + p) * 20;
            assertEquals(r << 16 | g << 8 | b, image.getRGB(p % 2, p / 2) & 0xffffff, "pixel " + p);
        }
    }

    @Test
    void valuesOutsideZeroOneAreClampedAndRoundedAsSaveImage() {
        float[] v = {-0.3f, 1.7f, 0.5f, 0.1f / 255f * 6, Float.NaN, 0.5f / 255f};
        BufferedImage image;
        try (Tensor images = Tensor.of(v, Shape.of(1, 1, 1, 6), Device.CPU)) {
            image = ImageGrid.of(images).scale(1).padding(0).render();
        }
        // floor(clamp(v, 0, 1) * 255 + 0.5): 0, 255, 128 (127.5 rounds up), 1 (0.6 rounds up), NaN as 0, 1.
        int[] expected = {0, 255, 128, 1, 0, 1};
        for (int x = 0; x < 6; x++) {
            assertEquals(expected[x], image.getRGB(x, 0) & 0xff, "value " + v[x]);
        }
    }

    @Test
    void labelsAndPredictionsAddCaptionBandsUnderTheImages() throws IOException {
        Path png = dir.resolve("captioned.png");
        try (Batch b = new Batch(batch(3, 1, 28, 28), Tensor.of(new long[] {9, 0, 3}, Shape.of(3), Device.CPU));
             Tensor logits = Tensor.of(new float[] {0, 0, 1, 5, 0, 0, 0, 0, 0, 0, 0, 2}, Shape.of(3, 4), Device.CPU)) {
            ImageGrid.of(b).classes(List.of("T-shirt/top", "Trouser", "Pullover", "Dress")).predictions(logits)
                    .write(png);
        }
        BufferedImage image = decode(png);
        // Default scale ceil(96 / 28) = 4: 112-pixel cells, 8 columns but 3 images; two 14-pixel caption lines.
        assertEquals(3 * (112 + 2) + 2, image.getWidth());
        assertEquals(112 + 2 * ImageGrid.LINE + 2 + 2, image.getHeight());
        int v = Math.min(255, byteAt(2, 0, 27, 27, 28)); // values above 1 show as white
        assertEquals(v << 16 | v << 8 | v, image.getRGB(2 + 2 * 114 + 111, 2 + 111) & 0xffffff,
                "the last pixel of the third image, just above its caption");
        boolean text = false;
        boolean white = false;
        for (int y = 2 + 112; y < 2 + 112 + 2 * ImageGrid.LINE; y++) {
            for (int x = 2; x < 2 + 112; x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                white |= rgb == 0xffffff;
                text |= rgb != 0xffffff;
            }
        }
        assertTrue(white && text, "a white caption band with text in it");
    }

    @Test
    void errorsSayWhatWasExpected() {
        try (Tensor two = Tensor.of(new float[8], Shape.of(1, 2, 2, 2), Device.CPU);
             Tensor one = batch(2, 1, 2, 2)) {
            assertEquals("ImageGrid: expected images [B, C, H, W] or [C, H, W] with C 1 or 3 and B, H, W >= 1, got "
                    + "[1, 2, 2, 2]", assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(two))
                    .getMessage());
            assertEquals("ImageGrid.labels: expected one per image (2), got 3", assertThrows(
                    IllegalArgumentException.class, () -> ImageGrid.of(one).labels(new long[3])).getMessage());
            assertEquals("ImageGrid: predictions need labels to compare with (call labels(...))", assertThrows(
                    IllegalStateException.class, () -> ImageGrid.of(one).predictions(new long[2]).render())
                    .getMessage());
            assertEquals("ImageGrid.unnormalize: expected mean and std with 1 value each, got 3 and 3",
                    assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(one)
                            .unnormalize(new double[3], new double[3])).getMessage());
        }
    }
}
