package dev.blitz.io;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tensors by name in the safetensors format, as {@code safetensors.torch.save_file} / {@code load_file} read
 * and write it: an 8-byte little-endian header length, a JSON header (per tensor {@code dtype}, {@code shape},
 * {@code data_offsets}; optional string {@code __metadata__}) padded with spaces to a multiple of 8 bytes, then
 * the tensors' raw little-endian data back to back. Blitz writes and reads {@code F32}. A module's
 * {@code stateDict()} saved here loads in PyTorch with {@code net.load_state_dict(load_file(path))}.
 */
public final class SafeTensors {
    /** safetensors' own limit on the JSON header, in bytes: larger headers are refused, as the Rust reader does. */
    static final long MAX_HEADER = 100_000_000;
    /** Tensor data is read through a buffer of this many bytes. */
    private static final int CHUNK = 1 << 20;

    private SafeTensors() {
    }

    /**
     * What a file holds: tensors in file order, and the metadata (empty when there is none).
     *
     * @param tensors the tensors by name, in the header's order
     * @param metadata the {@code __metadata__} strings by key
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /**
     * Writes tensors without metadata, as {@code save_file(tensors, path)}; atomically, as
     * {@link #save(Map, Map, Path)}.
     *
     * @param tensors the tensors by name, e.g. {@code net.stateDict()}; written in the map's order
     * @param file where to write
     * @throws IOException if the file cannot be written; an existing file is then left as it was
     */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    /**
     * Writes tensors and string metadata, as {@code save_file(tensors, path, metadata)}. Writes atomically
     * ({@link AtomicFile}): an existing file is replaced only by a complete new one.
     *
     * @param tensors the tensors by name, written in the map's order as {@code F32}
     * @param metadata stored under {@code __metadata__}; may be empty
     * @param file where to write
     * @throws IOException if the file cannot be written, or its header would pass safetensors' limit of
     *     100,000,000 bytes; an existing file is then left as it was
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}
     */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append("\"__metadata__\":{");
            String sep = "";
            for (var e : metadata.entrySet()) {
                header.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                sep = ",";
            }
            header.append('}');
        }
        long offset = 0;
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: a tensor cannot be named __metadata__");
            }
            Shape shape = e.getValue().shape();
            long end = offset + 4L * shape.numel();
            header.append(header.length() > 1 ? "," : "").append(Json.quote(e.getKey()))
                    .append(":{\"dtype\":\"F32\",\"shape\":").append(java.util.Arrays.toString(shape.dims()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        while (header.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            header.append(' ');
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        if (headerBytes.length > MAX_HEADER) {
            throw new IOException(file + ": not written: its header would be " + headerBytes.length
                    + " bytes, over safetensors' limit of " + MAX_HEADER + " (no reader would load it)");
        }
        AtomicFile.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
            out.write(length.array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                float[] values = t.toFloatArray();
                ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(values);
                out.write(data.array());
            }
        });
    }

    /**
     * Reads every tensor onto the default device, as {@code load_file(path)}.
     *
     * @param file the safetensors file
     * @return its tensors and metadata
     * @throws IOException if the file cannot be read or is not a valid {@code F32} safetensors file, naming it and
     *     the problem
     */
    public static Contents load(Path file) throws IOException {
        return load(file, Blitz.defaultDevice());
    }

    /**
     * Reads and checks a whole file: the header must be valid UTF-8 JSON whose tensors are {@code F32}, with data
     * ranges that match their shapes and tile the data section exactly. Memory: the header (at most safetensors'
     * limit of 100,000,000 bytes, and no more than the file holds) and then the tensors, whose sizes have been
     * checked against the file's actual length first; nothing is allocated from a declared size alone.
     *
     * @param file the safetensors file
     * @param device where to put the tensors
     * @return its tensors and metadata
     * @throws IOException if the file cannot be read, or is truncated or corrupted, naming it and the problem
     */
    public static Contents load(Path file, Device device) throws IOException {
        try (FileChannel channel = ReadableFile.open(file, "a safetensors file")) {
            return read(file, channel, device);
        }
    }

    private static Contents read(Path file, FileChannel channel, Device device) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw corrupt(file, "it has " + size + " bytes, fewer than the 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (!ReadableFile.readFully(channel, 0, prefix)) {
            throw corrupt(file, "it ended while its 8-byte header length was read (truncated)");
        }
        long headerLength = prefix.getLong(0);
        if (headerLength > MAX_HEADER) {
            throw corrupt(file, "header length " + headerLength + " is over safetensors' limit of " + MAX_HEADER
                    + " bytes");
        }
        if (headerLength < 2 || headerLength > size - 8) {
            throw corrupt(file, "header length " + headerLength + " does not fit a file of " + size
                    + " bytes (truncated, or not a safetensors file)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        if (!ReadableFile.readFully(channel, 8, headerBytes)) {
            throw corrupt(file, "it ended inside its " + headerLength + "-byte header (truncated)");
        }
        long dataStart = 8 + headerLength;
        Map<String, Object> header = header(file, headerBytes.flip());
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (var e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw corrupt(file, "__metadata__ is not an object");
                }
                for (var kv : m.entrySet()) {
                    if (!(kv.getValue() instanceof String v)) {
                        throw corrupt(file, "__metadata__ value of \"" + kv.getKey() + "\" is not a string");
                    }
                    metadata.put((String) kv.getKey(), v);
                }
            } else {
                entries.add(entry(file, e.getKey(), e.getValue()));
            }
        }
        long dataLength = size - dataStart;
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::start));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.start != expected) {
                throw corrupt(file, "tensor \"" + e.name + "\" starts at data offset " + e.start + ", expected "
                        + expected + " (tensors must follow each other without gaps or overlaps)");
            }
            expected = e.end;
        }
        if (expected != dataLength) {
            throw corrupt(file, "the tensors cover " + expected + " data bytes but the file has " + dataLength
                    + (dataLength < expected ? " (truncated)" : " (trailing bytes)"));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(4, dataLength)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : entries) {
            float[] values = new float[e.shape.numel()];
            for (int done = 0; done < values.length; ) {
                int n = Math.min(values.length - done, chunk.capacity() / 4);
                chunk.clear().limit(4 * n);
                if (!ReadableFile.readFully(channel, dataStart + e.start + 4L * done, chunk)) {
                    throw corrupt(file, "it ended while tensor \"" + e.name + "\" was read (truncated while loading)");
                }
                chunk.flip().asFloatBuffer().get(values, done, n);
                done += n;
            }
            tensors.put(e.name, Tensor.of(values, e.shape, device));
        }
        return new Contents(tensors, metadata);
    }

    /** The header as a JSON object; the bytes must be UTF-8, as the format says. */
    private static Map<String, Object> header(Path file, ByteBuffer bytes) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "the header is not valid UTF-8 (" + e + ")");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "invalid JSON header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw corrupt(file, "invalid JSON header: the header is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        return map;
    }

    private record Entry(String name, Shape shape, long start, long end) {
    }

    private static Entry entry(Path file, String name, Object value) throws IOException {
        if (!(value instanceof Map<?, ?> info)) {
            throw corrupt(file, "entry \"" + name + "\" is not an object");
        }
        if (!"F32".equals(info.get("dtype"))) {
            throw corrupt(file, "tensor \"" + name + "\" has dtype " + info.get("dtype")
                    + "; Blitz reads only F32");
        }
        long[] dims = longs(info.get("shape"));
        long[] offsets = longs(info.get("data_offsets"));
        if (dims == null || offsets == null || offsets.length != 2) {
            throw corrupt(file, "tensor \"" + name + "\" needs a shape (list of integers) and data_offsets [begin, end]");
        }
        int[] intDims = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw corrupt(file, "tensor \"" + name + "\" has an invalid dimension " + dims[i]);
            }
            intDims[i] = (int) dims[i];
        }
        Shape shape;
        try {
            shape = Shape.of(intDims);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "tensor \"" + name + "\" is too large: " + e.getMessage());
        }
        long bytes = 4L * shape.numel();
        if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
            throw corrupt(file, "tensor \"" + name + "\" of shape " + Arrays.toString(dims) + " needs " + bytes
                    + " bytes, but data_offsets " + Arrays.toString(offsets) + " give "
                    + (offsets[1] < offsets[0] ? "a negative range" : Long.toString(offsets[1] - offsets[0])));
        }
        return new Entry(name, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l)) {
                return null;
            }
            out[i] = l;
        }
        return out;
    }

    private static IOException corrupt(Path file, String why) {
        return new IOException(file + ": not a valid safetensors file: " + why);
    }
}
