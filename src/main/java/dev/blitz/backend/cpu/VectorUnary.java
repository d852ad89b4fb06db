package dev.blitz.backend.cpu;

import dev.blitz.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link UnaryKernel} on the Vector API, in float lanes of the preferred shape only. NEG, ABS, SIGN, SQRT, RELU,
 * CLAMP and x^2 are exact. EXP, LOG, TANH, SIGMOID, RSQRT and AFFINE take float64 (widened lanes, or a float64
 * scratch), apply the float64 formula and round once; e^x and ln x are {@link VectorExpLog}'s series, within 1 ulp of
 * the formula rounded and the same bits whichever JIT tier runs them (the JDK's vector math was not). SIN, COS and
 * POW other than x^2 run the scalar loops. No other float shape is used: the JIT's type profiles inside the Vector
 * API are shared by every caller, and a second shape there slows {@link VectorGemm} down. Each op is a loop of its
 * own, so the JIT sees its operator as a constant (it does not intrinsify a variable one), and a run's last partial
 * vector goes through the same loop, padded, so no element takes another path. Loaded only when the JVM has the
 * module.
 */
final class VectorUnary extends UnaryKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Half as many lanes as {@link #F}, of doubles: each half of a float vector widens into one. */
    private static final VectorSpecies<Double> D =
            VectorSpecies.of(double.class, VectorShape.forBitSize(F.vectorBitSize()));
    private static final int VF = F.length();
    /** The lanes of the upper half of a float vector. */
    private static final VectorMask<Float> UPPER =
            FloatVector.zero(F).addIndex(1).compare(VectorOperators.GE, VF / 2);
    /** Floats a call widens into float64 at a time (8 KB of this thread's scratch). */
    private static final int CHUNK = 1024;
    private static final ThreadLocal<double[]> WIDE = ThreadLocal.withInitial(() -> new double[CHUNK]);

    @Override
    void floats(UnaryOp op, float[] x, int ix, float[] o, int io, int n, double alpha, double beta) {
        if ((op == UnaryOp.POW && alpha != 2) || op == UnaryOp.SIN || op == UnaryOp.COS) {
            ScalarUnary.INSTANCE.floats(op, x, ix, o, io, n, alpha, beta);
            return;
        }
        int done = run(op, x, ix, o, io, n, alpha, beta);
        if (done < n) {
            float[] t = new float[VF];
            System.arraycopy(x, ix + done, t, 0, n - done);
            run(op, t, 0, t, 0, VF, alpha, beta);
            System.arraycopy(t, 0, o, io + done, n - done);
        }
    }

    /** Whole vectors of the run; returns how many elements they covered. */
    private static int run(UnaryOp op, float[] x, int ix, float[] o, int io, int n, double alpha, double beta) {
        return switch (op) {
            case NEG -> neg(x, ix, o, io, n);
            case ABS -> abs(x, ix, o, io, n);
            case SIGN -> sign(x, ix, o, io, n);
            case SQRT -> sqrt(x, ix, o, io, n);
            case RELU -> clamp(x, ix, o, io, n, 0, Float.POSITIVE_INFINITY);
            case POW -> square(x, ix, o, io, n);
            // Rounding is monotonic, so clamping to the rounded bounds is the float64 clamp rounded.
            case CLAMP -> clamp(x, ix, o, io, n, (float) alpha, (float) beta);
            case EXP, LOG, TANH, SIGMOID -> throughFloat64(op, x, ix, o, io, n);
            case RSQRT -> rsqrt(x, ix, o, io, n);
            case AFFINE -> affine(x, ix, o, io, n, alpha, beta);
            default -> throw new IllegalArgumentException(op + " does not give float32");
        };
    }

    private static int neg(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).neg().intoArray(o, io + i);
        }
        return i;
    }

    private static int abs(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).abs().intoArray(o, io + i);
        }
        return i;
    }

    private static int sign(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector v = FloatVector.fromArray(F, x, ix + i);
            // NaN fails every comparison and stays; +0 and -0 both give +0.
            v.blend(1, v.compare(VectorOperators.GT, 0))
                    .blend(-1, v.compare(VectorOperators.LT, 0))
                    .blend(0, v.compare(VectorOperators.EQ, 0))
                    .intoArray(o, io + i);
        }
        return i;
    }

    private static int sqrt(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).sqrt().intoArray(o, io + i);
        }
        return i;
    }

    private static int square(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector v = FloatVector.fromArray(F, x, ix + i);
            v.mul(v).intoArray(o, io + i);
        }
        return i;
    }

    /** Also RELU: the vector max and min are {@link Math#max} and {@link Math#min}, so NaN stays NaN. */
    private static int clamp(float[] x, int ix, float[] o, int io, int n, float lo, float hi) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).max(lo).min(hi).intoArray(o, io + i);
        }
        return i;
    }

    /**
     * EXP, LOG, TANH and SIGMOID over whole vectors' worth of the run, a chunk at a time: widened into this thread's
     * float64 scratch (negated for SIGMOID, 2|x| up to 40 for TANH), e^ or ln there ({@link VectorExpLog}), then
     * finished in float64 (1/(1 + e^-x); (e^2a - 1)/(e^2a + 1) with x's sign, or x (1 - x^2/3) below 2^-12, which
     * keeps -0) and rounded once. Each element is read before its output is written, so it works in place.
     */
    private static int throughFloat64(UnaryOp op, float[] x, int ix, float[] o, int io, int n) {
        double[] a = WIDE.get();
        int whole = n - n % VF;
        for (int at = 0; at < whole; at += CHUNK) {
            int len = Math.min(CHUNK, whole - at);
            int xi = ix + at;
            toDoubles(x, xi, a, len);
            if (op == UnaryOp.SIGMOID) {
                for (int j = 0; j < len; j++) {
                    a[j] = -a[j];
                }
            } else if (op == UnaryOp.TANH) {
                for (int j = 0; j < len; j++) {
                    a[j] = 2 * Math.min(Math.abs(a[j]), 20);
                }
            }
            if (op == UnaryOp.LOG) {
                VectorExpLog.log(a, len);
            } else {
                VectorExpLog.exp(a, len);
            }
            if (op == UnaryOp.SIGMOID) {
                for (int j = 0; j < len; j++) {
                    a[j] = 1 / (1 + a[j]);
                }
            } else if (op == UnaryOp.TANH) {
                for (int j = 0; j < len; j++) {
                    double v = x[xi + j];
                    double t = Math.copySign((a[j] - 1) / (a[j] + 1), v);
                    a[j] = Math.abs(v) < 0x1p-12 ? v * (1 - v * v / 3) : t;
                }
            }
            toFloats(a, o, io + at, len);
        }
        return whole;
    }

    /** {@code a[j] = x[xi + j]} for j < len, a multiple of the float lanes. */
    private static void toDoubles(float[] x, int xi, double[] a, int len) {
        for (int j = 0; j < len; j += VF) {
            FloatVector v = FloatVector.fromArray(F, x, xi + j);
            wide(v, 0).intoArray(a, j);
            wide(v, 1).intoArray(a, j + VF / 2);
        }
    }

    /** {@code o[oi + j] = (float) a[j]} for j < len, a multiple of the float lanes. */
    private static void toFloats(double[] a, float[] o, int oi, int len) {
        for (int j = 0; j < len; j += VF) {
            narrow(DoubleVector.fromArray(D, a, j), DoubleVector.fromArray(D, a, j + VF / 2)).intoArray(o, oi + j);
        }
    }

    private static int rsqrt(float[] x, int ix, float[] o, int io, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1);
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector v = FloatVector.fromArray(F, x, ix + i);
            narrow(one.div(wide(v, 0).sqrt()), one.div(wide(v, 1).sqrt())).intoArray(o, io + i);
        }
        return i;
    }

    private static int affine(float[] x, int ix, float[] o, int io, int n, double alpha, double beta) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector v = FloatVector.fromArray(F, x, ix + i);
            narrow(wide(v, 0).mul(alpha).add(beta), wide(v, 1).mul(alpha).add(beta)).intoArray(o, io + i);
        }
        return i;
    }

    /** The lower ({@code part} 0) or upper (1) half of {@code v} in float64 lanes. */
    private static DoubleVector wide(FloatVector v, int part) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, part);
    }

    /** Two halves rounded back into one float vector. */
    private static FloatVector narrow(DoubleVector lo, DoubleVector hi) {
        FloatVector low = (FloatVector) lo.convertShape(VectorOperators.D2F, F, 0);
        return low.blend((FloatVector) hi.convertShape(VectorOperators.D2F, F, -1), UPPER);
    }
}
