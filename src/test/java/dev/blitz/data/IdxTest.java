package dev.blitz.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 200, (byte) 255, 9, 10, 11, 12};

    @Test
    void readsDimensionsAndData() throws IOException {
        Path file = dir.resolve("images");
        Files.write(file, IdxFiles.encode(new int[] {2, 2, 3}, PIXELS));
        Idx idx = Idx.read(file);
        assertArrayEquals(new int[] {2, 2, 3}, idx.dims());
        assertArrayEquals(PIXELS, idx.data());
    }

    @Test
    void readsGzip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(IdxFiles.encode(new int[] {12}, PIXELS));
        }
        Path file = dir.resolve("labels.gz");
        Files.write(file, bytes.toByteArray());
        assertArrayEquals(PIXELS, Idx.read(file).data());
    }

    @Test
    void truncatedFileNamesTheFileAndTheSizes() throws IOException {
        Path file = dir.resolve("train-images-idx3-ubyte");
        byte[] full = IdxFiles.encode(new int[] {2, 2, 3}, PIXELS);
        Files.write(file, Arrays.copyOf(full, full.length - 5));
        IOException e = assertThrows(IOException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("need 12 bytes")
                && e.getMessage().contains("has 7"), e.getMessage());
    }

    @Test
    void truncatedHeaderAndTrailingBytesAreErrors() throws IOException {
        Path file = dir.resolve("f");
        Files.write(file, Arrays.copyOf(IdxFiles.encode(new int[] {2, 2, 3}, PIXELS), 9));
        assertTrue(assertThrows(IOException.class, () -> Idx.read(file)).getMessage().contains("truncated IDX header"));
        byte[] longer = Arrays.copyOf(IdxFiles.encode(new int[] {2, 2, 3}, PIXELS), 16 + 12 + 3);
        Files.write(file, longer);
        assertTrue(assertThrows(IOException.class, () -> Idx.read(file)).getMessage().contains("too long"));
    }

    @Test
    void wrongMagicOrTypeIsRejected() throws IOException {
        Path file = dir.resolve("f");
        byte[] bytes = IdxFiles.encode(new int[] {12}, PIXELS);
        bytes[0] = 0x50;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("not an IDX file") && e.getMessage().contains("0x50000801"), e.getMessage());

        bytes = IdxFiles.encode(new int[] {3}, PIXELS);
        bytes[2] = 0x0D;
        Files.write(file, bytes);
        e = assertThrows(IOException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().contains("type 0x0d") && e.getMessage().contains(file.toString()), e.getMessage());

        Files.write(file, new byte[] {0, 0});
        assertTrue(assertThrows(IOException.class, () -> Idx.read(file)).getMessage().contains("not an IDX file"));
    }

    @Test
    void corruptGzipIsNamed() throws IOException {
        Path file = dir.resolve("x.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().startsWith(file + ": corrupt or truncated gzip"), e.getMessage());
    }

    @Test
    void mnistImagesAndLabelsMustAgreeInCount() throws IOException {
        IdxFiles.syntheticMnist(dir, 8, 4, 1);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.encode(new int[] {3}, new byte[] {1, 2, 3}));
        assertEquals(8, MnistDataset.load(dir, MnistDataset.Split.TRAIN).size());
        IOException e = assertThrows(IOException.class, () -> MnistDataset.load(dir, MnistDataset.Split.TEST));
        assertTrue(e.getMessage().contains("4 images") && e.getMessage().contains("3 labels")
                && e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void mnistRejectsBadLabelsAndMissingFiles() throws IOException {
        IdxFiles.syntheticMnist(dir, 4, 4, 1);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.encode(new int[] {4}, new byte[] {1, 2, 12, 3}));
        IOException e = assertThrows(IOException.class, () -> MnistDataset.load(dir, MnistDataset.Split.TRAIN));
        assertTrue(e.getMessage().contains("label 12 at index 2"), e.getMessage());

        Files.delete(dir.resolve("t10k-images-idx3-ubyte"));
        e = assertThrows(IOException.class, () -> MnistDataset.load(dir, MnistDataset.Split.TEST));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte") && e.getMessage().contains("fetch-mnist"),
                e.getMessage());
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static String rejection(Path file) {
        IOException e = assertThrows(IOException.class, () -> Idx.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void dimensionsWhoseProductOverflowsAreRefused() throws IOException {
        // 2^30 * 2^30 * 16 = 2^64, which a plain long product wraps to 0: the empty file would have matched.
        Path file = dir.resolve("f");
        Files.write(file, IdxFiles.encode(new int[] {1 << 30, 1 << 30, 16}, new byte[0]));
        assertEquals(file + ": invalid IDX dimensions [1073741824, 1073741824, 16]: their product overflows a 64-bit "
                + "count (no file holds that many bytes)", rejection(file));
        Files.write(file.resolveSibling("f.gz"), gzip(IdxFiles.encode(new int[] {1 << 30, 1 << 30, 16}, new byte[0])));
        assertTrue(rejection(file.resolveSibling("f.gz")).contains("their product overflows"));
    }

    @Test
    void rawDimensionsAreCheckedAgainstTheFileSizeBeforeAllocating() throws IOException {
        Path file = dir.resolve("f");
        Files.write(file, IdxFiles.encode(new int[] {60000, 28, 28}, new byte[5]));
        assertEquals(file + ": truncated: dimensions [60000, 28, 28] need 47040000 bytes of data after the 16-byte "
                + "header, the file has 5", rejection(file));
    }

    @Test
    void gzipDeclaringMoreThanItCouldHoldIsRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("f.gz");
        byte[] compressed = gzip(IdxFiles.encode(new int[] {1_000_000_000}, new byte[3]));
        Files.write(file, compressed);
        assertEquals(file + ": dimensions [1000000000] need 1000000000 bytes of data after the 8-byte header, more "
                + "than " + compressed.length + " bytes of gzip data can hold (deflate expands at most 1032-fold)",
                rejection(file));
        Files.write(file, gzip(IdxFiles.encode(new int[] {65536, 65536}, new byte[3])));
        assertTrue(rejection(file).contains("too large: dimensions [65536, 65536] need 4294967296 bytes"));
    }

    @Test
    void gzipDataShorterOrLongerThanItsDimensionsIsRefused() throws IOException {
        Path file = dir.resolve("f.gz");
        byte[] idx = IdxFiles.encode(new int[] {2, 2, 3}, PIXELS);
        Files.write(file, gzip(Arrays.copyOf(idx, idx.length - 5)));
        assertEquals(file + ": truncated: dimensions [2, 2, 3] need 12 bytes of data after the 16-byte header, the "
                + "decompressed data has 7", rejection(file));
        Files.write(file, gzip(Arrays.copyOf(idx, idx.length + 3)));
        assertEquals(file + ": too long: dimensions [2, 2, 3] need 12 bytes of data after the 16-byte header, the "
                + "decompressed data has 15", rejection(file));
        byte[] whole = gzip(idx);
        Files.write(file, Arrays.copyOf(whole, whole.length - 10));
        assertTrue(rejection(file).startsWith(file + ": corrupt or truncated gzip data"));
    }

    @Test
    void aFolderOrAnEmptyFileIsNamed() throws IOException {
        assertEquals(dir + ": is a directory, not an IDX file", rejection(dir));
        Path empty = Files.createFile(dir.resolve("empty"));
        assertEquals(empty + ": not an IDX file: 0 bytes, shorter than the 4-byte magic number", rejection(empty));
    }

    @Test
    void mnistRefusesImagesTooLargeToBeSamples() throws IOException {
        IdxFiles.syntheticMnist(dir, 4, 4, 1);
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.encode(new int[] {0, 65536, 65536}, new byte[0]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.encode(new int[] {0}, new byte[0]));
        IOException e = assertThrows(IOException.class, () -> MnistDataset.load(dir, MnistDataset.Split.TRAIN));
        assertTrue(e.getMessage().contains("images of 65536x65536 pixels are too large"), e.getMessage());
    }
}
