package dev.blitz.backend.cpu;

import dev.blitz.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link UnaryKernel} on the Vector API, in float lanes of the preferred shape only. NEG, ABS, SIGN, SQRT, RELU,
 * CLAMP and x^2 are exact. EXP, LOG, SIN, COS and TANH are the JDK's float vector math (SVML), within 1 ulp of the
 * float64 formula rounded, as PyTorch's SLEEF functions are; until the JIT compiles a loop the Vector API computes
 * each lane with {@link Math}, so a few of their results can change by that ulp once it has. SIGMOID, RSQRT and
 * AFFINE widen each half of a vector to float64 lanes, apply the float64 formula and round once (SIGMOID's float64
 * exp is the vector one, so it too is within 1 ulp, in practice exact). Where the JDK has no vector math library
 * (it ships one for x86 only) the transcendentals, like POW other than x^2, run the scalar loops: the Vector API
 * would compute them one boxed lane at a time. No other float shape is used: the JIT's type profiles inside the
 * Vector API are shared by every caller, and a second shape there slows {@link VectorGemm} down. Each op is a loop
 * of its own, so the JIT sees its operator as a constant (it does not intrinsify a variable one), and a run's last
 * partial vector goes through the same loop, padded, so no element takes another path. Loaded only when the JVM
 * has the module.
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
    /** Whether the JDK has its vector math library, which makes lanewise EXP and the like fast. */
    private static final boolean MATH = hasVectorMath();

    @Override
    void floats(UnaryOp op, float[] x, int ix, float[] o, int io, int n, double alpha, double beta) {
        if ((op == UnaryOp.POW && alpha != 2) || (!MATH && transcendental(op))) {
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

    private static boolean transcendental(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, SIN, COS, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    /** Whether {@code java.home} holds the SVML library HotSpot loads for vector math (Linux, Windows, macOS). */
    private static boolean hasVectorMath() {
        Path home = Path.of(System.getProperty("java.home"));
        for (String name : new String[] {"lib/libjsvml.so", "bin/jsvml.dll", "lib/libjsvml.dylib"}) {
            if (Files.exists(home.resolve(name))) {
                return true;
            }
        }
        return false;
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
            case EXP -> exp(x, ix, o, io, n);
            case LOG -> log(x, ix, o, io, n);
            case SIN -> sin(x, ix, o, io, n);
            case COS -> cos(x, ix, o, io, n);
            case TANH -> tanh(x, ix, o, io, n);
            case SIGMOID -> sigmoid(x, ix, o, io, n);
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

    private static int exp(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).lanewise(VectorOperators.EXP).intoArray(o, io + i);
        }
        return i;
    }

    private static int log(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).lanewise(VectorOperators.LOG).intoArray(o, io + i);
        }
        return i;
    }

    private static int sin(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).lanewise(VectorOperators.SIN).intoArray(o, io + i);
        }
        return i;
    }

    private static int cos(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).lanewise(VectorOperators.COS).intoArray(o, io + i);
        }
        return i;
    }

    private static int tanh(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector.fromArray(F, x, ix + i).lanewise(VectorOperators.TANH).intoArray(o, io + i);
        }
        return i;
    }

    private static int sigmoid(float[] x, int ix, float[] o, int io, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1);
        int i = 0;
        for (; i <= n - VF; i += VF) {
            FloatVector v = FloatVector.fromArray(F, x, ix + i);
            DoubleVector lo = one.div(wide(v, 0).neg().lanewise(VectorOperators.EXP).add(1));
            DoubleVector hi = one.div(wide(v, 1).neg().lanewise(VectorOperators.EXP).add(1));
            narrow(lo, hi).intoArray(o, io + i);
        }
        return i;
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
