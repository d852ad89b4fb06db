package dev.blitz.io;

import dev.blitz.core.DType;
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
        assertRejected(file, good, header, "\"dtype\":\"F32\",\"shape\":[2,1,3]", "\"dtype\":\"F8_E5M2\",\"shape\":[2,1,3]",
                "dtype F8_E5M2; Blitz reads [F32, F16, BF16, F64, I64, I32, BOOL]");
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

    /** A file as safetensors writes it: the header, padded with spaces to 8 bytes, then {@code data}. */
    private Path file(String header, byte[] data) throws IOException {
        byte[] h = (header + " ".repeat((8 - header.length() % 8) % 8)).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("written.safetensors");
        Files.write(file, ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array());
        return file;
    }

    @Test
    void halfAndBfloat16LoadAsFloat32Exactly() throws IOException {
        // IEEE binary16 bits: 1, -2, 0.5, 65504 (largest), 2^-24 (smallest subnormal), 1/3 rounded, -0, inf
        short[] half = {0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, 0x3555, (short) 0x8000, 0x7C00};
        // bfloat16 bits are a float's upper half: 1, -2, 3.140625, 1e-40's neighbourhood (subnormal), -inf
        short[] bf16 = {0x3F80, (short) 0xC000, 0x4049, 0x0001, (short) 0xFF80};
        ByteBuffer data = ByteBuffer.allocate(2 * (half.length + bf16.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : half) {
            data.putShort(h);
        }
        for (short b : bf16) {
            data.putShort(b);
        }
        Path file = file("{\"h\":{\"dtype\":\"F16\",\"shape\":[2,4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[16,26]}}", data.array());
        Map<String, Tensor> t = SafeTensors.load(file, Device.CPU).tensors();
        assertEquals(DType.FLOAT32, t.get("h").dtype());
        assertEquals(Shape.of(2, 4), t.get("h").shape());
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, 0.333251953125f, -0f,
                Float.POSITIVE_INFINITY}, t.get("h").toFloatArray());
        assertEquals(DType.FLOAT32, t.get("b").dtype());
        assertArrayEquals(new float[] {1f, -2f, 3.140625f, Float.intBitsToFloat(0x00010000),
                Float.NEGATIVE_INFINITY}, t.get("b").toFloatArray());
    }

    @Test
    void float64Int64Int32AndBoolLoadAsTheirTypes() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16 + 16 + 8 + 3).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(0.1).putDouble(-1e300);
        data.putLong(Long.MIN_VALUE).putLong(9_007_199_254_740_993L); // 2^53 + 1: not a float64
        data.putInt(-7).putInt(Integer.MAX_VALUE);
        data.put((byte) 1).put((byte) 0).put((byte) 1);
        Path file = file("{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"l\":{\"dtype\":\"I64\",\"shape\":[2,1],\"data_offsets\":[16,32]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[32,40]},"
                + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[40,43]}}", data.array());
        Map<String, Tensor> t = SafeTensors.load(file, Device.CPU).tensors();
        assertEquals(DType.FLOAT64, t.get("d").dtype());
        assertArrayEquals(new double[] {0.1, -1e300}, t.get("d").toDoubleArray());
        assertEquals(DType.INT64, t.get("l").dtype());
        assertEquals(Shape.of(2, 1), t.get("l").shape());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 9_007_199_254_740_993L}, t.get("l").toLongArray());
        assertEquals(DType.INT64, t.get("i").dtype());
        assertArrayEquals(new long[] {-7, Integer.MAX_VALUE}, t.get("i").toLongArray());
        assertEquals(DType.BOOL, t.get("m").dtype());
        assertArrayEquals(new boolean[] {true, false, true}, t.get("m").toBooleanArray());
    }

    @Test
    void float64Int64AndBoolAreWrittenAsF64I64AndBool() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("d", Tensor.of(new double[] {0.1, Math.PI}, 2));
        m.put("bn.num_batches_tracked", Tensor.of(new long[] {9_007_199_254_740_993L}, Shape.of(), Device.CPU));
        m.put("mask", Tensor.of(new boolean[] {false, true}, 2));
        m.put("f", Tensor.of(new float[] {1.5f}, 1));
        Path file = dir.resolve("typed.safetensors");
        SafeTensors.save(m, file);
        byte[] b = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals("{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]},"
                + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[24,26]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[26,30]}}",
                new String(b, 8, (int) n, StandardCharsets.UTF_8).trim());
        ByteBuffer data = ByteBuffer.wrap(b, 8 + (int) n, 30).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.1, data.getDouble());
        assertEquals(Math.PI, data.getDouble());
        assertEquals(9_007_199_254_740_993L, data.getLong());
        assertEquals(0, data.get());
        assertEquals(1, data.get());
        assertEquals(1.5f, data.getFloat());

        Map<String, Tensor> back = SafeTensors.load(file, Device.CPU).tensors();
        assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()));
        m.forEach((k, v) -> {
            assertEquals(v.dtype(), back.get(k).dtype(), k);
            assertEquals(v.shape(), back.get(k).shape(), k);
            assertArrayEquals(v.toDoubleArray(), back.get(k).toDoubleArray(), k);
        });
        assertArrayEquals(new long[] {9_007_199_254_740_993L}, back.get("bn.num_batches_tracked").toLongArray());
    }

    @Test
    void aTruncatedHalfTensorIsRejected() throws IOException {
        Path file = file("{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,4]}}", new byte[4]);
        assertTrue(rejection(file).contains("needs 6 bytes"), rejection(file));
    }
}
