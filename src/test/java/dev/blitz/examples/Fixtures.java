package dev.blitz.examples;

import dev.blitz.models.LeNet;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch-computed LeNet fixtures in ../shared/fixtures (or -Dblitz.fixtures=DIR), and their generation rule.
 */
record Fixtures(Map<String, int[]> shapes, Map<String, double[]> values) {
    private static final Pattern TENSOR =
            Pattern.compile("\"([^\"]+)\": \\{\"shape\": \\[([^\\]]*)\\], \"data\": \\[([^\\]]*)\\]\\}");

    static Path dir() {
        Path dir = Path.of(System.getProperty("blitz.fixtures", "../shared/fixtures"));
        Assumptions.assumeTrue(Files.isDirectory(dir), "PyTorch fixtures not found at " + dir.toAbsolutePath()
                + " (set -Dblitz.fixtures=DIR)");
        return dir;
    }

    static Fixtures load(String file) throws IOException {
        String json = Files.readString(dir().resolve(file));
        Map<String, int[]> shapes = new HashMap<>();
        Map<String, double[]> values = new HashMap<>();
        Matcher m = TENSOR.matcher(json);
        while (m.find()) {
            shapes.put(m.group(1), parseInts(m.group(2)));
            values.put(m.group(1), parseDoubles(m.group(3)));
        }
        if (values.isEmpty()) {
            throw new IOException(file + ": no tensors found");
        }
        return new Fixtures(shapes, values);
    }

    double[] get(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("fixture has no tensor " + name);
        }
        return v;
    }

    /** The README's rule: value(i) = ((i*7919 + seed*104729) mod 2001 - 1000) / 1000 * scale, rounded to float. */
    static float[] generate(int numel, int seed, double scale) {
        float[] out = new float[numel];
        for (long i = 0; i < numel; i++) {
            long k = (i * 7919 + seed * 104729L) % 2001;
            out[(int) i] = (float) ((k - 1000) / 1000.0 * scale);
        }
        return out;
    }

    private static int[] parseInts(String s) {
        return s.isBlank() ? new int[0] : java.util.Arrays.stream(s.split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
    }

    private static double[] parseDoubles(String s) {
        return java.util.Arrays.stream(s.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }
}
