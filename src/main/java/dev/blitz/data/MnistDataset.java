package dev.blitz.data;

import dev.blitz.core.Shape;
import dev.blitz.data.transforms.ByteImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MNIST, or Fashion-MNIST ({@link #loadFashion}), from its IDX files (raw or .gz) in one folder:
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte} (the {@code train-images.idx3-ubyte} spelling is accepted too). Both are 28×28
 * grey images in 10 classes, in the same format; they differ in their {@link #classes()}. Samples are [1, H, W]
 * floats: pixel / 255 by default, {@link #normalize}d and {@link #pad}ded (with black) on request;
 * {@link #forLeNet()} gives LeNet-5's 32×32 input normalised with MNIST's mean and standard deviation, as
 * torchvision's {@code Pad(2), ToTensor(), Normalize((0.1307,), (0.3081,))}. As a {@link SampleDataset} it gives the
 * stored bytes, for {@link #transform}s. The raw bytes are shared by every view of one load.
 */
public final class MnistDataset implements Dataset, SampleDataset<ByteImage> {
    /** The mean of MNIST's training pixels scaled to [0, 1], torchvision's usual normalisation constant. */
    public static final float MEAN = 0.1307f;
    /** The standard deviation of MNIST's training pixels scaled to [0, 1]. */
    public static final float STD = 0.3081f;
    /** The number of classes: the digits 0 to 9, or Fashion-MNIST's ten kinds of clothing. */
    public static final int CLASSES = 10;
    /** MNIST's class names, torchvision's {@code MNIST.classes}. */
    public static final List<String> DIGIT_CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three",
            "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");
    /** Fashion-MNIST's class names, for labels 0 to 9, as torchvision's {@code FashionMNIST.classes}. */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Which dataset the files hold: the name in messages, where to get them, what a label means. */
    private enum Kind {
        DIGITS("MNIST", "scripts/fetch-mnist downloads the four files into data/mnist", DIGIT_CLASSES, "a digit"),
        FASHION("Fashion-MNIST", "scripts/fetch-fashion-mnist puts the four files into data/fashion-mnist",
                FASHION_CLASSES, "a Fashion-MNIST class");

        private final String title;
        private final String fetch;
        private final List<String> classes;
        private final String labelMeaning;

        Kind(String title, String fetch, List<String> classes, String labelMeaning) {
            this.title = title;
            this.fetch = fetch;
            this.classes = classes;
            this.labelMeaning = labelMeaning;
        }
    }

    /** Which part of MNIST: the 60,000 training or the 10,000 test images. */
    public enum Split {
        /** The 60,000 training images, files {@code train-*}. */
        TRAIN("train"),
        /** The 10,000 test images, files {@code t10k-*}. */
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private final Kind kind;
    private final byte[] images;
    private final byte[] labels;
    private final int rows;
    private final int cols;
    private final int first;
    private final int count;
    private final float mean;
    private final float std;
    private final int pad;
    private final float[] pixelValue;

    private MnistDataset(Kind kind, byte[] images, byte[] labels, int rows, int cols, int first, int count, float mean,
                         float std, int pad) {
        this.kind = kind;
        this.images = images;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
        this.first = first;
        this.count = count;
        this.mean = mean;
        this.std = std;
        this.pad = pad;
        this.pixelValue = new float[256];
        for (int b = 0; b < 256; b++) {
            pixelValue[b] = (b / 255f - mean) / std;
        }
    }

    /**
     * Reads and checks one split from {@code dir}. Samples are [1, 28, 28] with pixels scaled to [0, 1]; see
     * {@link #forLeNet()} for LeNet's input.
     *
     * @param dir the folder holding the IDX files (raw or .gz)
     * @param split which images
     * @return the dataset
     * @throws IOException saying which file is missing, unreadable, short or inconsistent with the other
     */
    public static MnistDataset load(Path dir, Split split) throws IOException {
        return load(Kind.DIGITS, dir, split);
    }

    /**
     * Reads and checks one split of Fashion-MNIST from {@code dir} (as {@code scripts/fetch-fashion-mnist} puts it
     * in data/fashion-mnist, or the official .gz files): the same format as MNIST, with the class names
     * {@link #FASHION_CLASSES}. Samples are [1, 28, 28] with pixels scaled to [0, 1].
     *
     * @param dir the folder holding the IDX files (raw or .gz)
     * @param split which images: 60,000 for training, 10,000 for testing
     * @return the dataset
     * @throws IOException saying which file is missing, unreadable, short or inconsistent with the other
     */
    public static MnistDataset loadFashion(Path dir, Split split) throws IOException {
        return load(Kind.FASHION, dir, split);
    }

    private static MnistDataset load(Kind kind, Path dir, Split split) throws IOException {
        Path imageFile = find(kind, dir, split.prefix + "-images", "idx3-ubyte");
        Path labelFile = find(kind, dir, split.prefix + "-labels", "idx1-ubyte");
        Idx images = Idx.read(imageFile);
        Idx labels = Idx.read(labelFile);
        if (images.dims().length != 3 || images.dims()[1] < 1 || images.dims()[2] < 1) {
            throw new IOException(imageFile + ": expected images of shape [count, rows, cols], got dimensions "
                    + java.util.Arrays.toString(images.dims()));
        }
        if ((long) images.dims()[1] * images.dims()[2] > 1 << 24) {
            // With a count of 0 the data is empty whatever the image size, which would then overflow later.
            throw new IOException(imageFile + ": images of " + images.dims()[1] + "x" + images.dims()[2]
                    + " pixels are too large (at most 2^24 pixels each)");
        }
        if (labels.dims().length != 1) {
            throw new IOException(labelFile + ": expected labels of shape [count], got dimensions "
                    + java.util.Arrays.toString(labels.dims()));
        }
        if (images.dims()[0] != labels.dims()[0]) {
            throw new IOException(kind.title + " " + split.name().toLowerCase() + " files disagree: " + imageFile
                    + " holds " + images.dims()[0] + " images but " + labelFile + " holds " + labels.dims()[0]
                    + " labels");
        }
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xff) >= CLASSES) {
                throw new IOException(labelFile + ": label " + (l[i] & 0xff) + " at index " + i
                        + " is not " + kind.labelMeaning + " (expected 0 to 9)");
            }
        }
        return new MnistDataset(kind, images.data(), l, images.dims()[1], images.dims()[2], 0, l.length, 0f, 1f, 0);
    }

    private static Path find(Kind kind, Path dir, String stem, String suffix) throws IOException {
        List<Path> tried = new ArrayList<>();
        for (String name : List.of(stem + "-" + suffix, stem + "." + suffix)) {
            for (String ext : List.of("", ".gz")) {
                Path p = dir.resolve(name + ext);
                if (Files.isRegularFile(p)) {
                    return p;
                }
                tried.add(p.getFileName());
            }
        }
        throw new IOException(kind.title + " file missing in " + dir.toAbsolutePath() + ": none of " + tried + " ("
                + kind.fetch + ")");
    }

    /**
     * This dataset with every pixel mapped to {@code (pixel / 255 - mean) / std}, as torchvision's
     * {@code Normalize((mean,), (std,))}; replaces any earlier normalisation.
     *
     * @param mean subtracted from the scaled pixel, finite
     * @param std the divisor, {@code > 0}
     * @return a new view over the same bytes
     * @throws IllegalArgumentException if {@code std <= 0} or {@code mean} is not finite
     */
    public MnistDataset normalize(double mean, double std) {
        if (!((float) std > 0) || !Float.isFinite((float) mean) || !Float.isFinite((float) std)) {
            throw new IllegalArgumentException("normalize: std must be > 0 and mean finite, got mean=" + mean + " std="
                    + std);
        }
        return new MnistDataset(kind, images, labels, rows, cols, first, count, (float) mean, (float) std, pad);
    }

    /**
     * This dataset with {@code pixels} rows and columns of black (pixel 0, normalised like the others) added on
     * every side, as torchvision's {@code Pad(pixels)}; replaces any earlier padding.
     *
     * @param pixels the border's width, {@code >= 0}
     * @return a new view over the same bytes
     * @throws IllegalArgumentException if {@code pixels} is negative
     */
    public MnistDataset pad(int pixels) {
        if (pixels < 0) {
            throw new IllegalArgumentException("pad: expected pixels >= 0, got " + pixels);
        }
        return new MnistDataset(kind, images, labels, rows, cols, first, count, mean, std, pixels);
    }

    /**
     * LeNet-5's input: 32×32 (padded by 2), normalised with MNIST's {@link #MEAN} and {@link #STD}.
     *
     * @return a new view over the same bytes
     */
    public MnistDataset forLeNet() {
        return normalize(MEAN, STD).pad(2);
    }

    /**
     * A contiguous range of this dataset's samples, e.g. for quick runs on the first N images.
     *
     * @param from the first sample, inclusive
     * @param to the end, exclusive
     * @return a new view over the same bytes, with {@code to - from} samples
     * @throws IllegalArgumentException if the range is not within {@code [0, size()]}
     */
    public MnistDataset subset(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("subset(" + from + ", " + to + ") is out of range for " + count
                    + " samples");
        }
        return new MnistDataset(kind, images, labels, rows, cols, first + from, to - from, mean, std, pad);
    }

    /**
     * The class names, indexed by label.
     *
     * @return {@link #DIGIT_CLASSES} or {@link #FASHION_CLASSES}
     */
    public List<String> classes() {
        return kind.classes;
    }

    @Override
    public int size() {
        return count;
    }

    /**
     * One image's stored bytes, as torchvision's dataset gives it before any transform: 1×H×W, without this
     * view's {@link #normalize} and {@link #pad} (those apply to {@link #copySample}).
     *
     * @param index the sample, in {@code [0, size())}
     * @return a copy of its pixels
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    @Override
    public ByteImage get(int index) {
        checkIndex(index);
        int from = (first + index) * rows * cols;
        return new ByteImage(java.util.Arrays.copyOfRange(images, from, from + rows * cols), 1, rows, cols,
                ByteImage.Layout.CHW);
    }

    @Override
    public Shape sampleShape() {
        return Shape.of(1, rows + 2 * pad, cols + 2 * pad);
    }

    @Override
    public void copySample(int index, float[] dst, int offset) {
        checkIndex(index);
        int w = cols + 2 * pad;
        int h = rows + 2 * pad;
        float background = pixelValue[0];
        java.util.Arrays.fill(dst, offset, offset + pad * w, background);
        java.util.Arrays.fill(dst, offset + (pad + rows) * w, offset + h * w, background);
        int src = (first + index) * rows * cols;
        for (int r = 0; r < rows; r++) {
            int row = offset + (r + pad) * w;
            java.util.Arrays.fill(dst, row, row + pad, background);
            for (int c = 0; c < cols; c++) {
                dst[row + pad + c] = pixelValue[images[src + r * cols + c] & 0xff];
            }
            java.util.Arrays.fill(dst, row + pad + cols, row + w, background);
        }
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return labels[first + index];
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(kind.title + " sample " + index + " out of range for " + count
                    + " samples");
        }
    }

    @Override
    public String toString() {
        return "MnistDataset(" + (kind == Kind.FASHION ? "Fashion-MNIST, " : "") + count + " samples of "
                + sampleShape() + ", mean=" + mean + ", std=" + std + ")";
    }
}
