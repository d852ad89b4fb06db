package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: random data, buffers, the tolerance of a sum, and bit-for-bit comparison. */
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

    /**
     * The absolute tolerance of each element of a computed sum, {@code tol * (scale[i] + 1e-3)}: float rounding
     * grows with the terms added up, so scale[i] bounds the sum of their magnitudes. For {@code Close.assertClose}.
     */
    static double[] tolerance(double[] scale, double tol) {
        double[] atol = new double[scale.length];
        for (int i = 0; i < scale.length; i++) {
            atol[i] = tol * (scale[i] + 1e-3);
        }
        return atol;
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
