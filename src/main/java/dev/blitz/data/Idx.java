package dev.blitz.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

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

    /**
     * Reads and checks a whole file; gzip data is recognised by its magic bytes, whatever the file's name.
     *
     * @param file the IDX file, raw or gzip-compressed
     * @return its dimensions and data
     * @throws IOException if the file cannot be read, is not an IDX file of unsigned bytes, or is truncated or too
     *     long, naming the file and the problem
     */
    public static Idx read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            bytes = gunzip(file, bytes);
        }
        return parse(file, bytes);
    }

    private static byte[] gunzip(Path file, byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
    }

    static Idx parse(Path file, byte[] b) throws IOException {
        if (b.length < 4) {
            throw new IOException(file + ": not an IDX file: " + b.length + " bytes, shorter than the 4-byte magic number");
        }
        int magic = readInt(b, 0);
        int type = b[2] & 0xff;
        int rank = b[3] & 0xff;
        if (b[0] != 0 || b[1] != 0 || rank == 0) {
            throw new IOException(file + ": not an IDX file: magic number 0x" + String.format("%08x", magic)
                    + " (expected 0x0000TTNN: two zero bytes, a type code, a dimension count >= 1)");
        }
        if (type != UNSIGNED_BYTE) {
            throw new IOException(file + ": IDX element type 0x" + String.format("%02x", type)
                    + " is not supported; expected unsigned bytes (0x08), as in MNIST");
        }
        int header = 4 + 4 * rank;
        if (b.length < header) {
            throw new IOException(file + ": truncated IDX header: " + rank + " dimensions need " + header
                    + " bytes, the file has " + b.length);
        }
        int[] dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = readInt(b, 4 + 4 * i);
            if (dims[i] < 0) {
                throw new IOException(file + ": invalid IDX dimension " + Integer.toUnsignedString(dims[i])
                        + " (dimension " + i + ")");
            }
            expected *= dims[i];
        }
        long actual = b.length - (long) header;
        if (actual != expected) {
            throw new IOException(file + ": " + (actual < expected ? "truncated" : "too long") + ": dimensions "
                    + Arrays.toString(dims) + " need " + expected + " bytes of data after the " + header
                    + "-byte header, the file has " + actual);
        }
        return new Idx(file, dims, Arrays.copyOfRange(b, header, b.length));
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
