package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.Strided;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameValues;
import static dev.blitz.backend.cpu.ReferenceKernels.assertWithinUlps;
import static dev.blitz.backend.cpu.ReferenceKernels.element;
import static dev.blitz.backend.cpu.ReferenceKernels.exact;
import static dev.blitz.backend.cpu.ReferenceKernels.upload;
import static dev.blitz.backend.cpu.ReferenceKernels.values;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnaryCpuTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double[] SPECIAL = {0, -0.0, 1, -1, 0.5, -2.5, 100, -100, Double.NaN, INF, -INF,
        Float.MIN_VALUE, 1e-30, 3.4e38};
    /** alpha and beta for each op that reads them: POW's exponent, CLAMP's bounds, AFFINE's factor and offset. */
    private static final double[][] PARAMS = {{2, 0}, {0.5, 0}, {3, 0}, {-1, 0}, {-0.5, 0.25}, {-INF, 0.25},
        {1.5, -2}};

    @Test
    void floatOpsFollowTheFloat64FormulaAndFloat32RoundsIt() {
        // float32's exp, log and the like may be an ulp off the formula rounded (see approximate).
        Random r = new Random(61);
        double[] x = new double[SPECIAL.length + 200];
        System.arraycopy(SPECIAL, 0, x, 0, SPECIAL.length);
        for (int i = SPECIAL.length; i < x.length; i++) {
            x[i] = r.nextGaussian() * 4;
        }
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Buffer in = upload(t, x);
            double[] held = values(in); // float32 holds x rounded
            for (UnaryOp op : UnaryOp.values()) {
                for (double[] p : PARAMS) {
                    Buffer out = CPU.allocate(op.resultIsBool() ? DType.BOOL : t, x.length);
                    CPU.unary(op, Strided.contiguous(in, x.length), p[0], p[1], out, Shape.of(x.length));
                    double[] want = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        double v = op == UnaryOp.POW && p[0] == 2 ? held[i] * held[i] : op.apply(held[i], p[0], p[1]);
                        want[i] = t == DType.FLOAT32 && !op.resultIsBool() ? (float) v : v;
                    }
                    assertOp(op + " " + t + " alpha " + p[0] + " beta " + p[1], op, t, want, values(out));
                }
            }
        }
    }

    @Test
    void squaringIsExactlyXTimesX() {
        Random r = new Random(62);
        int n = 10_000;
        float[] f = new float[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (r.nextGaussian() * 1e3);
            d[i] = r.nextGaussian() * 1e3;
        }
        Buffer fo = CPU.allocate(n);
        CPU.unary(UnaryOp.POW, Strided.contiguous(CPU.upload(f), n), 2, 0, fo, Shape.of(n));
        float[] fs = ReferenceKernels.read(fo);
        Buffer dout = CPU.allocate(DType.FLOAT64, n);
        CPU.unary(UnaryOp.POW, Strided.contiguous(CPU.upload(d), n), 2, 0, dout, Shape.of(n));
        double[] ds = values(dout);
        for (int i = 0; i < n; i++) {
            if (Float.floatToIntBits(fs[i]) != Float.floatToIntBits(f[i] * f[i])
                    || Double.doubleToLongBits(ds[i]) != Double.doubleToLongBits(d[i] * d[i])) {
                throw new AssertionError("x^2 of element " + i + " is not x * x");
            }
        }
    }

    @Test
    void int64OpsAreExactIntegerArithmetic() {
        long big = (1L << 53) + 1; // not a double
        Buffer x = CPU.upload(new long[] {-7, 0, 3, big});
        check(UnaryOp.NEG, x, 0, 0, -(-7), 0, -3, -big);
        check(UnaryOp.ABS, x, 0, 0, 7, 0, 3, big);
        check(UnaryOp.SIGN, x, 0, 0, -1, 0, 1, 1);
        check(UnaryOp.RELU, x, 0, 0, 0, 0, 3, big);
        // Fractional bounds act as the whole numbers inside them; an infinite one is no bound.
        check(UnaryOp.CLAMP, x, -2.5, 2.5, -2, 0, 2, 2);
        check(UnaryOp.CLAMP, x, -INF, 1, -7, 0, 1, 1);
        check(UnaryOp.CLAMP, x, 1, INF, 1, 1, 3, big);
        check(UnaryOp.AFFINE, x, 1, 1, -6, 1, 4, big + 1);
        check(UnaryOp.AFFINE, x, -3, 2, 23, 2, -7, -3 * big + 2);
        assertThrows(IllegalArgumentException.class,
                () -> CPU.unary(UnaryOp.EXP, Strided.contiguous(x, 4), 0, 0, CPU.allocate(DType.INT64, 4),
                        Shape.of(4)));
    }

    @Test
    void boolOpsTakeEveryDtype() {
        Buffer floats = upload(DType.FLOAT32, Double.NaN, INF, -0.0, 2);
        checkBool(UnaryOp.ISNAN, floats, 1, 0, 0, 0);
        checkBool(UnaryOp.ISFINITE, floats, 0, 0, 1, 1);
        checkBool(UnaryOp.LOGICAL_NOT, floats, 0, 0, 1, 0); // NaN is nonzero
        Buffer doubles = upload(DType.FLOAT64, Double.NaN, -INF, 0, 1e-300);
        checkBool(UnaryOp.ISNAN, doubles, 1, 0, 0, 0);
        checkBool(UnaryOp.ISFINITE, doubles, 0, 0, 1, 1);
        checkBool(UnaryOp.LOGICAL_NOT, doubles, 0, 0, 1, 0);
        Buffer longs = upload(DType.INT64, 0, -1, 5, 0);
        checkBool(UnaryOp.ISNAN, longs, 0, 0, 0, 0);
        checkBool(UnaryOp.ISFINITE, longs, 1, 1, 1, 1);
        checkBool(UnaryOp.LOGICAL_NOT, longs, 1, 0, 0, 1);
        Buffer bools = upload(DType.BOOL, 1, 0, 0, 1);
        checkBool(UnaryOp.ISNAN, bools, 0, 0, 0, 0);
        checkBool(UnaryOp.ISFINITE, bools, 1, 1, 1, 1);
        checkBool(UnaryOp.LOGICAL_NOT, bools, 0, 1, 1, 0);
    }

    @Test
    void readsThroughViewsOfEveryDtype() {
        Random r = new Random(63);
        int[] dims = {4, 3, 5};
        int[] strides = {1, 0, 4}; // permuted, and broadcast along the middle dimension
        for (DType t : DType.values()) {
            double[] x = exact(r, t, 3 + 20);
            for (UnaryOp op : UnaryOp.values()) {
                boolean takes = t.isFloatingPoint() || op.resultIsBool() || (t == DType.INT64 && op.takesIntegers());
                if (!takes) {
                    continue;
                }
                Buffer out = CPU.allocate(op.resultIsBool() ? DType.BOOL : t, 60);
                CPU.unary(op, new Strided(upload(t, x), 3, strides), 2, 4, out, Shape.of(dims));
                double[] want = new double[60];
                for (int i = 0; i < 60; i++) {
                    double v = x[element(i, dims, 3, strides)];
                    want[i] = t == DType.INT64 && !op.resultIsBool() ? integer(op, (long) v)
                            : t == DType.FLOAT32 && !op.resultIsBool() ? (float) op.apply(v, 2, 4)
                            : op.apply(v, 2, 4);
                }
                assertOp(op + " " + t, op, t, want, values(out));
            }
        }
    }

    @Test
    void scalarsEmptyShapesAndInPlace() {
        Buffer out = CPU.allocate(DType.FLOAT64, 1);
        CPU.unary(UnaryOp.SQRT, new Strided(upload(DType.FLOAT64, 0, 16), 1, new int[0]), 0, 0, out, Shape.of());
        assertSameValues("0-d", new double[] {4}, values(out));
        Buffer none = CPU.allocate(0);
        CPU.unary(UnaryOp.EXP, Strided.contiguous(none, 2, 0), 0, 0, none, Shape.of(2, 0));
        Buffer x = upload(DType.FLOAT32, 1, -2, 3);
        CPU.unary(UnaryOp.NEG, Strided.contiguous(x, 3), 0, 0, x, Shape.of(3));
        assertSameValues("in place", new double[] {-1, 2, -3}, values(x));
    }

    @Test
    void largeInputsSplitOverThreads() {
        Random r = new Random(64);
        int n = 200_001;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        Buffer out = CPU.allocate(n);
        CPU.unary(UnaryOp.TANH, Strided.contiguous(upload(DType.FLOAT32, x), n), 0, 0, out, Shape.of(n));
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
            want[i] = (float) Math.tanh((float) x[i]);
        }
        assertWithinUlps("tanh", want, values(out), 1);
    }

    @Test
    void theFastKernelMatchesTheScalarOneAtEveryOffsetAndLength() {
        Random r = new Random(65);
        int n = 1 << 16;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < SPECIAL.length ? (float) SPECIAL[i]
                    : i % 3 == 0 ? Float.intBitsToFloat(r.nextInt()) // every exponent, NaNs and infinities too
                    : (float) (r.nextGaussian() * Math.pow(2, r.nextInt(24) - 12));
        }
        UnaryKernel fast = UnaryKernel.BEST;
        for (UnaryOp op : UnaryOp.values()) {
            if (op.resultIsBool()) {
                continue;
            }
            for (double[] p : takesParams(op) ? PARAMS : new double[][] {{0, 0}}) {
                String what = op + " alpha " + p[0] + " beta " + p[1];
                float[] want = new float[n];
                ScalarUnary.INSTANCE.floats(op, x, 0, want, 0, n, p[0], p[1]);
                float[] whole = new float[n];
                for (int rep = 0; rep < 2; rep++) { // the second may run what the JIT compiled
                    fast.floats(op, x, 0, whole, 0, n, p[0], p[1]);
                }
                assertOp(what, op, DType.FLOAT32, widen(want), widen(whole));
                // Runs of every length from any start, and in place, give each element what the whole run gave, to the
                // bit.
                int part = 8192;
                float[] pieces = new float[part + 5];
                for (int at = 0, len = 1; at < part; at += len, len = len % 97 + 1) {
                    fast.floats(op, x, at, pieces, at + 5, Math.min(len, part - at), p[0], p[1]);
                }
                float[] inPlace = Arrays.copyOf(x, part);
                fast.floats(op, inPlace, 3, inPlace, 3, part - 3, p[0], p[1]);
                double[] first = widen(Arrays.copyOfRange(whole, 3, part));
                assertSameValues(what + " in pieces", first, widen(Arrays.copyOfRange(pieces, 8, part + 5)));
                assertSameValues(what + " in place", first, widen(Arrays.copyOfRange(inPlace, 3, part)));
            }
        }
    }

    /**
     * Every float32 op gives the same bits before and after the JIT compiles it (the JDK's vector exp, log and tanh
     * did not: SVML once compiled, Math per lane before), and then allocates nothing. Enough calls for C2.
     */
    @Test
    void theFastKernelKeepsItsBitsOnceCompiledAndAllocatesNothing() {
        Random r = new Random(66);
        float[] x = new float[4 * 64 + 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < SPECIAL.length ? (float) SPECIAL[i] : (float) (r.nextGaussian() * Math.pow(2, r.nextInt(16) - 8));
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.RSQRT}) {
            float[] first = new float[x.length];
            UnaryKernel.BEST.floats(op, x, 0, first, 0, x.length, 0, 0);
            float[] again = new float[x.length];
            float[] tailless = new float[x.length];
            for (int call = 0; call < 30_000; call++) {
                UnaryKernel.BEST.floats(op, x, 0, again, 0, x.length, 0, 0);
                UnaryKernel.BEST.floats(op, x, 0, tailless, 0, x.length - 7, 0, 0);
                if (call % 5000 == 0) {
                    assertSameValues(op + ", call " + call, widen(first), widen(again));
                }
            }
            // A busy machine's compiler can lag the calls: rounds of 1000 calls until one allocates nothing.
            long bytes = Long.MAX_VALUE;
            for (int round = 0; round < 20 && bytes >= 64 * 1024; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int call = 0; call < 1000; call++) {
                    UnaryKernel.BEST.floats(op, x, 0, tailless, 0, x.length - 7, 0, 0);
                }
                bytes = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertTrue(bytes < 64 * 1024, op + " allocated " + bytes + " bytes in 1000 calls, 20 times over");
        }
    }

    @Test
    void signsOfZeroAndNanInTheFastKernel() {
        float[] x = {-0.0f, 0.0f, Float.NaN, -Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -3, 3};
        float[] in = new float[64];
        for (int i = 0; i < in.length; i++) {
            in[i] = x[i % x.length]; // whole vectors and a padded tail
        }
        Buffer buffer = CPU.upload(in);
        double[] held = values(buffer);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.RELU, UnaryOp.SQRT,
            UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIN, UnaryOp.SIGMOID, UnaryOp.CLAMP, UnaryOp.AFFINE, UnaryOp.POW}) {
            Buffer out = CPU.allocate(in.length);
            double alpha = op == UnaryOp.CLAMP ? -1 : op == UnaryOp.AFFINE ? -1 : 2;
            double beta = op == UnaryOp.CLAMP ? 0 : op == UnaryOp.AFFINE ? -0.0 : 0;
            CPU.unary(op, Strided.contiguous(buffer, in.length), alpha, beta, out, Shape.of(in.length));
            double[] want = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                want[i] = (float) (op == UnaryOp.POW ? held[i] * held[i] : op.apply(held[i], alpha, beta));
            }
            assertSameValues(op.toString(), want, values(out));
        }
    }

    /** The float32 ops whose series (or the JDK's math) may be an ulp off the float64 formula rounded. */
    private static boolean approximate(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, SIN, COS, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    private static boolean takesParams(UnaryOp op) {
        return op == UnaryOp.POW || op == UnaryOp.CLAMP || op == UnaryOp.AFFINE;
    }

    /** Exactly, or within 1 ulp for float32's {@link #approximate} ops. */
    private static void assertOp(String what, UnaryOp op, DType t, double[] want, double[] got) {
        if (t == DType.FLOAT32 && approximate(op)) {
            assertWithinUlps(what, want, got, 1);
        } else {
            assertSameValues(what, want, got);
        }
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The reference int64 ops, with this test's alpha 2 and beta 4. */
    private static double integer(UnaryOp op, long v) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> Long.signum(v);
            case RELU -> Math.max(v, 0);
            case CLAMP -> Math.min(Math.max(v, 2), 4);
            case AFFINE -> 2 * v + 4;
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    private static void check(UnaryOp op, Buffer x, double alpha, double beta, long... want) {
        Buffer out = CPU.allocate(DType.INT64, want.length);
        CPU.unary(op, Strided.contiguous(x, want.length), alpha, beta, out, Shape.of(want.length));
        long[] got = new long[want.length];
        CPU.download(out, got);
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, op + " " + alpha + " " + beta);
    }

    private static void checkBool(UnaryOp op, Buffer x, double... want) {
        Buffer out = CPU.allocate(DType.BOOL, want.length);
        CPU.unary(op, Strided.contiguous(x, want.length), 0, 0, out, Shape.of(want.length));
        assertSameValues(op + " " + x.dtype(), want, values(out));
    }
}
