package dev.blitz.data;

import dev.blitz.io.ReadableFile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file of unsigned bytes (the format of the original MNIST files), raw or gzip-compressed: its dimensions
 * and its data, row-major. {@link #read} checks the magic number, the dimensions and the length, and every error
 * names the file.
 *
 * @param file where it was read from, for messages
 * @param dims the sizes per dimension, e.g. [60000, 28, 28]
 * @param data the elements, row-major, one unsigned byte each
 */
public record Idx(Path file, int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The most bytes one Java array holds (a little under 2^31 on every JVM). */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Deflate's largest expansion: one byte of compressed data gives at most 1032 bytes (258 per 2 bits). */
    private static final int MAX_GZIP_RATIO = 1032;
    private static final int BUFFER = 1 << 16;

    /**
     * Reads and checks a whole file; gzip data is recognised by its magic bytes, whatever the file's name.
     * Memory: a raw file's data is allocated only after its dimensions have been checked against the file's size;
     * gzip data, whose size is known only once decompressed, is read into a buffer that grows as the data arrives,
     * never past the size the dimensions declare, and a declared size that the compressed file could not hold
     * (over 1032 times its size, deflate's largest expansion) is refused before anything is read.
     *
     * @param file the IDX file, raw or gzip-compressed
     * @return its dimensions and data
     * @throws IOException if the file cannot be read, is not an IDX file of unsigned bytes, or is truncated or too
     *     long, naming the file and the problem
     */
    public static Idx read(Path file) throws IOException {
        try (FileChannel channel = ReadableFile.open(file, "an IDX file")) {
            long size = channel.size();
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), BUFFER);
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (!gzip) {
                return parse(file, in, size, false);
            }
            try {
                return parse(file, new GZIPInputStream(in, BUFFER), size, true);
            } catch (ZipException | EOFException e) {
                // What the gzip layer throws; Idx's own messages are plain IOExceptions.
                throw new IOException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Parses the IDX bytes of {@code in}, read from a file of {@code size} bytes (compressed when {@code gzip}). */
    private static Idx parse(Path file, InputStream in, long size, boolean gzip) throws IOException {
        String source = gzip ? "the decompressed data" : "the file";
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IOException(file + ": not an IDX file: " + magic.length + (gzip ? " decompressed" : "")
                    + " bytes, shorter than the 4-byte magic number");
        }
        int type = magic[2] & 0xff;
        int rank = magic[3] & 0xff;
        if (magic[0] != 0 || magic[1] != 0 || rank == 0) {
            throw new IOException(file + ": not an IDX file: magic number 0x" + String.format("%08x", readInt(magic, 0))
                    + " (expected 0x0000TTNN: two zero bytes, a type code, a dimension count >= 1)");
        }
        if (type != UNSIGNED_BYTE) {
            throw new IOException(file + ": IDX element type 0x" + String.format("%02x", type)
                    + " is not supported; expected unsigned bytes (0x08), as in MNIST");
        }
        int header = 4 + 4 * rank;
        byte[] b = in.readNBytes(4 * rank);
        if (b.length < 4 * rank) {
            throw new IOException(file + ": truncated IDX header: " + rank + " dimensions need " + header
                    + " bytes, " + source + " has " + (4 + b.length));
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = readInt(b, 4 * i);
            if (dims[i] < 0) {
                throw new IOException(file + ": invalid IDX dimension " + Integer.toUnsignedString(dims[i])
                        + " (dimension " + i + ")");
            }
        }
        long expected = product(file, dims);
        String need = "dimensions " + Arrays.toString(dims) + " need " + expected + " bytes of data after the "
                + header + "-byte header";
        if (!gzip && size - header != expected) {
            long actual = size - header;
            throw new IOException(file + ": " + (actual < expected ? "truncated" : "too long") + ": " + need
                    + ", the file has " + actual);
        }
        if (expected > MAX_ARRAY) {
            throw new IOException(file + ": too large: " + need + ", more than one array holds (" + MAX_ARRAY + ")");
        }
        // expected <= MAX_ARRAY here, so expected + header cannot overflow; size * ratio saturates.
        if (gzip && expected + header > (size > Long.MAX_VALUE / MAX_GZIP_RATIO ? Long.MAX_VALUE
                : size * MAX_GZIP_RATIO)) {
            throw new IOException(file + ": " + need + ", more than " + size + " bytes of gzip data can hold (deflate "
                    + "expands at most " + MAX_GZIP_RATIO + "-fold)");
        }
        byte[] data = gzip ? readGrowing(in, (int) expected) : readExactly(in, (int) expected);
        if (data.length < expected) {
            throw new IOException(file + ": truncated: " + need + ", " + source + " has " + data.length);
        }
        long trailing = in.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw new IOException(file + ": too long: " + need + ", " + source + " has " + (expected + trailing));
        }
        return new Idx(file, dims, data);
    }

    /** The element count, overflow-checked: a zero size makes it 0 whatever the others are. */
    private static long product(Path file, int[] dims) throws IOException {
        for (int d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        long n = 1;
        try {
            for (int d : dims) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            throw new IOException(file + ": invalid IDX dimensions " + Arrays.toString(dims)
                    + ": their product overflows a 64-bit count (no file holds that many bytes)");
        }
        return n;
    }

    /**
     * Up to {@code limit} bytes of {@code in}, in a buffer that doubles as data arrives rather than being
     * allocated up front from a declared size: a short stream costs only what it holds.
     */
    private static byte[] readGrowing(InputStream in, int limit) throws IOException {
        byte[] buf = new byte[Math.min(limit, BUFFER)];
        int n = 0;
        while (n < limit) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /**
     * Up to {@code length} bytes of {@code in} (fewer if it ends first); the caller has checked the length. Read in
     * pieces of {@link #BUFFER}: one read of the whole file would have the channel copy it through a temporary
     * direct buffer as large as the file, which Java then keeps for the thread (47 MB of native memory for
     * MNIST's training images, for the life of the process).
     */
    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] buf = new byte[length];
        int n = 0;
        while (n < length) {
            int r = in.readNBytes(buf, n, Math.min(BUFFER, length - n));
            if (r == 0) {
                break;
            }
            n += r;
        }
        return n == length ? buf : Arrays.copyOf(buf, n);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
