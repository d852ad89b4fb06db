package dev.blitz.backend.cpu;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameBits;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameValues;
import static dev.blitz.backend.cpu.ReferenceKernels.buffer;
import static dev.blitz.backend.cpu.ReferenceKernels.element;
import static dev.blitz.backend.cpu.ReferenceKernels.exact;
import static dev.blitz.backend.cpu.ReferenceKernels.random;
import static dev.blitz.backend.cpu.ReferenceKernels.read;
import static dev.blitz.backend.cpu.ReferenceKernels.upload;
import static dev.blitz.backend.cpu.ReferenceKernels.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ElementwiseCpuTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 3e-39f, -2.5f};

    @Test
    void broadcastingBinaryOpsMatchIndexArithmetic() {
        Random r = new Random(31);
        int[][][] pairs = {
            {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{3, 1, 5}, {4, 1}}, {{1}, {2, 3}}, {{}, {5}}, {{2, 3, 4}, {}},
            {{70000}, {70000}}, {{300, 240}, {240}}, {{2, 1}, {1, 3}}, {{0, 3}, {3}}
        };
        for (int[][] p : pairs) {
            Shape a = Shape.of(p[0]);
            Shape b = Shape.of(p[1]);
            Shape out = Shape.broadcast(a, b, "test");
            float[] x = random(r, a.numel());
            float[] y = random(r, b.numel());
            for (BinaryOp op : BinaryOp.values()) {
                // Comparisons write bool; the reference's 1 and 0 read as true and false.
                Buffer o = CPU.allocate(op.isComparison() ? DType.BOOL : DType.FLOAT32, out.numel());
                CPU.binary(op, new Strided(buffer(x), 0, a.broadcastStrides(out)),
                        new Strided(buffer(y), 0, b.broadcastStrides(out)), o, out);
                assertSameBits(op + " " + a + " " + b, expected(op, x, a, y, b, out),
                        op.isComparison() ? ones(o) : read(o));
            }
        }
    }

    @Test
    void binaryMayWriteIntoItsFirstOperand() {
        Shape s = Shape.of(4, 3);
        Buffer a = buffer(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Buffer bias = buffer(new float[] {100, 200, 300});
        CPU.binary(BinaryOp.ADD, new Strided(a, 0, s.broadcastStrides(s)), new Strided(bias, 0, Shape.of(3).broadcastStrides(s)), a, s);
        assertSameBits("in place", new float[] {101, 202, 303, 104, 205, 306, 107, 208, 309, 110, 211, 312},
                read(a));
    }

    @Test
    void everyDtypeThroughOffsetTransposedAndBroadcastViews() {
        Random r = new Random(33);
        int[] dims = {3, 4};
        // a: a 3 x 4 view of 4 x 3 storage (transposed) from element 2; b: a column, a scalar, or a row of a
        // larger buffer from element 1.
        int[] aStrides = {1, 3};
        int[][] bStrides = {{1, 0}, {0, 0}, {4, 1}};
        for (DType t : DType.values()) {
            double[] x = exact(r, t, 2 + 12);
            double[] y = exact(r, t, 1 + 12);
            for (BinaryOp op : BinaryOp.values()) {
                if (t == DType.BOOL && op != BinaryOp.EQ && op != BinaryOp.NE) {
                    continue; // bool takes only EQ and NE
                }
                for (int[] bs : bStrides) {
                    Buffer o = CPU.allocate(op.isComparison() ? DType.BOOL : t, 12);
                    CPU.binary(op, new Strided(upload(t, x), 2, aStrides), new Strided(upload(t, y), 1, bs), o,
                            Shape.of(dims));
                    double[] want = new double[12];
                    for (int i = 0; i < 12; i++) {
                        want[i] = apply(op, t, x[element(i, dims, 2, aStrides)], y[element(i, dims, 1, bs)]);
                    }
                    assertSameValues(op + " " + t + " b strides " + Arrays.toString(bs), want, values(o));
                }
            }
        }
    }

    @Test
    void largeViewsOfEveryDtypeSplitOverThreads() {
        Random r = new Random(34);
        int[] dims = {300, 241};
        int[] aStrides = {1, 300}; // transposed
        int[] bStrides = {0, 1};   // a row broadcast down
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            double[] x = exact(r, t, 300 * 241);
            double[] y = exact(r, t, 241);
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.MAXIMUM, BinaryOp.LT}) {
                Buffer o = CPU.allocate(op.isComparison() ? DType.BOOL : t, x.length);
                CPU.binary(op, new Strided(upload(t, x), 0, aStrides), new Strided(upload(t, y), 0, bStrides), o,
                        Shape.of(dims));
                double[] want = new double[x.length];
                for (int i = 0; i < want.length; i++) {
                    want[i] = apply(op, t, x[element(i, dims, 0, aStrides)], y[element(i, dims, 0, bStrides)]);
                }
                assertSameValues(op + " " + t, want, values(o));
            }
        }
    }

    @Test
    void float32FastLoopsAgreeWithTheStridedOne() {
        // Rows at the output's position, a broadcast scalar, a row elsewhere (offset 5), and a strided row: each
        // takes its own loop, all must give op.apply's bits.
        Random r = new Random(35);
        float[] x = withSpecials(r, 5 + 64 * 40);
        float[] y = withSpecials(r, 5 + 64 * 40);
        int[] dims = {64, 40};
        int[][][] layouts = {
            {{0, 40, 1}, {0, 40, 1}}, {{0, 40, 1}, {0, 1, 0}}, {{0, 40, 1}, {5, 0, 1}}, {{5, 40, 1}, {0, 40, 1}},
            {{0, 1, 64}, {5, 0, 1}}, {{0, 40, 1}, {3, 1, 64}}
        };
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
            for (int[][] l : layouts) {
                int[] as = {l[0][1], l[0][2]};
                int[] bs = {l[1][1], l[1][2]};
                Buffer o = CPU.allocate(64 * 40);
                CPU.binary(op, new Strided(buffer(x), l[0][0], as), new Strided(buffer(y), l[1][0], bs), o,
                        Shape.of(dims));
                float[] want = new float[64 * 40];
                for (int i = 0; i < want.length; i++) {
                    want[i] = op.apply(x[element(i, dims, l[0][0], as)], y[element(i, dims, l[1][0], bs)]);
                }
                assertSameBits(op + " " + Arrays.deepToString(l), want, read(o));
            }
        }
    }

    @Test
    void int64DivisionTruncatesTowardZero() {
        Buffer o = CPU.allocate(DType.INT64, 4);
        CPU.binary(BinaryOp.DIV, Strided.contiguous(upload(DType.INT64, 7, -7, 7, -7), 4),
                Strided.contiguous(upload(DType.INT64, 2, 2, -2, -2), 4), o, Shape.of(4));
        assertSameValues("7 / 2 and its signs", new double[] {3, -3, -3, 3}, values(o));
    }

    @Test
    void maximumAndMinimumAreNanIfEitherIs() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Buffer a = upload(t, Double.NaN, 1, 2);
            Buffer b = upload(t, 1, Double.NaN, -3);
            Buffer o = CPU.allocate(t, 3);
            CPU.binary(BinaryOp.MAXIMUM, Strided.contiguous(a, 3), Strided.contiguous(b, 3), o, Shape.of(3));
            assertSameValues("maximum " + t, new double[] {Double.NaN, Double.NaN, 2}, values(o));
            CPU.binary(BinaryOp.MINIMUM, Strided.contiguous(a, 3), Strided.contiguous(b, 3), o, Shape.of(3));
            assertSameValues("minimum " + t, new double[] {Double.NaN, Double.NaN, -3}, values(o));
        }
    }

    @Test
    void nanComparesUnequalToEverythingItself() {
        Buffer nan = upload(DType.FLOAT64, Double.NaN);
        double[] want = {0, 1, 0, 0, 0, 0}; // EQ NE LT LE GT GE
        BinaryOp[] ops = {BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE};
        for (int i = 0; i < ops.length; i++) {
            Buffer o = CPU.allocate(DType.BOOL, 1);
            CPU.binary(ops[i], Strided.contiguous(nan), Strided.contiguous(nan), o, Shape.of());
            assertSameValues(ops[i] + " NaN NaN", new double[] {want[i]}, values(o));
        }
    }

    @Test
    void scalarsAndEmptyShapes() {
        // 0-d views are one element at their offsets.
        Buffer o = CPU.allocate(DType.FLOAT64, 1);
        CPU.binary(BinaryOp.SUB, new Strided(upload(DType.FLOAT64, 0, 0, 5), 2, new int[0]),
                new Strided(upload(DType.FLOAT64, 1.5), 0, new int[0]), o, Shape.of());
        assertSameValues("0-d", new double[] {3.5}, values(o));
        Buffer none = CPU.allocate(DType.INT64, 0);
        CPU.binary(BinaryOp.ADD, Strided.contiguous(none, 0, 3), new Strided(upload(DType.INT64, 1, 2, 3), 0,
                new int[] {0, 1}), none, Shape.of(0, 3));
        assertEquals(0, none.length());
    }

    @Test
    void binaryMayWriteIntoItsSecondOperand() {
        Buffer a = upload(DType.INT64, 10, 20, 30, 40);
        Buffer b = upload(DType.INT64, 1, 2, 3, 4);
        CPU.binary(BinaryOp.SUB, Strided.contiguous(a, 4), Strided.contiguous(b, 4), b, Shape.of(4));
        assertSameValues("a - b into b", new double[] {9, 18, 27, 36}, values(b));
    }

    @Test
    void refusesTwoDtypesAndArithmeticOnBool() {
        Strided f = Strided.contiguous(CPU.allocate(2), 2);
        Strided d = Strided.contiguous(CPU.allocate(DType.FLOAT64, 2), 2);
        Strided b = Strided.contiguous(CPU.allocate(DType.BOOL, 2), 2);
        assertThrows(IllegalArgumentException.class,
                () -> CPU.binary(BinaryOp.ADD, f, d, CPU.allocate(2), Shape.of(2)));
        assertThrows(IllegalArgumentException.class,
                () -> CPU.binary(BinaryOp.ADD, b, b, CPU.allocate(DType.BOOL, 2), Shape.of(2)));
    }

    @Test
    void affineAxpyAndReluKeepSpecialValues() {
        Random r = new Random(32);
        float[] x = withSpecials(r, 70001);
        float[] y = withSpecials(r, x.length);
        float[] g = random(r, x.length);
        float[] affine = new float[x.length];
        float[] axpy = new float[x.length];
        float[] relu = new float[x.length];
        float[] reluGrad = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            affine[i] = 0.75f * x[i] - 2f;
            axpy[i] = y[i] + -1.5f * x[i];
            relu[i] = x[i] > 0f ? x[i] : (Float.isNaN(x[i]) ? x[i] : 0f);
            reluGrad[i] = y[i] > 0f ? g[i] : 0f;
        }
        Buffer out = CPU.allocate(x.length);
        CPU.affine(buffer(x), 0.75f, -2f, out);
        assertSameBits("affine", affine, read(out));
        Buffer acc = buffer(y);
        CPU.axpy(-1.5f, buffer(x), acc);
        assertSameBits("axpy", axpy, read(acc));
        CPU.reluForward(buffer(x), out);
        assertSameBits("relu", relu, read(out));
        CPU.reluBackward(buffer(y), buffer(g), out);
        assertSameBits("relu backward", reluGrad, read(out));
    }

    @Test
    void reluBackwardPassesNanGradientsOnlyWhereTheOutputIsPositive() {
        float nan = Float.NaN;
        Buffer dx = CPU.allocate(4);
        CPU.reluBackward(buffer(new float[] {1f, 0f, -0f, nan}), buffer(new float[] {nan, nan,
            -0f, 2f}), dx);
        assertSameBits("relu backward", new float[] {nan, 0f, 0f, 0f}, read(dx));
    }

    /** The reference of one element: op.apply of the dtype's Java type, comparisons as 1 or 0. */
    private static double apply(BinaryOp op, DType t, double a, double b) {
        return switch (t) {
            case FLOAT32 -> op.apply((float) a, (float) b);
            case FLOAT64 -> op.apply(a, b);
            case INT64 -> op.apply((long) a, (long) b);
            case BOOL -> op.apply((long) a, (long) b);
        };
    }

    private static float[] ones(Buffer bools) {
        boolean[] b = new boolean[bools.length()];
        CPU.download(bools, b);
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = b[i] ? 1f : 0f;
        }
        return f;
    }

    private static float[] withSpecials(Random r, int n) {
        float[] a = random(r, n);
        for (int i = 0; i < n; i += 7) {
            a[i] = SPECIAL[r.nextInt(SPECIAL.length)];
        }
        return a;
    }

    private static float[] expected(BinaryOp op, float[] x, Shape a, float[] y, Shape b, Shape out) {
        float[] o = new float[out.numel()];
        int[] dims = out.dims();
        for (int i = 0; i < o.length; i++) {
            int rest = i;
            int[] idx = new int[dims.length];
            for (int d = dims.length - 1; d >= 0; d--) {
                idx[d] = rest % dims[d];
                rest /= dims[d];
            }
            o[i] = op.apply(x[flat(idx, a)], y[flat(idx, b)]);
        }
        return o;
    }

    /** Row-major index into {@code s} of an output index, trailing-aligned, size-1 dimensions pinned to 0. */
    private static int flat(int[] idx, Shape s) {
        int offset = idx.length - s.rank();
        int at = 0;
        for (int d = 0; d < s.rank(); d++) {
            at = at * s.dim(d) + (s.dim(d) == 1 ? 0 : idx[d + offset]);
        }
        return at;
    }
}
