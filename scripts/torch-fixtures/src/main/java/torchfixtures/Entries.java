package torchfixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixture file of named draws, one line each: {@code "name": {"recipe": ..., "dtype": ..., "shape": [...],
 * "values": [...]}} under a {@code "how"} line, the layout Blitz's {@code TorchRngFixture} reads. Floats are
 * {@code Float.toString} of float32, doubles {@code Double.toString} of float64, each checked to parse back to the
 * same bits.
 */
final class Entries {
    private final List<String> lines = new ArrayList<>();

    Entries(String how) {
        lines.add("    \"how\": " + quote(how));
    }

    void floats(String name, String recipe, long[] shape, float[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            String s = Float.toString(v[i]);
            if (Float.floatToRawIntBits(Float.parseFloat(s)) != Float.floatToRawIntBits(v[i])) {
                throw new IllegalStateException("Float.toString does not round-trip " + s);
            }
            b.append(i == 0 ? "" : ", ").append(s);
        }
        put(name, recipe, "float32", shape, b.append(']').toString());
    }

    void doubles(String name, String recipe, long[] shape, double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            String s = Double.toString(v[i]);
            if (Double.doubleToRawLongBits(Double.parseDouble(s)) != Double.doubleToRawLongBits(v[i])) {
                throw new IllegalStateException("Double.toString does not round-trip " + s);
            }
            b.append(i == 0 ? "" : ", ").append(s);
        }
        put(name, recipe, "float64", shape, b.append(']').toString());
    }

    void longs(String name, String recipe, long[] shape, long[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(v[i]);
        }
        put(name, recipe, "int64", shape, b.append(']').toString());
    }

    private void put(String name, String recipe, String dtype, long[] shape, String values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        lines.add("    " + quote(name) + ": {\"recipe\": " + quote(recipe) + ", \"dtype\": \"" + dtype
                + "\", \"shape\": " + s.append(']') + ", \"values\": " + values + "}");
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\n" + String.join(",\n", lines) + "\n}\n", StandardCharsets.UTF_8);
        System.err.println("wrote " + (lines.size() - 1) + " entries to " + file);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
