package dev.blitz.io;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("conv1.weight", Tensor.of(new float[] {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 1e30f}, 2, 1, 3));
        m.put("conv1.bias", Tensor.of(new float[] {0.1f, 0.2f}, 2));
        m.put("state.0.step", Tensor.full(Shape.of(), 7f, dev.blitz.core.Device.CPU));
        return m;
    }

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        SafeTensors.save(sample(), Map.of("epoch", "3", "note", "quote \" and \\ ok"), file);
        SafeTensors.Contents c = SafeTensors.load(file);
        assertEquals(List.of("conv1.weight", "conv1.bias", "state.0.step"), List.copyOf(c.tensors().keySet()));
        for (var e : sample().entrySet()) {
            Tensor loaded = c.tensors().get(e.getKey());
            assertEquals(e.getValue().shape(), loaded.shape());
            assertArrayEquals(e.getValue().toFloatArray(), loaded.toFloatArray(), e.getKey());
        }
        assertEquals(Map.of("epoch", "3", "note", "quote \" and \\ ok"), c.metadata());
    }

    @Test
    void layoutIsTheSafetensorsFormat() throws IOException {
        Path file = dir.resolve("a.safetensors");
        SafeTensors.save(Map.of("w", Tensor.of(new float[] {1f, -2f}, 2)), file);
        byte[] b = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header.trim());
        ByteBuffer data = ByteBuffer.wrap(b, 8 + (int) n, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, data.getFloat());
        assertEquals(-2f, data.getFloat());
        assertEquals(8 + n + 8, b.length);
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.save(sample(), file);
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length - 4));
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(file, Arrays.copyOf(b, 20));
        e = assertThrows(IOException.class, () -> SafeTensors.load(file));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
        Files.write(file, new byte[3]);
        assertThrows(IOException.class, () -> SafeTensors.load(file));
    }

    @Test
    void corruptedHeaderIsRejected() throws IOException {
        Path file = dir.resolve("c.safetensors");
        SafeTensors.save(sample(), file);
        byte[] good = Files.readAllBytes(file);
        String header = new String(good, 8, (int) ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(),
                StandardCharsets.UTF_8);
        assertRejected(file, good, header, "\"dtype\":\"F32\",\"shape\":[2,1,3]", "\"dtype\":\"F16\",\"shape\":[2,1,3]",
                "dtype F16");
        assertRejected(file, good, header, "[2,1,3]", "[2,1,4]", "needs 32 bytes");
        assertRejected(file, good, header, "\"data_offsets\":[24,32]", "\"data_offsets\":[28,36]", "starts at data offset");
        assertRejected(file, good, header, "{\"conv1.weight\"", "[\"conv1.weight\"", "invalid JSON header");
        assertRejected(file, good, header, "\"shape\":[2]", "\"shape\":\"2\"", "needs a shape");
    }

    private static void assertRejected(Path file, byte[] good, String header, String from, String to, String expected)
            throws IOException {
        assertTrue(header.contains(from), "test setup: header " + header + " lacks " + from);
        byte[] replaced = header.replace(from, to).getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[good.length - header.length() + replaced.length];
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(replaced.length).put(replaced)
                .put(good, 8 + header.length(), good.length - 8 - header.length());
        Files.write(file, bad);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(file));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("not a valid safetensors file"),
                e.getMessage());
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntact() throws IOException {
        Path file = dir.resolve("keep.safetensors");
        SafeTensors.save(sample(), Map.of("epoch", "1"), file);
        byte[] before = Files.readAllBytes(file);

        Map<String, Tensor> failing = new LinkedHashMap<>(sample());
        Tensor closed = Tensor.of(new float[] {1, 2, 3}, 3);
        closed.close();
        failing.put("z.released", closed);
        assertThrows(IllegalStateException.class, () -> SafeTensors.save(failing, Map.of("epoch", "2"), file));

        assertArrayEquals(before, Files.readAllBytes(file), "the earlier checkpoint is untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        assertEquals("1", SafeTensors.load(file).metadata().get("epoch"));
    }

    /** A file with this header (spaces pad it to 8 bytes, as save does) and these data bytes. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = (header + " ".repeat((8 - header.length() % 8) % 8)).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("crafted.safetensors");
        Files.write(file, ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).array());
        return file;
    }

    private static String rejection(Path file) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(file, Device.CPU));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aFolderOrAMissingFileIsNamed() throws IOException {
        assertEquals(dir + ": is a directory, not a safetensors file", rejection(dir));
        assertEquals(dir.resolve("none.safetensors") + ": does not exist", rejection(dir.resolve("none.safetensors")));
    }

    @Test
    void aDeeplyNestedHeaderIsRefusedWithoutOverflowingTheStack() throws IOException {
        Path file = file("{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}", 0);
        String m = rejection(file);
        assertTrue(m.endsWith("invalid JSON header: nesting deeper than 64 levels at offset 68"), m);
    }

    @Test
    void aHeaderOverSafetensorsLimitIsRefusedBeforeItIsRead() throws IOException {
        Path file = dir.resolve("huge-header.safetensors");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_008L).array());
        assertEquals(file + ": not a valid safetensors file: header length 100000008 is over safetensors' limit of "
                + "100000000 bytes", rejection(file));
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array());
        assertTrue(rejection(file).endsWith("header length -8 does not fit a file of 16 bytes (truncated, or not a "
                + "safetensors file)"));
    }

    @Test
    void aHugeFileIsCheckedAgainstItsHeaderBeforeAnyDataIsRead() throws IOException {
        // 3 GiB, sparse: far more than one Java array holds, so reading it whole would fail.
        Path file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        long dataStart = Files.size(file) - 8;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertTrue(rejection(file).endsWith("the tensors cover 8 data bytes but the file has "
                + ((3L << 30) - dataStart) + " (trailing bytes)"));
    }

    @Test
    void sizesAreCheckedAgainstTheFileBeforeAllocating() throws IOException {
        // 2^30 floats declared by a file of a few bytes: refused, not allocated.
        Path file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1024,1048576],\"data_offsets\":[0,4294967296]}}", 8);
        assertTrue(rejection(file).endsWith("the tensors cover 4294967296 data bytes but the file has 8 (truncated)"));
    }

    @Test
    void shapesWhoseElementCountOverflowsAreRefused() throws IOException {
        Path file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,0]}}", 0);
        assertTrue(rejection(file).contains("tensor \"w\" is too large: shape [65536, 65536, 65536, 65536] has more "
                + "than 2147483639 elements"));
        file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,0]}}", 0);
        assertTrue(rejection(file).endsWith("tensor \"w\" has an invalid dimension 4294967296"));
    }

    @Test
    void offsetsMustGiveTheShapesSizeInsideTheFile() throws IOException {
        Path file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8);
        assertTrue(rejection(file).endsWith("tensor \"w\" of shape [2] needs 8 bytes, but data_offsets [8, 0] give a "
                + "negative range"));
        file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[9223372036854775800,"
                + "9223372036854775807]}}", 8);
        assertTrue(rejection(file).endsWith("needs 8 bytes, but data_offsets [9223372036854775800, "
                + "9223372036854775807] give 7"));
        file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
        assertTrue(rejection(file).endsWith("tensor \"w\" starts at data offset 8, expected 0 (tensors must follow "
                + "each other without gaps or overlaps)"));
    }

    @Test
    void theHeaderMustBeUtf8() throws IOException {
        Path file = file("{\"w\":{}}", 0);
        byte[] b = Files.readAllBytes(file);
        b[10] = (byte) 0xff;
        Files.write(file, b);
        assertTrue(rejection(file).contains("the header is not valid UTF-8"), rejection(file));
    }

    @Test
    void emptyTensorsAndScalarsLoad() throws IOException {
        Path file = file("{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},"
                + "\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4);
        SafeTensors.Contents c = SafeTensors.load(file, Device.CPU);
        assertEquals(Shape.of(0, 3), c.tensors().get("e").shape());
        assertEquals(0f, c.tensors().get("s").item());
    }
}
