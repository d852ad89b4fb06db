package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: random data, buffers, and a comparison that names the first element that is off. */
final class ReferenceKernels {
    static final CpuBackend CPU = CpuBackend.INSTANCE;

    private ReferenceKernels() {
    }

    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2f - 1f;
        }
        return a;
    }

    static Buffer buffer(float[] data) {
        return CPU.upload(data);
    }

    static float[] read(Buffer b) {
        float[] out = new float[b.length()];
        CPU.download(b, out);
        return out;
    }

    /** {@code |actual - expected| <= tol * (scale[i] + 1e-3)} everywhere, where scale bounds the terms summed. */
    static void assertClose(String what, double[] expected, double[] scale, float[] actual, double tol) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= tol * (scale[i] + 1e-3))) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (error " + err
                        + ", allowed " + tol * (scale[i] + 1e-3) + ")");
            }
        }
    }

    /** Bit-for-bit equality (so -0 differs from +0 and NaNs are compared by payload). */
    static void assertSameBits(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }
}
