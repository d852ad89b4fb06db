package dev.blitz.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON file of {@code src/test/resources/fixtures/torch-rng} (or another fixtures folder): numbers PyTorch
 * computed, found by the chain of keys that leads to them (each key searched after the previous one), e.g.
 * {@code floats("tensors", "randn_3x5")}.
 */
public record TorchRngFixture(String name, String json) {

    public static TorchRngFixture load(String file) {
        return load("torch-rng", file);
    }

    /** The file of {@code src/test/resources/fixtures/<folder>}. */
    public static TorchRngFixture load(String folder, String file) {
        String path = "fixtures/" + folder + "/" + file;
        try (InputStream in = TorchRngFixture.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return new TorchRngFixture(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The float32 values of the {@code "values"} array under the keys. */
    public float[] floats(String... keys) {
        String[] items = values(keys);
        float[] out = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = Float.parseFloat(items[i]);
        }
        return out;
    }

    /** The float64 values of the {@code "values"} array under the keys. */
    public double[] doubles(String... keys) {
        return Arrays.stream(values(keys)).mapToDouble(Double::parseDouble).toArray();
    }

    /** The integers of the {@code "values"} array under the keys. */
    public long[] longs(String... keys) {
        return Arrays.stream(values(keys)).mapToLong(Long::parseLong).toArray();
    }

    /** The integers of the array that is the value of the last key. */
    public long[] longArray(String... keys) {
        return Arrays.stream(array(after(keys))).mapToLong(Long::parseLong).toArray();
    }

    /** The number that is the value of the last key. */
    public double number(String... keys) {
        int at = after(keys);
        int end = at;
        while (end < json.length() && ",}\n".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return Double.parseDouble(json.substring(at, end).trim());
    }

    private String[] values(String... keys) {
        int at = json.indexOf("\"values\":", after(keys));
        return array(at + "\"values\":".length());
    }

    /** The position right after {@code "key":} of the last key, each key found after the one before. */
    private int after(String... keys) {
        int at = 0;
        for (String key : keys) {
            String quoted = "\"" + key + "\":";
            at = json.indexOf(quoted, at);
            if (at < 0) {
                throw new IllegalArgumentException(name + ": no " + String.join(" > ", keys));
            }
            at += quoted.length();
        }
        return at;
    }

    private String[] array(int from) {
        int open = json.indexOf('[', from);
        int close = json.indexOf(']', open);
        return json.substring(open + 1, close).trim().split("\\s*,\\s*");
    }
}
