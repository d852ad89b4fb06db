package dev.blitz.backend.cuda;

import dev.blitz.Blitz;

import dev.blitz.core.Device;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/** What the gpu-tagged tests share: skipping where CUDA is not usable, and comparing against the CPU. */
final class Gpu {
    static final Device CUDA = Device.cuda(0);

    private Gpu() {
    }

    /**
     * Skips the calling test with the reason, e.g. "libcuda.so.1 not found"; with BLITZ_REQUIRE_GPU=1 (the GPU
     * image, docker/test) fails with it instead. Call it per test (@BeforeEach): surefire counts tests skipped
     * one by one, not a class skipped in @BeforeAll.
     */
    static void assumeCuda() {
        if (Blitz.isAvailable(CUDA)) {
            return;
        }
        String why = "CUDA not usable here: " + Blitz.unavailableReason(CUDA);
        if ("1".equals(System.getenv("BLITZ_REQUIRE_GPU"))) {
            fail(why + " (BLITZ_REQUIRE_GPU=1)");
        }
        Assumptions.abort(why);
    }

    /**
     * Fails unless {@code |actual - expected| <= atol + rtol * |expected|} everywhere, naming the first element
     * that is not and the largest error.
     */
    static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == actual[i]) {
                continue; // also equal infinities
            }
            double err = Math.abs((double) actual[i] - expected[i]);
            double excess = err - (atol + rtol * Math.abs(expected[i]));
            boolean bothNaN = Float.isNaN(expected[i]) && Float.isNaN(actual[i]);
            if (!bothNaN && (excess > worstExcess || Double.isNaN(err))) {
                worst = i;
                worstExcess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : excess;
            }
        }
        if (worst >= 0) {
            fail(what + ": element " + worst + " is " + actual[worst] + ", expected " + expected[worst]
                    + " (tolerance " + atol + " + " + rtol + "·|expected|, " + expected.length + " elements)");
        }
    }

    /** The tolerance for whole-tensor comparisons: relative to the tensor's largest magnitude, plus elementwise. */
    static void assertCloseScaled(float[] expected, float[] actual, double scaledAtol, double rtol, String what) {
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        assertClose(expected, actual, scaledAtol * Math.max(max, 1e-30), rtol, what);
    }
}
