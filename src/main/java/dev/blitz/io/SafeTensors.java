package dev.blitz.io;

import dev.blitz.Blitz;
import dev.blitz.core.DType;
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
 * the tensors' raw little-endian data back to back. Blitz writes float32, float64, int64 and bool tensors as
 * {@code F32}, {@code F64}, {@code I64} and {@code BOOL}, and reads those and what else PyTorch commonly writes,
 * converted on load: {@code F16} and {@code BF16} to float32 (exactly: every half and bfloat16 value is a float),
 * {@code I32} to int64. A module's {@code stateDict()} saved here loads in PyTorch with
 * {@code net.load_state_dict(load_file(path))}.
 */
public final class SafeTensors {
    /** safetensors' own limit on the JSON header, in bytes: larger headers are refused, as the Rust reader does. */
    static final long MAX_HEADER = 100_000_000;
    /** Tensor data is read through a buffer of this many bytes. */
    private static final int CHUNK = 1 << 20;

    private SafeTensors() {
    }

    /** The file's element types Blitz reads: safetensors' name, bytes per element, and the tensor type it becomes. */
    private enum FileType {
        F32(4, DType.FLOAT32), F16(2, DType.FLOAT32), BF16(2, DType.FLOAT32), F64(8, DType.FLOAT64),
        I64(8, DType.INT64), I32(4, DType.INT64), BOOL(1, DType.BOOL);

        final int size;
        final DType dtype;

        FileType(int size, DType dtype) {
            this.size = size;
            this.dtype = dtype;
        }

        /** The type a tensor of {@code dtype} is written as. */
        static FileType of(DType dtype) {
            return switch (dtype) {
                case FLOAT32 -> F32;
                case FLOAT64 -> F64;
                case INT64 -> I64;
                case BOOL -> BOOL;
            };
        }
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
     * @param tensors the tensors by name, written in the map's order, each as its dtype's safetensors type
     *     ({@code F32}, {@code F64}, {@code I64}, {@code BOOL})
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
            FileType type = FileType.of(e.getValue().dtype());
            long end = offset + (long) type.size * shape.numel();
            header.append(header.length() > 1 ? "," : "").append(Json.quote(e.getKey()))
                    .append(":{\"dtype\":\"").append(type).append("\",\"shape\":").append(java.util.Arrays.toString(shape.dims()).replace(" ", ""))
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
                out.write(bytes(t));
            }
        });
    }

    /** A tensor's values as the file stores them, little-endian. */
    private static byte[] bytes(Tensor t) {
        FileType type = FileType.of(t.dtype());
        ByteBuffer data = ByteBuffer.allocate(type.size * t.numel()).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F64 -> data.asDoubleBuffer().put(t.toDoubleArray());
            case I64 -> data.asLongBuffer().put(t.toLongArray());
            case BOOL -> {
                for (boolean b : t.toBooleanArray()) {
                    data.put((byte) (b ? 1 : 0));
                }
            }
            default -> data.asFloatBuffer().put(t.toFloatArray());
        }
        return data.array();
    }

    /**
     * Reads every tensor onto the default device, as {@code load_file(path)}.
     *
     * @param file the safetensors file
     * @return its tensors and metadata
     * @throws IOException if the file cannot be read, is not a valid safetensors file, or holds a type Blitz does
     *     not read (F8, U8, I8, I16, ...), naming it and the problem
     */
    public static Contents load(Path file) throws IOException {
        return load(file, Blitz.defaultDevice());
    }

    /**
     * Reads and checks a whole file: the header must be valid UTF-8 JSON whose tensors are {@code F32}, {@code F16},
     * {@code BF16}, {@code F64}, {@code I64}, {@code I32} or {@code BOOL} (converted as the class says), with data
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
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(8, dataLength)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : entries) {
            int count = e.shape.numel();
            Object values = switch (e.type.dtype) {
                case FLOAT64 -> new double[count];
                case INT64 -> new long[count];
                case BOOL -> new boolean[count];
                default -> new float[count];
            };
            for (int done = 0; done < count; ) {
                int n = Math.min(count - done, chunk.capacity() / e.type.size);
                chunk.clear().limit(e.type.size * n);
                if (!ReadableFile.readFully(channel, dataStart + e.start + (long) e.type.size * done, chunk)) {
                    throw corrupt(file, "it ended while tensor \"" + e.name + "\" was read (truncated while loading)");
                }
                decode(e.type, chunk.flip(), values, done, n);
                done += n;
            }
            tensors.put(e.name, tensor(values, e.shape, device));
        }
        return new Contents(tensors, metadata);
    }

    /** Converts {@code n} elements of {@code type} from {@code in} into {@code out} from index {@code at}. */
    private static void decode(FileType type, ByteBuffer in, Object out, int at, int n) {
        switch (type) {
            case F32 -> in.asFloatBuffer().get((float[]) out, at, n);
            case F64 -> in.asDoubleBuffer().get((double[]) out, at, n);
            case I64 -> in.asLongBuffer().get((long[]) out, at, n);
            case I32 -> {
                long[] longs = (long[]) out;
                for (int i = 0; i < n; i++) {
                    longs[at + i] = in.getInt();
                }
            }
            case F16 -> {
                float[] floats = (float[]) out;
                for (int i = 0; i < n; i++) {
                    floats[at + i] = halfToFloat(in.getShort());
                }
            }
            case BF16 -> {
                float[] floats = (float[]) out;
                for (int i = 0; i < n; i++) {
                    // bfloat16 is a float's upper 16 bits
                    floats[at + i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                }
            }
            case BOOL -> {
                boolean[] bools = (boolean[]) out;
                for (int i = 0; i < n; i++) {
                    bools[at + i] = in.get() != 0;
                }
            }
        }
    }

    /** IEEE 754 binary16 to float, exactly (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in a float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // rebias the exponent from 15 to 127
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static Tensor tensor(Object values, Shape shape, Device device) {
        int[] dims = shape.dims();
        if (values instanceof float[] f) {
            return Tensor.of(f, shape, device);
        }
        if (values instanceof long[] l) {
            return Tensor.of(l, shape, device);
        }
        Tensor host = values instanceof double[] d ? Tensor.of(d, dims) : Tensor.of((boolean[]) values, dims);
        return host.to(device);
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

    private record Entry(String name, FileType type, Shape shape, long start, long end) {
    }

    private static Entry entry(Path file, String name, Object value) throws IOException {
        if (!(value instanceof Map<?, ?> info)) {
            throw corrupt(file, "entry \"" + name + "\" is not an object");
        }
        FileType type = null;
        for (FileType t : FileType.values()) {
            if (t.name().equals(info.get("dtype"))) {
                type = t;
            }
        }
        if (type == null) {
            throw corrupt(file, "tensor \"" + name + "\" has dtype " + info.get("dtype") + "; Blitz reads "
                    + Arrays.toString(FileType.values()));
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
        long bytes = (long) type.size * shape.numel();
        if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
            throw corrupt(file, "tensor \"" + name + "\" of shape " + Arrays.toString(dims) + " needs " + bytes
                    + " bytes, but data_offsets " + Arrays.toString(offsets) + " give "
                    + (offsets[1] < offsets[0] ? "a negative range" : Long.toString(offsets[1] - offsets[0])));
        }
        return new Entry(name, type, shape, offsets[0], offsets[1]);
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
