package dev.blitz.viz;

import dev.blitz.data.Batch;
import dev.blitz.io.AtomicFile;
import dev.blitz.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A batch of images in one PNG, as torchvision's {@code make_grid} followed by the chapter's {@code imshow}, with
 * each image's class under it: {@code ImageGrid.of(batch).classes(names).write(Path.of("batch.png"))}. Images are
 * [B, C, H, W] (or one [C, H, W]) with 1 (grey) or 3 (RGB) channels and values in [0, 1], or
 * {@link #unnormalize}d into it; a value {@code v} becomes the byte {@code floor(clamp(v, 0, 1) * 255 + 0.5)}, as
 * {@code save_image} rounds.
 *
 * <p>Layout, in pixels, with {@code s} the {@link #scale} and {@code pad} the {@link #padding}: {@code cols =
 * min(columns, B)} images per row ({@code make_grid}'s {@code nrow}), {@code rows = ceil(B / cols)}; each image is
 * drawn {@code s}-fold enlarged (nearest neighbour) at {@code x = pad + col * (W*s + pad)}, {@code y = pad + row *
 * (H*s + caption + pad)}, where {@code caption} is 0 without labels, {@value #LINE} with labels, and twice that with
 * {@link #predictions} ("pred: ..." in green when right and red when wrong, then "true: ..."), on white under the
 * image. The whole is {@code cols * (W*s + pad) + pad} wide and {@code rows * (H*s + caption + pad) + pad} high;
 * the padding is black, as {@code make_grid}'s default {@code pad_value=0}. Drawn headless with java.awt only.
 */
public final class ImageGrid {
    /** The height of one caption line, in pixels. */
    public static final int LINE = 14;

    private final float[] values;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private long[] labels;
    private long[] predictions;
    private List<String> classes;
    private int columns = 8;
    private int padding = 2;
    private int scale;
    private double[] mean;
    private double[] std;

    private ImageGrid(float[] values, int count, int channels, int height, int width) {
        this.values = values;
        this.count = count;
        this.channels = channels;
        this.height = height;
        this.width = width;
        // Small images (MNIST's 28, CIFAR's 32) are enlarged to about 100 pixels, wide enough for a class name.
        this.scale = Math.max(1, (int) Math.ceil(96.0 / width));
    }

    /**
     * The images of a batch, without captions (add them with {@link #labels}); the values are copied, so the
     * tensor may be closed afterwards.
     *
     * @param images [B, C, H, W] or [C, H, W], C 1 or 3, any float dtype, on any device
     * @return the grid
     * @throws IllegalArgumentException if the shape is not one of those, or the batch is empty
     */
    public static ImageGrid of(Tensor images) {
        int[] dims = images.shape().dims();
        if (dims.length == 3) {
            dims = new int[] {1, dims[0], dims[1], dims[2]};
        }
        if (dims.length != 4 || (dims[1] != 1 && dims[1] != 3) || dims[0] < 1 || dims[2] < 1 || dims[3] < 1) {
            throw new IllegalArgumentException("ImageGrid: expected images [B, C, H, W] or [C, H, W] with C 1 or 3 "
                    + "and B, H, W >= 1, got " + images.shape());
        }
        return new ImageGrid(images.toFloatArray(), dims[0], dims[1], dims[2], dims[3]);
    }

    /**
     * A batch's images with their labels under them (as class numbers until {@link #classes} names them).
     *
     * @param batch the batch; its tensors are copied and may be closed afterwards
     * @return the grid
     */
    public static ImageGrid of(Batch batch) {
        return of(batch.images()).labels(batch.labels());
    }

    /**
     * Writes each image's class under it.
     *
     * @param labels [B] class indices
     * @return this grid
     * @throws IllegalArgumentException if there is not one label per image
     */
    public ImageGrid labels(Tensor labels) {
        return labels(labels.toLongArray());
    }

    /**
     * Writes each image's class under it.
     *
     * @param labels one class index per image
     * @return this grid
     * @throws IllegalArgumentException if there is not one label per image
     */
    public ImageGrid labels(long[] labels) {
        this.labels = checkLength("labels", labels);
        return this;
    }

    /**
     * Writes each image's predicted class above its true one ("pred/true"), green when they agree and red when
     * not; needs {@link #labels}.
     *
     * @param predictions [B] class indices, or [B, C] logits whose argmax per row is the prediction
     * @return this grid
     * @throws IllegalArgumentException if there is not one prediction per image
     */
    public ImageGrid predictions(Tensor predictions) {
        if (predictions.dim() == 2) {
            try (Tensor argmax = predictions.argmax(1)) {
                return predictions(argmax.toLongArray());
            }
        }
        if (predictions.dim() != 1) {
            throw new IllegalArgumentException("ImageGrid.predictions: expected [B] class indices or [B, C] logits, "
                    + "got " + predictions.shape());
        }
        return predictions(predictions.toLongArray());
    }

    /**
     * Writes each image's predicted class above its true one ("pred/true"); needs {@link #labels}.
     *
     * @param predictions one class index per image
     * @return this grid
     * @throws IllegalArgumentException if there is not one prediction per image
     */
    public ImageGrid predictions(long[] predictions) {
        this.predictions = checkLength("predictions", predictions);
        return this;
    }

    private long[] checkLength(String what, long[] classIndices) {
        if (classIndices.length != count) {
            throw new IllegalArgumentException("ImageGrid." + what + ": expected one per image (" + count + "), got "
                    + classIndices.length);
        }
        return classIndices.clone();
    }

    /**
     * Names the classes in captions.
     *
     * @param names indexed by class; a class without a name is written as its number
     * @return this grid
     */
    public ImageGrid classes(List<String> names) {
        this.classes = List.copyOf(names);
        return this;
    }

    /**
     * Sets the number of images per row, {@code make_grid}'s {@code nrow}.
     *
     * @param n {@code >= 1}; default 8
     * @return this grid
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public ImageGrid columns(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ImageGrid.columns: expected >= 1, got " + n);
        }
        columns = n;
        return this;
    }

    /**
     * Sets the black border between and around images, {@code make_grid}'s {@code padding}.
     *
     * @param pixels {@code >= 0}; default 2
     * @return this grid
     * @throws IllegalArgumentException if {@code pixels < 0}
     */
    public ImageGrid padding(int pixels) {
        if (pixels < 0) {
            throw new IllegalArgumentException("ImageGrid.padding: expected >= 0, got " + pixels);
        }
        padding = pixels;
        return this;
    }

    /**
     * Sets how many screen pixels each image pixel becomes, across and down.
     *
     * @param factor {@code >= 1}; default {@code ceil(96 / W)} (4 for 28-pixel images, 3 for 32)
     * @return this grid
     * @throws IllegalArgumentException if {@code factor < 1}
     */
    public ImageGrid scale(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("ImageGrid.scale: expected >= 1, got " + factor);
        }
        scale = factor;
        return this;
    }

    /**
     * Undoes a {@code Normalize(mean, std)} before drawing: channel {@code c} shows {@code v * std[c] + mean[c]},
     * as the chapter's {@code imshow} does with {@code img / 2 + 0.5} for mean and std 0.5.
     *
     * @param mean one per channel, or one for all
     * @param std as many as {@code mean}
     * @return this grid
     * @throws IllegalArgumentException if the lengths differ or fit neither 1 nor the channel count
     */
    public ImageGrid unnormalize(double[] mean, double[] std) {
        if (mean.length != std.length || (mean.length != 1 && mean.length != channels)) {
            throw new IllegalArgumentException("ImageGrid.unnormalize: expected mean and std with "
                    + (channels == 1 ? "1 value" : "1 or " + channels + " values") + " each, got " + mean.length
                    + " and " + std.length);
        }
        this.mean = mean.clone();
        this.std = std.clone();
        return this;
    }

    /** {@return the number of caption lines under each image: 0, 1 (labels) or 2 (predictions and labels)} */
    private int captionLines() {
        return labels == null ? 0 : predictions == null ? 1 : 2;
    }

    /**
     * Draws the grid.
     *
     * @return an RGB image of the size the class comment gives
     * @throws IllegalStateException if predictions were given without labels
     */
    public BufferedImage render() {
        if (predictions != null && labels == null) {
            throw new IllegalStateException("ImageGrid: predictions need labels to compare with (call labels(...))");
        }
        System.setProperty("java.awt.headless", "true");
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        int cellW = width * scale;
        int cellH = height * scale;
        int caption = captionLines() * LINE;
        long w = (long) cols * (cellW + padding) + padding;
        long h = (long) rows * (cellH + caption + padding) + padding;
        if (w * h > 1 << 28) {
            throw new IllegalArgumentException("ImageGrid: a " + w + "x" + h + " image is too large; use fewer images "
                    + "or a smaller scale");
        }
        BufferedImage out = new BufferedImage((int) w, (int) h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int k = 0; k < count; k++) {
                int x0 = padding + (k % cols) * (cellW + padding);
                int y0 = padding + (k / cols) * (cellH + caption + padding);
                drawImage(out, k, x0, y0);
                if (caption > 0) {
                    g.setColor(Color.WHITE);
                    g.fillRect(x0, y0 + cellH, cellW, caption);
                    drawCaption(g, k, x0, y0 + cellH, cellW);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private void drawImage(BufferedImage out, int k, int x0, int y0) {
        int plane = height * width;
        int base = k * channels * plane;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = toByte(base + y * width + x, 0);
                int gr = channels == 3 ? toByte(base + plane + y * width + x, 1) : r;
                int b = channels == 3 ? toByte(base + 2 * plane + y * width + x, 2) : r;
                int rgb = r << 16 | gr << 8 | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /** The displayed byte of one value: unnormalised, clamped to [0, 1], scaled and rounded as save_image does. */
    private int toByte(int i, int channel) {
        double v = values[i];
        if (mean != null) {
            int c = mean.length == 1 ? 0 : channel;
            v = v * std[c] + mean[c];
        }
        if (!(v > 0)) {
            return 0; // NaN too
        }
        return v >= 1 ? 255 : (int) Math.floor(v * 255 + 0.5);
    }

    private void drawCaption(Graphics2D g, int k, int x0, int y0, int cellW) {
        Graphics2D clip = (Graphics2D) g.create(x0, y0, cellW, captionLines() * LINE);
        try {
            FontMetrics fm = clip.getFontMetrics();
            int line = 0;
            if (predictions != null) {
                boolean right = predictions[k] == labels[k];
                clip.setColor(right ? new Color(0, 128, 0) : new Color(200, 0, 0));
                centered(clip, fm, "pred: " + name(predictions[k]), cellW, line++);
                clip.setColor(Color.BLACK);
                centered(clip, fm, "true: " + name(labels[k]), cellW, line);
            } else {
                clip.setColor(Color.BLACK);
                centered(clip, fm, name(labels[k]), cellW, line);
            }
        } finally {
            clip.dispose();
        }
    }

    private static void centered(Graphics2D g, FontMetrics fm, String text, int cellW, int line) {
        int x = Math.max(1, (cellW - fm.stringWidth(text)) / 2);
        int y = line * LINE + (LINE + fm.getAscent() - fm.getDescent()) / 2;
        g.drawString(text, x, y);
    }

    private String name(long c) {
        return classes != null && c >= 0 && c < classes.size() ? classes.get((int) c) : Long.toString(c);
    }

    /**
     * Draws the grid and writes it as a PNG, atomically (a reader sees the old file or the whole new one).
     *
     * @param file where to write, parent folders created
     * @throws IOException naming the file if writing fails
     */
    public void write(Path file) throws IOException {
        writePng(file, render());
    }

    /** Writes {@code image} to {@code file} as a PNG, atomically. */
    static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
