package dev.blitz;

import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one closeness rule of the tests: {@code |actual - expected| <= atol + rtol * |expected|} for every element,
 * a NaN equal only to a NaN and an infinity only to the same infinity. A failure names the worst element (the
 * one furthest past its bound), what it was allowed, and how many elements are off.
 */
public final class Close {
    private Close() {
    }

    /**
     * Elementwise closeness with one tolerance for every element.
     *
     * @param expected the reference values
     * @param actual the values under test
     * @param atol the absolute tolerance
     * @param rtol the tolerance relative to each |expected|
     * @param what names the values in a failure
     */
    public static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        check(toDouble(expected), actual, i -> atol, rtol, what);
    }

    /**
     * Closeness for a whole tensor: the absolute tolerance is {@code scaledAtol} times the largest |expected|, so
     * elements near zero are judged on the tensor's scale rather than their own.
     *
     * @param expected the reference values
     * @param actual the values under test
     * @param scaledAtol the absolute tolerance per unit of the largest |expected|
     * @param rtol the tolerance relative to each |expected|
     * @param what names the values in a failure
     */
    public static void assertCloseScaled(float[] expected, float[] actual, double scaledAtol, double rtol,
            String what) {
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        assertClose(expected, actual, scaledAtol * Math.max(max, 1e-30), rtol, what);
    }

    /**
     * Closeness with an absolute tolerance of each element's own, e.g. one that grows with the terms a sum adds
     * up, or zero where the reference is exactly zero.
     *
     * @param expected the reference values
     * @param actual the values under test
     * @param atol the absolute tolerance of each element
     * @param rtol the tolerance relative to each |expected|
     * @param what names the values in a failure
     */
    public static void assertClose(double[] expected, float[] actual, double[] atol, double rtol, String what) {
        if (atol.length != expected.length) {
            throw new IllegalArgumentException(what + ": " + atol.length + " tolerances for " + expected.length
                    + " values");
        }
        check(expected, actual, i -> atol[i], rtol, what);
    }

    private static void check(double[] expected, float[] actual, IntToDoubleFunction atol, double rtol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        int off = 0;
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (e == a || Double.isNaN(e) && Double.isNaN(a)) {
                continue; // also equal infinities, whose difference is NaN
            }
            double excess = Math.abs(a - e) - bound(e, atol.applyAsDouble(i), rtol);
            if (Double.isNaN(excess)) {
                excess = Double.POSITIVE_INFINITY; // one NaN, or an infinity against anything else
            }
            if (excess > 0) {
                off++;
                if (excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (worst >= 0) {
            double e = expected[worst];
            double a = atol.applyAsDouble(worst);
            fail(what + ": element " + worst + " is " + actual[worst] + ", expected " + e + " (error "
                    + Math.abs(actual[worst] - e) + ", allowed " + bound(e, a, rtol) + " = " + a + " + " + rtol
                    + "·|expected|; " + off + " of " + expected.length + " elements off)");
        }
    }

    private static double bound(double expected, double atol, double rtol) {
        return atol + rtol * Math.abs(expected);
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
