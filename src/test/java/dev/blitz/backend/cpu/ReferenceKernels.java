package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test helpers: random data, buffers of any dtype made from and read back as doubles, the element a view reads,
 * the tolerance of a sum, and bit-for-bit or within-ulps comparison.
 */
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

    /** A buffer of {@code type} holding {@code values} converted as a cast would (bool: nonzero). */
    static Buffer upload(DType type, double... values) {
        return switch (type) {
            case FLOAT32 -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                yield CPU.upload(f);
            }
            case FLOAT64 -> CPU.upload(values);
            case INT64 -> {
                long[] l = new long[values.length];
                for (int i = 0; i < l.length; i++) {
                    l[i] = (long) values[i];
                }
                yield CPU.upload(l);
            }
            case BOOL -> {
                boolean[] b = new boolean[values.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = values[i] != 0;
                }
                yield CPU.upload(b);
            }
        };
    }

    /** Every element of a buffer of any dtype, as a double (bool: 1 or 0). */
    static double[] values(Buffer b) {
        double[] v = new double[b.length()];
        switch (b.dtype()) {
            case FLOAT32 -> {
                float[] f = read(b);
                for (int i = 0; i < v.length; i++) {
                    v[i] = f[i];
                }
            }
            case FLOAT64 -> CPU.download(b, v);
            case INT64 -> {
                long[] l = new long[v.length];
                CPU.download(b, l);
                for (int i = 0; i < v.length; i++) {
                    v[i] = l[i];
                }
            }
            case BOOL -> {
                boolean[] z = new boolean[v.length];
                CPU.download(b, z);
                for (int i = 0; i < v.length; i++) {
                    v[i] = z[i] ? 1 : 0;
                }
            }
        }
        return v;
    }

    /** Random values that every dtype holds exactly: small whole numbers, and halves for the float types. */
    static double[] exact(Random r, DType type, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case BOOL -> r.nextInt(2);
                case INT64 -> r.nextInt(41) - 20;
                default -> (r.nextInt(81) - 40) / 2.0;
            };
        }
        return v;
    }

    /** Row-major strides of {@code dims}. */
    static int[] contiguous(int... dims) {
        int[] strides = new int[dims.length];
        for (int d = dims.length - 1, s = 1; d >= 0; d--) {
            strides[d] = s;
            s *= dims[d];
        }
        return strides;
    }

    /** Where the element at row-major position {@code flat} of a view over {@code dims} lies in its buffer. */
    static int element(int flat, int[] dims, int offset, int[] strides) {
        int at = offset;
        for (int d = dims.length - 1; d >= 0; d--) {
            at += flat % dims[d] * strides[d];
            flat /= dims[d];
        }
        return at;
    }

    /**
     * Float32 elements at most {@code ulps} representable floats apart (as doubles holding floats), any NaN equal
     * to any NaN; infinity is one step beyond the largest float, and a zero must have the expected sign.
     */
    static void assertWithinUlps(String what, double[] expected, double[] actual, int ulps) {
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " elements, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            float e = (float) expected[i];
            float a = (float) actual[i];
            if (e != e && a != a) {
                continue;
            }
            boolean zeros = e == 0 && a == 0;
            if (e != e || a != a || Math.abs(ordered(e) - ordered(a)) > ulps
                    || (zeros && Float.floatToRawIntBits(e) != Float.floatToRawIntBits(a))) {
                fail(what + ": element " + i + " is " + a + ", expected " + e + " within " + ulps + " ulp");
            }
        }
    }

    /** A float's place in the order of all floats: consecutive floats differ by 1, both zeros are 0. */
    private static long ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
    }

    /** Equality of every element as doubles, bit for bit but any NaN equal to any NaN. */
    static void assertSameValues(String what, double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " elements, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
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
