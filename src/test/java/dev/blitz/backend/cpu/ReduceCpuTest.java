package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.ReduceOp;
import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameValues;
import static dev.blitz.backend.cpu.ReferenceKernels.exact;
import static dev.blitz.backend.cpu.ReferenceKernels.upload;
import static dev.blitz.backend.cpu.ReferenceKernels.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReduceCpuTest {
    private static final double NAN = Double.NaN;

    @Test
    void rowsAndColumnsOfASmallMatrix() {
        // x = [[1, 5, 3], [4, 2, 6]]: along dim 1 it is [outer 2, size 3, inner 1], along dim 0 [1, 2, 3].
        Buffer x = upload(DType.FLOAT32, 1, 5, 3, 4, 2, 6);
        assertSameValues("sum dim 1", new double[] {9, 12}, reduce(ReduceOp.SUM, x, 2, 3, 1));
        assertSameValues("sum dim 0", new double[] {5, 7, 9}, reduce(ReduceOp.SUM, x, 1, 2, 3));
        assertSameValues("prod dim 1", new double[] {15, 48}, reduce(ReduceOp.PROD, x, 2, 3, 1));
        assertSameValues("max dim 0", new double[] {4, 5, 6}, reduce(ReduceOp.MAX, x, 1, 2, 3));
        assertSameValues("min dim 1", new double[] {1, 2}, reduce(ReduceOp.MIN, x, 2, 3, 1));
        assertSameValues("argmax dim 1", new double[] {1, 2}, reduce(ReduceOp.ARGMAX, x, 2, 3, 1));
        assertSameValues("argmin dim 0", new double[] {0, 1, 0}, reduce(ReduceOp.ARGMIN, x, 1, 2, 3));
        assertSameValues("sum all", new double[] {21}, reduce(ReduceOp.SUM, x, 1, 6, 1));
    }

    @Test
    void everyOpAndDtypeMatchesAPlainLoop() {
        Random r = new Random(81);
        // [outer, size, inner]: the last axis, a middle one, the first, one element, a size-1 axis, and axes longer
        // than a block (ReduceCpu.BLOCK), both last and not.
        int[][] shapes = {{4, 7, 1}, {3, 5, 6}, {1, 9, 4}, {1, 1, 1}, {5, 1, 3}, {2, 2500, 1}, {2, 2100, 3}};
        for (DType t : DType.values()) {
            for (int[] s : shapes) {
                double[] x = exact(r, t, s[0] * s[1] * s[2]);
                if (t.isFloatingPoint()) {
                    for (int i = 0; i < x.length; i += 11) {
                        x[i] = 0; // zeros for ALL and ANY
                    }
                }
                Buffer in = upload(t, x);
                for (ReduceOp op : ReduceOp.values()) {
                    double[] want = reference(op, t, x, s[0], s[1], s[2]);
                    double[] got = reduce(op, in, s[0], s[1], s[2]);
                    String what = op + " " + t + " " + s[0] + "x" + s[1] + "x" + s[2];
                    if ((op == ReduceOp.SUM || op == ReduceOp.PROD) && t.isFloatingPoint()) {
                        for (int i = 0; i < want.length; i++) {
                            assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])), what);
                        }
                    } else {
                        assertSameValues(what, want, got);
                    }
                }
            }
        }
    }

    @Test
    void theFirstExtremeWinsTies() {
        Buffer x = upload(DType.FLOAT64, 3, 7, 7, 1, 1);
        assertSameValues("argmax", new double[] {1}, reduce(ReduceOp.ARGMAX, x, 1, 5, 1));
        assertSameValues("argmin", new double[] {3}, reduce(ReduceOp.ARGMIN, x, 1, 5, 1));
        Buffer longs = upload(DType.INT64, 2, 9, 9, 2);
        assertSameValues("int64 argmax", new double[] {1}, reduce(ReduceOp.ARGMAX, longs, 1, 4, 1));
        assertSameValues("int64 argmin", new double[] {0}, reduce(ReduceOp.ARGMIN, longs, 1, 4, 1));
        Buffer bools = upload(DType.BOOL, 0, 1, 1, 0);
        assertSameValues("bool argmax", new double[] {1}, reduce(ReduceOp.ARGMAX, bools, 1, 4, 1));
        assertSameValues("bool argmin", new double[] {0}, reduce(ReduceOp.ARGMIN, bools, 1, 4, 1));
        // Of -0 and +0 the first is kept, as an equal value.
        Buffer zeros = upload(DType.FLOAT32, -0.0, 0.0);
        assertSameValues("max of -0, +0", new double[] {-0.0}, reduce(ReduceOp.MAX, zeros, 1, 2, 1));
        // Ties across blocks: the earlier block keeps its index.
        double[] flat = new double[3 * ReduceCpu.BLOCK];
        flat[10] = 5;
        flat[2 * ReduceCpu.BLOCK + 3] = 5;
        assertSameValues("across blocks", new double[] {10},
                reduce(ReduceOp.ARGMAX, upload(DType.FLOAT32, flat), 1, flat.length, 1));
    }

    @Test
    void aSumStartsFromItsFirstTerm() {
        // So -0s sum to -0 along the last axis and any other (an empty sum is +0).
        Buffer negativeZeros = upload(DType.FLOAT32, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0);
        assertSameValues("along the last axis", new double[] {-0.0}, reduce(ReduceOp.SUM, negativeZeros, 1, 6, 1));
        assertSameValues("by column", new double[] {-0.0, -0.0}, reduce(ReduceOp.SUM, negativeZeros, 1, 3, 2));
    }

    @Test
    void nanWinsMaxMinAndTheirIndices() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            // Columns of a 4 x 2 matrix: [1, NaN, 3, NaN] and [-1, -2, -3, -4].
            Buffer x = upload(t, 1, -1, NAN, -2, 3, -3, NAN, -4);
            assertSameValues("max " + t, new double[] {NAN, -1}, reduce(ReduceOp.MAX, x, 1, 4, 2));
            assertSameValues("min " + t, new double[] {NAN, -4}, reduce(ReduceOp.MIN, x, 1, 4, 2));
            assertSameValues("argmax " + t, new double[] {1, 0}, reduce(ReduceOp.ARGMAX, x, 1, 4, 2));
            assertSameValues("argmin " + t, new double[] {1, 3}, reduce(ReduceOp.ARGMIN, x, 1, 4, 2));
            assertSameValues("sum " + t, new double[] {NAN, -10}, reduce(ReduceOp.SUM, x, 1, 4, 2));
            assertSameValues("any " + t, new double[] {1, 1}, reduce(ReduceOp.ANY, x, 1, 4, 2));
            assertSameValues("all: NaN is nonzero " + t, new double[] {1, 1}, reduce(ReduceOp.ALL, x, 1, 4, 2));
        }
        // The first NaN, even when a later block has one too, and when it is the very first element.
        double[] flat = new double[3 * ReduceCpu.BLOCK];
        flat[ReduceCpu.BLOCK + 7] = NAN;
        flat[2 * ReduceCpu.BLOCK] = NAN;
        flat[5] = 1e9;
        Buffer x = upload(DType.FLOAT32, flat);
        assertSameValues("argmax", new double[] {ReduceCpu.BLOCK + 7}, reduce(ReduceOp.ARGMAX, x, 1, flat.length, 1));
        assertSameValues("argmin", new double[] {ReduceCpu.BLOCK + 7}, reduce(ReduceOp.ARGMIN, x, 1, flat.length, 1));
        assertSameValues("max", new double[] {NAN}, reduce(ReduceOp.MAX, x, 1, flat.length, 1));
        assertSameValues("first element", new double[] {0},
                reduce(ReduceOp.ARGMIN, upload(DType.FLOAT64, NAN, -1, NAN), 1, 3, 1));
    }

    @Test
    void anEmptyAxisGivesEachIdentity() {
        for (DType t : DType.values()) {
            Buffer none = CPU.allocate(t, 0);
            assertSameValues("sum " + t, new double[] {0, 0}, reduce(ReduceOp.SUM, none, 2, 0, 1));
            assertSameValues("prod " + t, new double[] {1, 1}, reduce(ReduceOp.PROD, none, 1, 0, 2));
            assertSameValues("all " + t, new double[] {1, 1}, reduce(ReduceOp.ALL, none, 2, 0, 1));
            assertSameValues("any " + t, new double[] {0, 0}, reduce(ReduceOp.ANY, none, 2, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> reduce(ReduceOp.ARGMAX, none, 2, 0, 1));
            // No outputs at all: nothing to do, even for MAX.
            assertEquals(0, reduce(ReduceOp.MAX, none, 0, 5, 3).length);
        }
    }

    @Test
    void float32SumsAccumulateInDouble() {
        // 1 + 2^20 copies of 1e-7: a float accumulator stops growing at 1, a double one gives 1.1048576.
        int n = 1 << 20;
        float[] x = new float[n + 1];
        x[0] = 1;
        java.util.Arrays.fill(x, 1, n + 1, 1e-7f);
        double exact = 1 + (double) n * 1e-7f;
        Buffer out = CPU.allocate(1);
        CPU.reduce(ReduceOp.SUM, CPU.upload(x), 1, n + 1, 1, out);
        assertEquals((float) exact, CPU.read(out, 0));
    }

    @Test
    void resultsDoNotDependOnTheThreads() {
        Random r = new Random(82);
        float[] x = new float[600 * 1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Buffer in = CPU.upload(x);
        for (int[] s : new int[][] {{1, x.length, 1}, {600, 1000, 1}, {1, 600, 1000}, {6, 100, 1000}}) {
            for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.PROD, ReduceOp.ARGMAX}) {
                double[] parallel = reduce(op, in, s[0], s[1], s[2]);
                double[][] serial = new double[1][];
                Parallel.serially(() -> serial[0] = reduce(op, in, s[0], s[1], s[2]));
                assertSameValues(op + " " + s[0] + "x" + s[1] + "x" + s[2], serial[0], parallel);
            }
        }
    }

    @Test
    void theVectorPathsMatchTheScalarOnesAtOddSizes() {
        Random r = new Random(83);
        // [outer, size, inner]: last-axis runs around the vector widths and the block, and rows of lanes around them
        // and wider than a chunk (ReduceCpu.CHUNK).
        int[][] shapes = {{3, 1, 1}, {5, 15, 1}, {4, 16, 1}, {3, 17, 1}, {2, 31, 1}, {2, 33, 1}, {3, 63, 1},
            {2, 65, 1}, {2, 100, 1}, {2, 1023, 1}, {1, 1025, 1}, {2, 2500, 1}, {3, 7, 5}, {2, 37, 17}, {2, 1100, 13},
            {1, 9, 1500}, {2, 3, 2049}};
        for (int[] s : shapes) {
            int n = s[0] * s[1] * s[2];
            for (int kind = 0; kind < 3; kind++) {
                // Gaussian values; small whole numbers (many ties, zeros of both signs); and some NaNs.
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = kind == 1 ? r.nextInt(7) - 3 : (float) r.nextGaussian();
                    if (kind == 1 && x[i] == 0 && r.nextBoolean()) {
                        x[i] = -0.0f;
                    }
                    if (kind == 2 && r.nextInt(50) == 0) {
                        x[i] = Float.NaN;
                    }
                }
                Buffer in = CPU.upload(x);
                for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.ARGMAX,
                    ReduceOp.ARGMIN}) {
                    String what = op + " " + s[0] + "x" + s[1] + "x" + s[2] + " kind " + kind;
                    double[] scalar = reduce(op, in, s[0], s[1], s[2], null);
                    double[] fast = reduce(op, in, s[0], s[1], s[2], FloatReduce.BEST);
                    if (op == ReduceOp.SUM && s[2] == 1) {
                        // Along the last axis the vector sum adds in another order, in float64.
                        for (int i = 0; i < scalar.length; i++) {
                            double tol = Double.isNaN(scalar[i]) ? 0 : 1e-6 * Math.max(1, Math.abs(scalar[i]));
                            assertEquals(scalar[i], fast[i], tol, what);
                        }
                    } else {
                        assertSameValues(what, scalar, fast);
                    }
                }
            }
        }
    }

    @Test
    void theFirstNanWinsInEveryLaneAndTail() {
        int n = 200; // whole vectors and a tail, for any vector width up to 64 lanes
        for (int at : new int[] {0, 1, 5, 16, 17, 40, 63, 64, 100, 150, 190, 199}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = i % 13 - 6;
            }
            x[at] = Float.NaN;
            if (at + 3 < n) {
                x[at + 3] = Float.NaN; // a later NaN, in another lane
            }
            if (at > 20) {
                x[at - 20] = 1e30f; // a larger number before it
            }
            Buffer in = CPU.upload(x);
            for (FloatReduce fast : new FloatReduce[] {null, FloatReduce.BEST}) {
                String what = "NaN at " + at + (fast == null ? " scalar" : " vector");
                assertSameValues(what, new double[] {at}, reduce(ReduceOp.ARGMAX, in, 1, n, 1, fast));
                assertSameValues(what, new double[] {at}, reduce(ReduceOp.ARGMIN, in, 1, n, 1, fast));
                assertSameValues(what, new double[] {NAN}, reduce(ReduceOp.MAX, in, 1, n, 1, fast));
                assertSameValues(what, new double[] {NAN}, reduce(ReduceOp.MIN, in, 1, n, 1, fast));
                // The same values down every column of a matrix: rows of lanes, whole vectors and a tail.
                int lanes = 19;
                float[] m = new float[n * lanes];
                for (int i = 0; i < m.length; i++) {
                    m[i] = x[i / lanes];
                }
                double[] want = new double[lanes];
                java.util.Arrays.fill(want, at);
                assertSameValues(what + " by column", want, reduce(ReduceOp.ARGMAX, CPU.upload(m), 1, n, lanes, fast));
                java.util.Arrays.fill(want, NAN);
                assertSameValues(what + " by column", want, reduce(ReduceOp.MIN, CPU.upload(m), 1, n, lanes, fast));
            }
        }
    }

    @Test
    void tiesAcrossVectorLanesGoToTheFirstPosition() {
        int n = 256;
        // Equal maxima in several lanes and vectors: the lane of the later one comes first within its vector.
        int[][] places = {{53, 162}, {35, 40}, {40, 35 + 64}, {1, 0}, {255, 254}, {7, 7 + 128}};
        for (int[] p : places) {
            float[] x = new float[n];
            java.util.Arrays.fill(x, -1);
            x[p[0]] = 5;
            x[p[1]] = 5;
            int first = Math.min(p[0], p[1]);
            Buffer in = CPU.upload(x);
            float[] neg = x.clone();
            for (int i = 0; i < n; i++) {
                neg[i] = -x[i];
            }
            Buffer negated = CPU.upload(neg);
            for (FloatReduce fast : new FloatReduce[] {null, FloatReduce.BEST}) {
                String what = "maxima at " + p[0] + " and " + p[1] + (fast == null ? " scalar" : " vector");
                assertSameValues(what, new double[] {first}, reduce(ReduceOp.ARGMAX, in, 1, n, 1, fast));
                assertSameValues(what, new double[] {first}, reduce(ReduceOp.ARGMIN, negated, 1, n, 1, fast));
            }
        }
        // Of -0 and +0 the first is the maximum, wherever the lanes put them.
        for (int[] p : new int[][] {{3, 20}, {20, 3}, {17, 1}, {1, 17}}) {
            float[] x = new float[n];
            java.util.Arrays.fill(x, -1);
            x[p[0]] = -0.0f;
            x[p[1]] = 0.0f;
            Buffer in = CPU.upload(x);
            for (FloatReduce fast : new FloatReduce[] {null, FloatReduce.BEST}) {
                String what = "-0 at " + p[0] + ", +0 at " + p[1] + (fast == null ? " scalar" : " vector");
                assertSameValues(what, new double[] {p[0] < p[1] ? -0.0 : 0.0},
                        reduce(ReduceOp.MAX, in, 1, n, 1, fast));
                assertSameValues(what, new double[] {Math.min(p[0], p[1])},
                        reduce(ReduceOp.ARGMAX, in, 1, n, 1, fast));
            }
        }
    }

    @Test
    void refusesAnOutputOfTheWrongDtype() {
        Buffer ints = upload(DType.INT64, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> CPU.reduce(ReduceOp.SUM, ints, 1, 2, 1, CPU.allocate(1)));
        assertThrows(IllegalArgumentException.class,
                () -> CPU.reduce(ReduceOp.ARGMAX, ints, 1, 2, 1, CPU.allocate(DType.BOOL, 1)));
    }

    private static double[] reduce(ReduceOp op, Buffer x, int outer, int size, int inner, FloatReduce fast) {
        Buffer out = CPU.allocate(op.resultType(x.dtype()), outer * inner);
        ReduceCpu.reduce(op, x, outer, size, inner, out, fast);
        return values(out);
    }

    private static double[] reduce(ReduceOp op, Buffer x, int outer, int size, int inner) {
        Buffer out = CPU.allocate(op.resultType(x.dtype()), outer * inner);
        CPU.reduce(op, x, outer, size, inner, out);
        return values(out);
    }

    /**
     * Each lane in increasing k: float sums and products in double, int64 and bool ones in long (which wraps, in
     * any order, to the same result).
     */
    private static double[] reference(ReduceOp op, DType t, double[] x, int outer, int size, int inner) {
        double[] out = new double[outer * inner];
        boolean min = op == ReduceOp.MIN || op == ReduceOp.ARGMIN;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = op == ReduceOp.SUM ? 0 : 1;
                long lacc = op == ReduceOp.SUM ? 0 : 1;
                boolean all = true;
                boolean any = false;
                double best = NAN;
                int at = 0;
                for (int k = 0; k < size; k++) {
                    double v = x[(o * size + k) * inner + i];
                    acc = op == ReduceOp.SUM ? acc + v : acc * v;
                    lacc = op == ReduceOp.SUM ? lacc + (long) v : lacc * (long) v;
                    all &= v != 0;
                    any |= v != 0;
                    if (k == 0 || (min ? v < best : v > best)) {
                        best = v;
                        at = k;
                    }
                }
                out[o * inner + i] = switch (op) {
                    case SUM, PROD -> !t.isFloatingPoint() ? lacc : t == DType.FLOAT32 ? (float) acc : acc;
                    case MAX, MIN -> best;
                    case ARGMAX, ARGMIN -> at;
                    case ALL -> all ? 1 : 0;
                    case ANY -> any ? 1 : 0;
                };
            }
        }
        return out;
    }
}
