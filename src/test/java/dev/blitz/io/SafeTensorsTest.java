package dev.blitz.io;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
}
