package dev.blitz.tensor;

/**
 * PyTorch's {@code normal_fill_16_AVX2}: turns 16 uniforms in place into 16 normals by Box–Muller, the first 8
 * giving the radius and the last 8 the angle. Its log and sincos are avx_mathfun's Cephes polynomials, and every
 * operation below is the instruction libtorch 2.7.1's x86-64 build runs (read from its disassembly): GCC fused
 * most multiply-adds into FMAs, so each {@code Math.fma} here is one {@code vfmadd} there and each plain
 * {@code *}/{@code +} one {@code vmulps}/{@code vaddps}. That makes the results bit-equal to PyTorch's on any
 * AVX2 or AVX-512 x86 CPU, which is what stock PyTorch uses there. Java's {@code Math.log/sin/cos} in their place
 * are not within an ulp: of the 3,168 randn values in the fixtures 38% differ, 22% by more than one ulp (up to 763
 * ulps near the zeros of sin and cos, where tiny absolute differences are many ulps of a tiny result).
 */
final class NormalFill16 {
    private static final float TWO_PI = (float) (2 * Math.PI);

    private static final float SQRTHF = 0.707106781186547524f;
    private static final float LOG_P0 = 7.0376836292E-2f;
    private static final float LOG_P1 = -1.1514610310E-1f;
    private static final float LOG_P2 = 1.1676998740E-1f;
    private static final float LOG_P3 = -1.2420140846E-1f;
    private static final float LOG_P4 = 1.4249322787E-1f;
    private static final float LOG_P5 = -1.6668057665E-1f;
    private static final float LOG_P6 = 2.0000714765E-1f;
    private static final float LOG_P7 = -2.4999993993E-1f;
    private static final float LOG_P8 = 3.3333331174E-1f;
    private static final float LOG_Q1 = -2.12194440e-4f;
    private static final float LOG_Q2 = 0.693359375f;

    private static final float FOUR_OVER_PI = 1.27323954473516f;
    private static final float MINUS_DP1 = -0.78515625f;
    private static final float MINUS_DP2 = -2.4187564849853515625e-4f;
    private static final float MINUS_DP3 = -3.77489497744594108e-8f;
    private static final float SIN_P0 = -1.9515295891E-4f;
    private static final float SIN_P1 = 8.3321608736E-3f;
    private static final float SIN_P2 = -1.6666654611E-1f;
    private static final float COS_P0 = 2.443315711809948E-005f;
    private static final float COS_P1 = -1.388731625493765E-003f;
    private static final float COS_P2 = 4.166664568298827E-002f;

    private NormalFill16() {
    }

    /**
     * Replaces {@code data[at..at+16)}, uniforms in [0, 1), with normal samples of the given mean and std:
     * {@code data[at+k]} gets {@code r·cos θ} and {@code data[at+8+k]} gets {@code r·sin θ}, where
     * {@code r = √(-2 log(1 - data[at+k]))} and {@code θ = 2π·data[at+8+k]}.
     */
    static void apply(float[] data, int at, float mean, float std) {
        for (int k = 0; k < 8; k++) {
            float u1 = 1f - data[at + k];
            float theta = TWO_PI * data[at + 8 + k];
            float radius = (float) Math.sqrt(log(u1) * -2f);
            float[] sinCos = sinCos(theta);
            data[at + k] = Math.fma(radius * sinCos[1], std, mean);
            data[at + 8 + k] = Math.fma(radius * sinCos[0], std, mean);
        }
    }

    /** avx_mathfun's {@code log256_ps} for a positive normal float. */
    static float log(float v) {
        int bits = Float.floatToRawIntBits(v);
        float e = (float) ((bits >>> 23) - 0x7f) + 1f;
        // the mantissa as a float in [0.5, 1)
        float x = Float.intBitsToFloat((bits & ~0x7f800000) | 0x3f000000);
        boolean small = x < SQRTHF;
        // below √½ use 2x - 1 and one less in the exponent, so that x - 1 stays within ±0.29
        float extra = small ? x : 0f;
        x = x - 1f;
        e = e - (small ? 1f : 0f);
        float eQ1 = e * LOG_Q1;
        x = extra + x;

        float y = LOG_P0;
        y = Math.fma(y, x, LOG_P1);
        y = Math.fma(y, x, LOG_P2);
        y = Math.fma(y, x, LOG_P3);
        y = Math.fma(y, x, LOG_P4);
        y = Math.fma(y, x, LOG_P5);
        y = Math.fma(y, x, LOG_P6);
        y = Math.fma(y, x, LOG_P7);
        y = Math.fma(y, x, LOG_P8);
        float z = x * x;
        y = x * y;
        y = Math.fma(y, z, eQ1);
        y = Math.fma(-z, 0.5f, y);
        x = x + y;
        return Math.fma(e, LOG_Q2, x);
    }

    /** avx_mathfun's {@code sincos256_ps} for |θ| below 2²⁴: {@code {sin θ, cos θ}}. */
    static float[] sinCos(float theta) {
        float x = Math.abs(theta);
        // the octant j, rounded up to even, and x reduced to [-π/4, π/4] around j·π/4 in three exact-ish steps
        int j = ((int) (x * FOUR_OVER_PI) + 1) & ~1;
        float y = j;
        x = Math.fma(y, MINUS_DP1, x);
        x = Math.fma(y, MINUS_DP2, x);
        x = Math.fma(y, MINUS_DP3, x);
        boolean sinFlips = ((j & 4) != 0) != (Float.floatToRawIntBits(theta) < 0);
        boolean cosFlips = (~(j - 2) & 4) != 0;
        boolean cosPolyIsCos = (j & 2) == 0;

        float z = x * x;
        float c = COS_P0;
        c = Math.fma(c, z, COS_P1);
        c = Math.fma(c, z, COS_P2);
        float halfZ = 0.5f * z;
        c = z * c;
        c = Math.fma(c, z, -halfZ);
        float s = SIN_P0;
        s = Math.fma(s, z, SIN_P1);
        s = Math.fma(s, z, SIN_P2);
        c = 1f + c;
        s = z * s;
        s = Math.fma(x, s, x);

        float sin = cosPolyIsCos ? s : c;
        float cos = cosPolyIsCos ? c : s;
        return new float[] {sinFlips ? -sin : sin, cosFlips ? -cos : cos};
    }
}
