package dev.blitz.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch-computed LeNet fixtures, test resources in fixtures/lenet (their README says how they were made),
 * and their generation rule.
 */
record Fixtures(Map<String, int[]> shapes, Map<String, double[]> values) {
    private static final Pattern TENSOR =
            Pattern.compile("\"([^\"]+)\": \\{\"shape\": \\[([^\\]]*)\\], \"data\": \\[([^\\]]*)\\]\\}");

    static final String DIR = "/fixtures/lenet/";

    /** Fails, rather than skips, when the file is missing: it is part of the repository. */
    static Fixtures load(String file) throws IOException {
        String json;
        try (InputStream in = Fixtures.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new AssertionError("PyTorch fixture " + DIR + file + " is not on the test class path"
                        + " (it belongs in src/test/resources" + DIR + ")");
            }
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
