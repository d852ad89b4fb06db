package dev.blitz.data;

import dev.blitz.core.Shape;
import dev.blitz.data.transforms.ByteImage;
import dev.blitz.io.ReadableFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CIFAR-10 from its binary version ({@code cifar-10-binary.tar.gz}, which {@code scripts/fetch-cifar10} unpacks
 * into data/cifar10): {@code data_batch_1.bin} to {@code data_batch_5.bin} for training, {@code test_batch.bin} for
 * testing, and {@code batches.meta.txt}, the ten class names one a line. Each batch file is a run of 3073-byte
 * records: one label byte (0 to 9), then a 32×32 colour image as 1024 red, 1024 green and 1024 blue bytes, each
 * plane row-major (the official files hold 10,000 records each). Samples are [3, 32, 32] floats, pixel / 255, as
 * torchvision's {@code ToTensor()} gives them; as a {@link SampleDataset} it gives the stored bytes (CHW), for
 * {@link #transform}s such as {@code Compose.of(new ToTensor(), new RandomCrop(32, 4), new RandomHorizontalFlip(),
 * new Normalize(mean, std))}.
 */
public final class Cifar10Dataset implements Dataset, SampleDataset<ByteImage> {
    /** The class names of the official files, for labels 0 to 9 (torchvision's {@code CIFAR10.classes}). */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");
    /** Image height and width. */
    public static final int SIZE = 32;
    /** Bytes of one image: 3 planes of 32×32. */
    public static final int IMAGE_BYTES = 3 * SIZE * SIZE;
    /** Bytes of one record in a batch file: the label byte, then the image. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    private static final String META = "batches.meta.txt";
    private static final String FOLDER = "cifar-10-batches-bin";
    private static final String FETCH = "scripts/fetch-cifar10 downloads and unpacks the official archive into "
            + "data/cifar10";
    private static final float[] VALUE = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            VALUE[p] = p / 255f;
        }
    }

    /** Which part of CIFAR-10: 50,000 training images in five files, or 10,000 test images in one. */
    public enum Split {
        /** {@code data_batch_1.bin} to {@code data_batch_5.bin}, in that order. */
        TRAIN(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin")),
        /** {@code test_batch.bin}. */
        TEST(List.of("test_batch.bin"));

        private final List<String> files;

        Split(List<String> files) {
            this.files = files;
        }

        /** {@return the batch files of this split, in the order their records are numbered} */
        public List<String> files() {
            return files;
        }
    }

    private final byte[] images;
    private final byte[] labels;
    private final List<String> classes;
    private final int first;
    private final int count;

    private Cifar10Dataset(byte[] images, byte[] labels, List<String> classes, int first, int count) {
        this.images = images;
        this.labels = labels;
        this.classes = classes;
        this.first = first;
        this.count = count;
    }

    /**
     * Reads and checks one split. {@code dir} holds the batch files, or holds the archive's
     * {@code cifar-10-batches-bin} folder that does.
     *
     * @param dir the folder
     * @param split which images
     * @return the dataset, samples numbered file by file in {@link Split#files()} order
     * @throws IOException naming the file: missing, unreadable, a size that is not a whole number of 3073-byte
     *     records (with the size and what was expected), a label above 9, or a class-name file without ten names
     */
    public static Cifar10Dataset load(Path dir, Split split) throws IOException {
        Path folder = dir;
        if (!Files.exists(dir.resolve(split.files.get(0))) && Files.isDirectory(dir.resolve(FOLDER))) {
            folder = dir.resolve(FOLDER);
        }
        List<String> classes = readClasses(folder.resolve(META));
        long total = 0;
        long[] sizes = new long[split.files.size()];
        for (int f = 0; f < sizes.length; f++) {
            Path file = folder.resolve(split.files.get(f));
            if (!Files.exists(file)) {
                throw new IOException("CIFAR-10 file missing: " + file.toAbsolutePath() + " (" + FETCH + ")");
            }
            sizes[f] = recordCount(file, Files.size(file));
            total += sizes[f];
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new IOException("CIFAR-10 " + split.name().toLowerCase() + " files in " + folder + " hold " + total
                    + " records, more images than one array holds");
        }
        byte[] images = new byte[(int) total * IMAGE_BYTES];
        byte[] labels = new byte[(int) total];
        int at = 0;
        for (int f = 0; f < sizes.length; f++) {
            readRecords(folder.resolve(split.files.get(f)), (int) sizes[f], images, labels, at);
            at += (int) sizes[f];
        }
        return new Cifar10Dataset(images, labels, classes, 0, (int) total);
    }

    /** The number of records in a batch file of {@code size} bytes, which must be a positive multiple of 3073. */
    private static long recordCount(Path file, long size) throws IOException {
        if (size == 0 || size % RECORD_BYTES != 0) {
            throw new IOException(file + ": " + size + " bytes is not a whole number of " + RECORD_BYTES
                    + "-byte records (1 label byte + " + IMAGE_BYTES + " pixel bytes, 3x32x32); expected a positive "
                    + "multiple of " + RECORD_BYTES + " (the official files hold 10000 records, "
                    + 10000L * RECORD_BYTES + " bytes)" + (size % (RECORD_BYTES + 1) == 0 && size > 0
                    ? ". Its size fits 3074-byte records: is it CIFAR-100, which has two label bytes?" : ""));
        }
        return size / RECORD_BYTES;
    }

    private static void readRecords(Path file, int records, byte[] images, byte[] labels, int at) throws IOException {
        try (FileChannel channel = ReadableFile.open(file, "a CIFAR-10 batch file")) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            for (int r = 0; r < records; r++) {
                int label = in.read();
                int n = label < 0 ? 0 : in.readNBytes(images, (at + r) * IMAGE_BYTES, IMAGE_BYTES);
                if (n < IMAGE_BYTES) {
                    throw new IOException(file + ": truncated while reading record " + r + " of " + records
                            + " (the file shrank after its size was checked)");
                }
                if (label >= CLASSES.size()) {
                    throw new IOException(file + ": record " + r + " (byte " + (long) r * RECORD_BYTES + ") has label "
                            + label + ", expected 0 to 9");
                }
                labels[at + r] = (byte) label;
            }
        }
    }

    private static List<String> readClasses(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("CIFAR-10 file missing: " + file.toAbsolutePath() + ", the class names (" + FETCH
                    + ")");
        }
        String text;
        try (FileChannel channel = ReadableFile.open(file, "CIFAR-10's class-name file")) {
            text = new String(Channels.newInputStream(channel).readNBytes(1 << 16), StandardCharsets.UTF_8);
        }
        List<String> names = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != CLASSES.size()) {
            throw new IOException(file + ": expected " + CLASSES.size() + " class names, one a line, got "
                    + names.size() + ": " + names);
        }
        return List.copyOf(names);
    }

    /**
     * The class names, indexed by label, as {@code batches.meta.txt} lists them.
     *
     * @return ten names; {@link #CLASSES} for the official files
     */
    public List<String> classes() {
        return classes;
    }

    /**
     * A contiguous range of this dataset's samples, e.g. for quick runs on the first N images.
     *
     * @param from the first sample, inclusive
     * @param to the end, exclusive
     * @return a new view over the same bytes, with {@code to - from} samples
     * @throws IllegalArgumentException if the range is not within {@code [0, size()]}
     */
    public Cifar10Dataset subset(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("subset(" + from + ", " + to + ") is out of range for " + count
                    + " samples");
        }
        return new Cifar10Dataset(images, labels, classes, first + from, to - from);
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Shape sampleShape() {
        return Shape.of(3, SIZE, SIZE);
    }

    @Override
    public void copySample(int index, float[] dst, int offset) {
        checkIndex(index);
        int src = (first + index) * IMAGE_BYTES;
        for (int i = 0; i < IMAGE_BYTES; i++) {
            dst[offset + i] = VALUE[images[src + i] & 0xff];
        }
    }

    /**
     * One image's stored bytes, 3×32×32 channel planes, as the batch file holds them.
     *
     * @param index the sample, in {@code [0, size())}
     * @return a copy of its pixels
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    @Override
    public ByteImage get(int index) {
        checkIndex(index);
        int from = (first + index) * IMAGE_BYTES;
        return new ByteImage(Arrays.copyOfRange(images, from, from + IMAGE_BYTES), 3, SIZE, SIZE,
                ByteImage.Layout.CHW);
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return labels[first + index];
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("CIFAR-10 sample " + index + " out of range for " + count
                    + " samples");
        }
    }

    @Override
    public String toString() {
        return "Cifar10Dataset(" + count + " samples of " + sampleShape() + ")";
    }
}
