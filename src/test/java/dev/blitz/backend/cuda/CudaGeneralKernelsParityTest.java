package dev.blitz.backend.cuda;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.ReduceOp;
import dev.blitz.backend.Strided;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static dev.blitz.examples.FixtureValues.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The general kernels of the CUDA backend (every dtype, views) against the CPU backend through the SPI: the same
 * inputs, read back as doubles. Outputs start stale, so a kernel that skips an element or reads its output fails.
 * Exact for data movement, integers, bools, comparisons, MAX/MIN and the arg ops; for float math, 1e-6 relative
 * (float32) or 1e-14 (float64) plus as much absolute, since CUDA's expf/sinf/powf and Java's Math differ by an ulp
 * or two; for float sums, whose order differs, 1e-5 (float32) or 1e-12 (float64) of the largest term.
 */
@Tag("gpu")
class CudaGeneralKernelsParityTest {
    private static final Backend CPU = Backends.of(Device.CPU);
    private static final DType[] DTYPES = DType.values();
    private static final DType[] NUMBERS = {DType.FLOAT32, DType.FLOAT64, DType.INT64};
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};
    private static final double STALE = 77;
    private static Backend gpu;

    @BeforeEach
    void start() {
        Gpu.assumeCuda();
        gpu = Backends.of(Gpu.CUDA);
    }

    /** One backend's side of a comparison: makes buffers on it and releases them all at the end. */
    private static final class On {
        final Backend b;
        final List<Buffer> made = new ArrayList<>();

        On(Backend b) {
            this.b = b;
        }

        /** {@code v} converted to {@code t} (int64 truncates, bool is nonzero). */
        Buffer up(DType t, double... v) {
            Buffer buf = switch (t) {
                case FLOAT32 -> {
                    float[] a = new float[v.length];
                    for (int i = 0; i < v.length; i++) {
                        a[i] = (float) v[i];
                    }
                    yield b.upload(a);
                }
                case FLOAT64 -> b.upload(v.clone());
                case INT64 -> b.upload(Arrays.stream(v).mapToLong(x -> (long) x).toArray());
                case BOOL -> {
                    boolean[] a = new boolean[v.length];
                    for (int i = 0; i < v.length; i++) {
                        a[i] = v[i] != 0;
                    }
                    yield b.upload(a);
                }
            };
            made.add(buf);
            return buf;
        }

        /** {@code n} elements of {@code t} holding a stale value. */
        Buffer out(DType t, int n) {
            Buffer buf = b.allocate(t, n);
            b.fill(buf, STALE);
            made.add(buf);
            return buf;
        }

        double[] down(Buffer buf) {
            double[] out = new double[buf.length()];
            switch (buf.dtype()) {
                case FLOAT32 -> {
                    float[] a = new float[out.length];
                    b.download(buf, a);
                    for (int i = 0; i < a.length; i++) {
                        out[i] = a[i];
                    }
                }
                case FLOAT64 -> b.download(buf, out);
                case INT64 -> {
                    long[] a = new long[out.length];
                    b.download(buf, a);
                    for (int i = 0; i < a.length; i++) {
                        out[i] = a[i];
                    }
                }
                case BOOL -> {
                    boolean[] a = new boolean[out.length];
                    b.download(buf, a);
                    for (int i = 0; i < a.length; i++) {
                        out[i] = a[i] ? 1 : 0;
                    }
                }
            }
            return out;
        }

        void release() {
            made.forEach(Buffer::release);
        }
    }

    /** Runs {@code k} on the CPU and on the GPU: {cpu result, gpu result}, as doubles. */
    private static double[][] both(Function<On, Buffer> k) {
        double[][] results = new double[2][];
        Backend[] backends = {CPU, gpu};
        for (int i = 0; i < 2; i++) {
            On on = new On(backends[i]);
            results[i] = on.down(k.apply(on));
            on.release();
        }
        return results;
    }

    /** {@code |gpu - cpu| <= atol + rtol * |cpu|} everywhere, NaN only for NaN, an infinity only for itself. */
    private static void assertClose(double[][] r, double atol, double rtol, String what) {
        assertEquals(r[0].length, r[1].length, what + ": length");
        for (int i = 0; i < r[0].length; i++) {
            double e = r[0][i];
            double a = r[1][i];
            if (e == a || Double.isNaN(e) && Double.isNaN(a)) {
                continue;
            }
            if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
                fail(what + ": element " + i + " is " + a + " on CUDA, " + e + " on the CPU");
            }
        }
    }

    private static void assertSame(double[][] r, String what) {
        assertClose(r, 0, 0, what);
    }

    /** Float math tolerances by dtype (exact for int64 and bool). */
    private static void assertMath(double[][] r, DType t, String what) {
        switch (t) {
            case FLOAT32 -> assertClose(r, 1e-6, 1e-6, what);
            case FLOAT64 -> assertClose(r, 1e-14, 1e-14, what);
            default -> assertSame(r, what);
        }
    }

    /** Sums in another order: a tolerance on the scale of the inputs' largest magnitude times the terms. */
    private static void assertSum(double[][] r, DType t, double scale, String what) {
        double rel = t == DType.FLOAT32 ? 1e-5 : t == DType.FLOAT64 ? 1e-12 : 0;
        assertClose(r, rel * scale, rel, what);
    }

    /** The fixtures' values in [-scale, scale], for int64 rounded and for bool nonzero. */
    private static double[] data(DType t, int n, int seed, double scale) {
        float[] v = values(n, seed, scale);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = t == DType.INT64 || t == DType.BOOL ? Math.round(v[i]) : v[i];
        }
        return out;
    }

    private static int numel(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    private static int[] contiguous(int[] dims) {
        return Strided.contiguous(null, dims).strides();
    }

    @Test
    void uploadDownloadReadFillAndCopyInEveryDtype() {
        for (DType t : DTYPES) {
            double[] x = data(t, 1000, 1, 5.0);
            double[][] r = both(on -> on.up(t, x));
            assertSame(r, "upload/download " + t);
            On on = new On(gpu);
            Buffer b = on.up(t, x);
            assertEquals((float) r[1][777], gpu.read(b, 777), "read " + t);
            on.release();
            for (double value : new double[] {2.5, -3, 0, Double.NaN}) {
                if (Double.isNaN(value) && t == DType.INT64) {
                    continue; // NaN has no int64 value to agree on
                }
                r = both(k -> {
                    Buffer o = k.out(t, 300);
                    k.b.fill(o, value);
                    return o;
                });
                assertSame(r, "fill " + t + " with " + value);
            }
            r = both(k -> {
                Buffer o = k.out(t, x.length);
                k.b.copy(k.up(t, x), o);
                return o;
            });
            assertSame(r, "copy " + t);
            r = both(k -> k.up(t));
            assertEquals(0, r[1].length, "empty " + t);
        }
    }

    @Test
    void copyStridedThroughTransposesExpandsSlicesAndOffsets() {
        record Case(int[] dims, int srcOffset, int[] src, int srcLength, int dstOffset, int[] dst, int dstLength) {
        }
        Case[] cases = {
            new Case(new int[] {3, 4}, 0, new int[] {1, 3}, 12, 0, new int[] {4, 1}, 12), // contiguous() of a .t()
            new Case(new int[] {2, 3, 4}, 5, new int[] {0, 4, 1}, 17, 0, new int[] {12, 4, 1}, 24), // expand
            new Case(new int[] {2, 3}, 0, new int[] {3, 1}, 6, 7, new int[] {10, 1}, 20), // into a slice (cat)
            new Case(new int[] {4, 2}, 3, new int[] {0, 0}, 4, 1, new int[] {2, 1}, 9), // a scalar everywhere
            new Case(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 0, new int[] {0, 0, 0, 0, 0, 16, 8, 4, 2, 1}, 32, 0,
                    contiguous(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}), 1024), // rank 10, merging into 2
            new Case(new int[] {0, 3}, 0, new int[] {3, 1}, 1, 0, new int[] {3, 1}, 2), // empty: nothing written
            new Case(new int[] {300, 700}, 0, new int[] {1, 300}, 210_000, 0, new int[] {700, 1}, 210_000),
        };
        for (DType t : DTYPES) {
            for (Case c : cases) {
                double[] src = data(t, c.srcLength, 2, 9.0);
                double[][] r = both(on -> {
                    Buffer dst = on.up(t, data(t, c.dstLength, 3, 9.0));
                    on.b.copyStrided(new Strided(on.up(t, src), c.srcOffset, c.src),
                            new Strided(dst, c.dstOffset, c.dst), c.dims);
                    return dst;
                });
                assertSame(r, "copyStrided " + t + " " + Arrays.toString(c.dims));
            }
        }
    }

    @Test
    void moreThanEightDimensionsAfterMergingIsAClearError() {
        int[] dims = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] strides = contiguous(dims);
        int[] broadcast = new int[9];
        for (int i = 0; i < 9; i++) {
            broadcast[i] = i % 2 == 0 ? 0 : strides[i]; // alternating broadcast: nothing merges
        }
        Buffer src = gpu.allocate(512);
        Buffer dst = gpu.allocate(512);
        var e = assertThrows(IllegalArgumentException.class, () -> gpu.copyStrided(new Strided(src, 0, broadcast),
                new Strided(dst, 0, strides), dims));
        assertTrue(e.getMessage().contains("copyStrided") && e.getMessage().contains(Arrays.toString(dims)),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gpu.binary(BinaryOp.ADD,
                new Strided(src, 0, broadcast), new Strided(src, 0, strides), dst, Shape.of(dims)));
        assertTrue(e.getMessage().contains("binary ADD"), e.getMessage());
        src.release();
        dst.release();
    }

    @Test
    void castBetweenEveryPairOfDtypes() {
        double[] special = {0, -0.0, 1.5, -2.7, 2.7, 0.5, -0.5, 1e10, -1e10, 16777217, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e30, 1e300, 3};
        for (DType from : DTYPES) {
            double[] x = from == DType.FLOAT64 ? special
                    : from == DType.FLOAT32 ? Arrays.stream(special).map(v -> (float) v).toArray()
                    : data(from, 1000, 4, 50.0);
            for (DType to : DTYPES) {
                double[][] r = both(on -> {
                    Buffer o = on.out(to, x.length);
                    on.b.cast(on.up(from, x), o);
                    return o;
                });
                assertSame(r, "cast " + from + " -> " + to);
            }
        }
    }

    /** Broadcast and offset views, one of them transposed; out starts stale. */
    private static double[][] binary(BinaryOp op, DType t, int[] dims, int aOffset, int[] aStrides, int aLength,
                                     int bOffset, int[] bStrides, int bLength) {
        Shape shape = Shape.of(dims);
        DType outType = op.isComparison() ? DType.BOOL : t;
        double scale = t == DType.BOOL ? 1 : 4;
        double[] a = data(t, aLength, 5, scale);
        double[] b = data(t, bLength, 6, scale);
        if (t.isFloatingPoint()) {
            a[aLength / 2] = Double.NaN;
            b[bLength - 1] = Double.POSITIVE_INFINITY;
        }
        return both(on -> {
            Buffer o = on.out(outType, shape.numel());
            on.b.binary(op, new Strided(on.up(t, a), aOffset, aStrides), new Strided(on.up(t, b), bOffset, bStrides),
                    o, shape);
            return o;
        });
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryOverViewsInEveryDtypeItTakes(BinaryOp op) {
        List<DType> types = new ArrayList<>(List.of(NUMBERS));
        if (op == BinaryOp.EQ || op == BinaryOp.NE) {
            types.add(DType.BOOL);
        }
        for (DType t : types) {
            String what = op + " " + t;
            double[][] r = binary(op, t, new int[] {2, 3, 4}, 3, new int[] {12, 4, 1}, 27, 1, new int[] {0, 1, 0}, 4);
            assertMath(r, t, what + " broadcast");
            r = binary(op, t, new int[] {5, 7}, 2, new int[] {1, 5}, 37, 0, new int[] {0, 0}, 1);
            assertMath(r, t, what + " transposed and a scalar");
            r = binary(op, t, new int[] {64, 120}, 0, new int[] {120, 1}, 64 * 120, 0, new int[] {0, 1}, 120);
            assertMath(r, t, what + " bias");
            r = binary(op, t, new int[] {100_000}, 0, new int[] {1}, 100_000, 5, new int[] {1}, 100_005);
            assertMath(r, t, what + " long");
        }
    }

    @Test
    void binaryInt64CornersFollowTheSpi() {
        double[] a = {7, -7, 3, -2, 5, 9};
        double[] b = {0, 2, -1, 3, -2, 4};
        for (BinaryOp op : List.of(BinaryOp.DIV, BinaryOp.POW)) {
            double[][] r = both(on -> {
                Buffer o = on.out(DType.INT64, 6);
                on.b.binary(op, Strided.contiguous(on.up(DType.INT64, a), 6), Strided.contiguous(on.up(DType.INT64, b),
                        6), o, Shape.of(6));
                return o;
            });
            assertSame(r, op + " int64 with zero and negative operands");
        }
    }

    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -0.0,
        -1, 30, -30, 1e-3, 0.5, 2, -2.5, 100, -100};

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryOverATransposedViewInEveryDtypeItTakes(UnaryOp op) {
        List<DType> types = new ArrayList<>(List.of(FLOATS));
        if (op.takesIntegers()) {
            types.add(DType.INT64);
        }
        if (op.resultIsBool()) {
            types.add(DType.BOOL);
        }
        double[][] params = {{2, 0.5}, {-1, 3}, {Double.NEGATIVE_INFINITY, 1}, {0, Double.POSITIVE_INFINITY}, {3, -2}};
        for (DType t : types) {
            double[] x = data(t, 4 + 12 * 50, 7, t == DType.BOOL ? 1 : 20);
            if (t.isFloatingPoint()) {
                System.arraycopy(SPECIAL, 0, x, 4, SPECIAL.length);
            }
            DType outType = op.resultIsBool() ? DType.BOOL : t;
            for (double[] p : params) {
                if (t == DType.INT64 && op == UnaryOp.AFFINE && (p[0] % 1 != 0 || p[1] % 1 != 0)) {
                    continue; // int64 AFFINE takes whole numbers (NaN % 1 for the infinities)
                }
                double[][] r = both(on -> {
                    Buffer o = on.out(outType, 600);
                    on.b.unary(op, new Strided(on.up(t, x), 4, new int[] {1, 12}), p[0], p[1], o, Shape.of(12, 50));
                    return o;
                });
                assertMath(r, t, op + " " + t + " alpha " + p[0] + " beta " + p[1]);
                if (op.resultIsBool()) {
                    break; // no parameters
                }
            }
            if (!op.resultIsBool()) { // in place
                double[][] r = both(on -> {
                    Buffer b = on.up(t, x);
                    on.b.unary(op, Strided.contiguous(b, x.length), 2, 3, b, Shape.of(x.length));
                    return b;
                });
                assertMath(r, t, op + " " + t + " in place");
            }
        }
    }

    @Test
    void whereOverThreeBroadcastViewsInEveryDtype() {
        double[] cond = data(DType.BOOL, 5, 8, 1);
        for (DType t : DTYPES) {
            double[] a = data(t, 2 + 12 * 40, 9, 9);
            double[] b = data(t, 3, 10, 9);
            double[][] r = both(on -> {
                Buffer o = on.out(t, 40 * 4);
                on.b.where(new Strided(on.up(DType.BOOL, cond), 1, new int[] {0, 1}),
                        new Strided(on.up(t, a), 2, new int[] {1, 40}), new Strided(on.up(t, b), 1, new int[] {0, 0}),
                        o, Shape.of(40, 4));
                return o;
            });
            assertSame(r, "where " + t);
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceInEveryDtypeOverShapesThatTakeEitherKernelPath(ReduceOp op) {
        int[][] shapes = {{3, 5, 4}, {5, 1, 3}, {2, 1000, 1}, {1, 100_000, 1}, {4, 70, 300}, {2000, 100, 1},
            {1, 3, 5000}, {3, 0, 2}};
        for (DType t : DTYPES) {
            for (int[] s : shapes) {
                int outer = s[0];
                int size = s[1];
                int inner = s[2];
                if (size == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN || op == ReduceOp.ARGMAX
                        || op == ReduceOp.ARGMIN)) {
                    continue;
                }
                double scale = op == ReduceOp.PROD ? 1.05 : 8; // products of many values stay finite
                double[] x = data(t, outer * size * inner, 11, t == DType.BOOL ? 1 : scale);
                if (t.isFloatingPoint()) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = Math.round(x[i] * 4) / 4.0; // ties
                    }
                    for (int i = 13; i < x.length; i += 997) {
                        x[i] = Double.NaN;
                    }
                }
                double[][] r = both(on -> {
                    Buffer o = on.out(op.resultType(t), outer * inner);
                    on.b.reduce(op, on.up(t, x), outer, size, inner, o);
                    return o;
                });
                String what = op + " " + t + " over " + Arrays.toString(s);
                if (op == ReduceOp.SUM || op == ReduceOp.PROD) {
                    assertSum(r, op.resultType(t), op == ReduceOp.SUM ? scale * Math.max(size, 1) : 1, what);
                } else {
                    assertSame(r, what);
                }
            }
        }
    }

    @Test
    void indexSelectInEveryDtypeAndIndexAddWithRepeatedIndices() {
        double[] index = {4, 0, 4, 2, 4};
        for (DType t : DTYPES) {
            double[] x = data(t, 3 * 5 * 7, 12, 9);
            double[][] r = both(on -> {
                Buffer o = on.out(t, 3 * 5 * 7);
                on.b.indexSelect(on.up(t, x), 3, 5, 7, on.up(DType.INT64, index), o);
                return o;
            });
            assertSame(r, "indexSelect " + t);
        }
        for (DType t : FLOATS) {
            double[] src = data(t, 3 * 5 * 7, 13, 9);
            double[] out = data(t, 3 * 6 * 7, 14, 9);
            double[][] r = both(on -> {
                Buffer o = on.up(t, out);
                on.b.indexAdd(on.up(t, src), 3, 6, 7, on.up(DType.INT64, index), o);
                return o;
            });
            assertSum(r, t, 40, "indexAdd " + t);
            double[] rows = data(t, 20_000 * 16, 15, 1); // an embedding's backward: many rows into few
            double[] many = new double[20_000];
            for (int j = 0; j < many.length; j++) {
                many[j] = (j * 31) % 50;
            }
            r = both(on -> {
                Buffer o = on.up(t, new double[50 * 16]);
                on.b.indexAdd(on.up(t, rows), 1, 50, 16, on.up(DType.INT64, many), o);
                return o;
            });
            assertSum(r, t, 400, "indexAdd of an embedding " + t);
        }
    }

    @Test
    void gatherAndScatterAlongEveryDimWithRepeatedIndices() {
        int[] big = {4, 5, 3};
        for (int dim = 0; dim < 3; dim++) {
            int[] indexDims = {3, 2, 2};
            indexDims[dim] = 4;
            int[] srcDims = {4, 3, 3};
            srcDims[dim] = 5;
            int n = numel(indexDims);
            double[] index = new double[n];
            for (int i = 0; i < n; i++) {
                index[i] = (i * 7 + dim) % big[dim];
            }
            int d = dim;
            for (DType t : DTYPES) {
                double[] x = data(t, numel(big), 16, 9);
                double[][] r = both(on -> {
                    Buffer o = on.out(t, n);
                    on.b.gather(on.up(t, x), big, on.up(DType.INT64, index), indexDims, d, o);
                    return o;
                });
                assertSame(r, "gather " + t + " dim " + d);
                double[] src = data(t, numel(srcDims), 17, 9);
                for (boolean add : new boolean[] {false, true}) {
                    if (add && !t.isFloatingPoint()) {
                        continue;
                    }
                    r = both(on -> {
                        Buffer o = on.up(t, x);
                        on.b.scatter(on.up(t, src), srcDims, on.up(DType.INT64, index), indexDims, d, o, big, add);
                        return o;
                    });
                    assertSum(r, t, add ? 40 : 0, (add ? "scatter add " : "scatter ") + t + " dim " + d);
                }
            }
        }
    }

    @Test
    void gemmBatchedInBothFloatTypesEveryLayoutAndABroadcastOperand() {
        int[][] sizes = {{3, 5, 7}, {64, 32, 48}, {1, 10, 84}, {2, 3, 0}};
        for (DType t : FLOATS) {
            for (int[] s : sizes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                int batch = 3;
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (double beta : new double[] {0, 0.5}) {
                            for (int broadcast = 0; broadcast < 3; broadcast++) { // none, A, B
                                int strideA = broadcast == 1 ? 0 : m * k;
                                int strideB = broadcast == 2 ? 0 : k * n;
                                int strideC = m * n + 2; // gaps between the Cs stay untouched
                                double[] a = data(t, Math.max(strideA * batch, m * k), 18, 1);
                                double[] b = data(t, Math.max(strideB * batch, k * n), 19, 1);
                                double[] c = data(t, strideC * batch, 20, 1);
                                if (beta == 0) {
                                    Arrays.fill(c, Double.NaN); // must not be read, nor the gaps written
                                }
                                double[][] r = both(on -> {
                                    Buffer cb = on.up(t, c);
                                    on.b.gemmBatched(ta, tb, m, n, k, 1.25, on.up(t, a), strideA, on.up(t, b), strideB,
                                            beta, cb, strideC, batch);
                                    return cb;
                                });
                                assertSum(r, t, Math.max(k, 1) * 1.25, "gemmBatched " + t + " " + Arrays.toString(s)
                                        + " transA=" + ta + " transB=" + tb + " beta=" + beta + " broadcast=" + broadcast);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void cudaReadsAndDownloadsEveryDtypeAsItWasUploaded() {
        On on = new On(gpu);
        double[] x = {1.5, -2, 0, 3e9, -7};
        for (DType t : DTYPES) {
            Buffer b = on.up(t, x);
            double[] back = on.down(b);
            for (int i = 0; i < x.length; i++) {
                assertEquals((float) back[i], gpu.read(b, i), "read " + t + " at " + i);
            }
            float[] asFloats = new float[x.length];
            gpu.download(b, asFloats);
            for (int i = 0; i < x.length; i++) {
                assertEquals((float) back[i], asFloats[i], "download into float[] " + t + " at " + i);
            }
        }
        assertArrayEquals(new double[] {1.5, -2, 0, 3e9, -7}, on.down(on.up(DType.FLOAT64, x)));
        on.release();
    }
}
