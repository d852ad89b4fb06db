package dev.blitz.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x and ln x of float64 runs on the Vector API, built from exact lane-wise operations only (fused multiply-adds,
 * adds, divisions, bit moves), so the interpreter and every JIT tier give the same bits. The JDK's own vector
 * {@code EXP} and {@code LOG} are SVML once C2 has compiled a loop but {@link Math} per lane before, so a result
 * moved by an ulp when the JIT got to it and a run did not repeat. Truncation errors are below 1e-14 relative, far
 * under a float's half ulp, which is what these serve ({@link VectorUnary}: float32 in, rounded once at the end).
 * Loops over arrays, not methods on vectors: C2 does not inline a vector helper once it is compiled on its own
 * (past InlineSmallCode), and a vector passed to a call it does not inline is boxed.
 */
final class VectorExpLog {
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, VectorShape.preferredShape());
    /** Lanes of a float64 vector: runs are a multiple of it. */
    static final int LANES = D.length();
    /** 1.5 * 2^52: adding it rounds a double of magnitude under 2^51 to an integer, held in the low bits. */
    private static final double SHIFT = 0x1.8p52;
    private static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
    /** ln 2 in two parts (fdlibm's): k * LN2_HI is exact for |k| < 2^11. */
    private static final double LN2_HI = 0x1.62e42fefa3800p-1;
    private static final double LN2_LO = 0x1.ef35793c76730p-45;

    private VectorExpLog() {
    }

    /**
     * {@code a[i] = e^a[i]} for i < n: a = k ln2 + r with |r| <= ln2/2, e^r by its Taylor series to r^11, times 2^k
     * built in the exponent bits. Inputs are clamped to [-120, 700] first: below, a float result is 0 anyway; above,
     * a float's is infinite while 1 / (1 + e^700) is still a float 0 for sigmoid. NaN stays NaN.
     */
    static void exp(double[] a, int n) {
        for (int i = 0; i < n; i += LANES) {
            DoubleVector c = DoubleVector.fromArray(D, a, i).min(700.0).max(-120.0);
            DoubleVector t = c.fma(DoubleVector.broadcast(D, 0x1.71547652b82fep0), DoubleVector.broadcast(D, SHIFT));
            DoubleVector k = t.sub(SHIFT);
            DoubleVector r = k.fma(DoubleVector.broadcast(D, -LN2_HI), c);
            r = k.fma(DoubleVector.broadcast(D, -LN2_LO), r);
            DoubleVector p = r.mul(1.0 / 39916800).add(1.0 / 3628800);
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 362880));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 40320));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 5040));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 720));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 120));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 24));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 6));
            p = p.fma(r, DoubleVector.broadcast(D, 0.5));
            p = p.fma(r, DoubleVector.broadcast(D, 1));
            p = p.fma(r, DoubleVector.broadcast(D, 1));
            DoubleVector scale = t.reinterpretAsLongs().sub(SHIFT_BITS - 1023).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            p.mul(scale).intoArray(a, i);
        }
    }

    /**
     * {@code a[i] = ln a[i]} for i < n, inputs normal or zero (floats widened): a = m 2^e with m in [sqrt(1/2),
     * sqrt(2)), ln m = 2 atanh(s) with s = (m - 1)/(m + 1), |s| < 0.172, by its series to s^17, plus e ln2.
     * Negative gives NaN, 0 gives -infinity, +infinity and NaN stay.
     */
    static void log(double[] a, int n) {
        for (int i = 0; i < n; i += LANES) {
            DoubleVector d = DoubleVector.fromArray(D, a, i);
            LongVector bits = d.reinterpretAsLongs();
            DoubleVector m = bits.and(0x000f_ffff_ffff_ffffL).or(1023L << 52).reinterpretAsDoubles();
            DoubleVector e = (DoubleVector) bits.lanewise(VectorOperators.LSHR, 52).sub(1023)
                    .convertShape(VectorOperators.L2D, D, 0);
            VectorMask<Double> high = m.compare(VectorOperators.GT, Math.sqrt(2));
            m = m.blend(m.mul(0.5), high);
            e = e.blend(e.add(1), high);
            DoubleVector s = m.sub(1).div(m.add(1));
            DoubleVector z = s.mul(s);
            DoubleVector p = z.mul(1.0 / 17).add(1.0 / 15);
            p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 13));
            p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 11));
            p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 9));
            p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 7));
            p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 5));
            p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 3));
            p = p.fma(z, DoubleVector.broadcast(D, 1));
            DoubleVector ln = e.fma(DoubleVector.broadcast(D, LN2_LO), s.add(s).mul(p)).add(e.mul(LN2_HI));
            ln = ln.blend(Double.NEGATIVE_INFINITY, d.compare(VectorOperators.EQ, 0));
            ln = ln.blend(Double.NaN, d.compare(VectorOperators.LT, 0));
            ln = ln.blend(d, d.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
            ln.blend(d, d.compare(VectorOperators.NE, d)).intoArray(a, i);
        }
    }
}
