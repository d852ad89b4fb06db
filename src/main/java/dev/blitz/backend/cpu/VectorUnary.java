package dev.blitz.backend.cpu;

import dev.blitz.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link UnaryKernel} on the Vector API. NEG, ABS, SIGN, SQRT, RELU, CLAMP and x^2 are exact in float lanes. The
 * others widen to float64 lanes, apply the float64 formula and round once: EXP, LOG, SIN, COS, TANH and SIGMOID
 * with the JDK's float64 vector math (SVML on x86, within 1 ulp of {@link Math}'s), so their float32 results are
 * within 1 ulp of the formula rounded and in practice equal to it. That matters beyond accuracy: until the JIT
 * compiles a loop, the Vector API computes each lane with {@link Math}, so float32 vector math would change some
 * results by an ulp partway through a run; rounded float64 results do not. POW other than x^2 runs the scalar
 * loop. Each op is a loop of its own, so the JIT sees its operator as a constant (it does not intrinsify a
 * variable one), and a run's last partial vector goes through the same loop, padded, so no element takes another
 * path. Loaded only when the JVM has the module.
 */
final class VectorUnary extends UnaryKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as {@link #D} has doubles, to widen into it. */
    private static final VectorSpecies<Float> H =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int VF = F.length();
    private static final int VH = H.length();

    @Override
    void floats(UnaryOp op, float[] x, int ix, float[] o, int io, int n, double alpha, double beta) {
        if (op == UnaryOp.POW && alpha != 2) {
            ScalarUnary.INSTANCE.floats(op, x, ix, o, io, n, alpha, beta);
            return;
        }
        int done = run(op, x, ix, o, io, n, alpha, beta);
        if (done < n) {
            // VF is a multiple of VH, so the padded run is whole vectors for both kinds of loop.
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
        for (; i <= n - VH; i += VH) {
            narrow(wide(x, ix + i).lanewise(VectorOperators.EXP), o, io + i);
        }
        return i;
    }

    private static int log(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VH; i += VH) {
            narrow(wide(x, ix + i).lanewise(VectorOperators.LOG), o, io + i);
        }
        return i;
    }

    private static int sin(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VH; i += VH) {
            narrow(wide(x, ix + i).lanewise(VectorOperators.SIN), o, io + i);
        }
        return i;
    }

    private static int cos(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VH; i += VH) {
            narrow(wide(x, ix + i).lanewise(VectorOperators.COS), o, io + i);
        }
        return i;
    }

    private static int tanh(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        for (; i <= n - VH; i += VH) {
            narrow(wide(x, ix + i).lanewise(VectorOperators.TANH), o, io + i);
        }
        return i;
    }

    private static int sigmoid(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        DoubleVector one = DoubleVector.broadcast(D, 1);
        for (; i <= n - VH; i += VH) {
            narrow(one.div(wide(x, ix + i).neg().lanewise(VectorOperators.EXP).add(1)), o, io + i);
        }
        return i;
    }

    private static int rsqrt(float[] x, int ix, float[] o, int io, int n) {
        int i = 0;
        DoubleVector one = DoubleVector.broadcast(D, 1);
        for (; i <= n - VH; i += VH) {
            narrow(one.div(wide(x, ix + i).sqrt()), o, io + i);
        }
        return i;
    }

    private static int affine(float[] x, int ix, float[] o, int io, int n, double alpha, double beta) {
        int i = 0;
        for (; i <= n - VH; i += VH) {
            narrow(wide(x, ix + i).mul(alpha).add(beta), o, io + i);
        }
        return i;
    }

    private static DoubleVector wide(float[] x, int at) {
        return (DoubleVector) FloatVector.fromArray(H, x, at).convertShape(VectorOperators.F2D, D, 0);
    }

    private static void narrow(DoubleVector v, float[] o, int at) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, H, 0)).intoArray(o, at);
    }
}
