package dev.blitz.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes IDX files (and small MNIST-shaped folders) for tests. */
public final class IdxFiles {
    private IdxFiles() {
    }

    /** The bytes of an IDX file of unsigned bytes: magic 0x0000_08_NN, big-endian dimensions, data. */
    public static byte[] encode(int[] dims, byte[] data) {
        byte[] out = new byte[4 + 4 * dims.length + data.length];
        out[2] = 0x08;
        out[3] = (byte) dims.length;
        for (int i = 0; i < dims.length; i++) {
            for (int k = 0; k < 4; k++) {
                out[4 + 4 * i + k] = (byte) (dims[i] >>> (24 - 8 * k));
            }
        }
        System.arraycopy(data, 0, out, 4 + 4 * dims.length, data.length);
        return out;
    }

    /**
     * A folder in MNIST's layout with {@code train} and {@code test} 28×28 images whose label is learnable: digit
     * k lights a 6×6 square at a position that depends on k, on top of random noise.
     */
    public static Path syntheticMnist(Path dir, int train, int test, long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(dir);
        writeSplit(dir, "train", train, random);
        writeSplit(dir, "t10k", test, random);
        return dir;
    }

    private static void writeSplit(Path dir, String prefix, int count, Random random) throws IOException {
        byte[] images = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int n = 0; n < count; n++) {
            int label = random.nextInt(10);
            labels[n] = (byte) label;
            int top = 2 + (label / 5) * 12;
            int left = 2 + (label % 5) * 5;
            for (int i = 0; i < 28 * 28; i++) {
                images[n * 784 + i] = (byte) random.nextInt(60);
            }
            for (int r = top; r < top + 6; r++) {
                for (int c = left; c < left + 6; c++) {
                    images[n * 784 + r * 28 + c] = (byte) (200 + random.nextInt(56));
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), encode(new int[] {count, 28, 28}, images));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), encode(new int[] {count}, labels));
    }
}
