package dev.blitz.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch-computed LeNet fixtures, test resources in fixtures/lenet; their README says how they were made, and
 * {@link FixtureValues} makes their parameters and data.
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

    private static int[] parseInts(String s) {
        return s.isBlank() ? new int[0] : java.util.Arrays.stream(s.split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
    }

    private static double[] parseDoubles(String s) {
        return java.util.Arrays.stream(s.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }
}
