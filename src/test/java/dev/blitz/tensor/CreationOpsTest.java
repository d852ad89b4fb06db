package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The factories against PyTorch: its documentation's examples, exact arithmetic, and libtorch 2.7.1's own values
 * of {@code arange}/{@code linspace}/{@code eye} (fixtures/torch-creation/ranges.json, see its README), bit for bit.
 */
class CreationOpsTest {
    private static final Device CPU = Device.CPU;

    /** One fixture entry and the call that made it; DJL passed the arguments as floats. */
    record Range(String name, String op, float start, float end, float stepOrCount, DType dtype) {
        @Override
        public String toString() {
            return name;
        }

        Tensor blitz() {
            return op.equals("arange")
                    ? Tensor.arange(start, end, stepOrCount, dtype, CPU)
                    : Tensor.linspace(start, end, (int) stepOrCount, dtype, CPU);
        }
    }

    static Stream<Range> ranges() {
        List<Range> all = new ArrayList<>();
        float[][] aranges = {{0f, 1f, 0.1f}, {-3.3f, 50f, 0.07f}, {5f, -7f, -0.13f}, {0.1f, 100f, 0.3f}, {0f, 3f, 1f}};
        String[] names = {"0_1_0.1", "-3.3_50_0.07", "5_-7_-0.13", "0.1_100_0.3", "0_3_1"};
        float[][] linspaces = {{0f, 1f, 7}, {-3.3f, 7.1f, 100}, {0.1f, 0.7f, 101}, {-1f, 1f, 33}, {2.5f, 5f, 1},
            {10f, -10f, 6}};
        String[] lnames = {"0_1_7", "-3.3_7.1_100", "0.1_0.7_101", "-1_1_33", "2.5_5_1", "10_-10_6"};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            String suffix = t == DType.FLOAT32 ? "f32" : "f64";
            for (int i = 0; i < aranges.length; i++) {
                float[] a = aranges[i];
                all.add(new Range("arange_" + suffix + "_" + names[i], "arange", a[0], a[1], a[2], t));
            }
            for (int i = 0; i < linspaces.length; i++) {
                float[] a = linspaces[i];
                all.add(new Range("linspace_" + suffix + "_" + lnames[i], "linspace", a[0], a[1], a[2], t));
            }
        }
        all.add(new Range("arange_i64_0.0_5.5_1.5", "arange", 0f, 5.5f, 1.5f, DType.INT64));
        all.add(new Range("arange_i64_10.0_-3.5_-2.5", "arange", 10f, -3.5f, -2.5f, DType.INT64));
        all.add(new Range("arange_i64_-7.75_7.75_2.5", "arange", -7.75f, 7.75f, 2.5f, DType.INT64));
        all.add(new Range("linspace_i64_-3.0_10.0_7", "linspace", -3f, 10f, 7, DType.INT64));
        all.add(new Range("linspace_i64_0.0_10.0_4", "linspace", 0f, 10f, 4, DType.INT64));
        all.add(new Range("linspace_i64_-7.9_8.6_9", "linspace", -7.9f, 8.6f, 9, DType.INT64));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ranges")
    void rangesAreLibtorchsToTheBit(Range r) {
        TorchRngFixture torch = TorchRngFixture.load("torch-creation", "ranges.json");
        try (Tensor t = r.blitz()) {
            assertEquals(r.dtype(), t.dtype());
            assertEquals(1, t.dim());
            switch (r.dtype()) {
                case FLOAT32 -> assertArrayEquals(torch.floats(r.name()), t.toFloatArray(), r.name());
                case FLOAT64 -> assertArrayEquals(torch.doubles(r.name()), t.toDoubleArray(), r.name());
                default -> assertArrayEquals(torch.longs(r.name()), t.toLongArray(), r.name());
            }
        }
    }

    @Test
    void arangeOfIntegersIsInt64AsInPyTorchsDocs() {
        // torch.arange(5), torch.arange(1, 4): integral arguments give int64
        assertEquals(DType.INT64, Tensor.arange(5).dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, Tensor.arange(5).toLongArray());
        assertArrayEquals(new long[] {1, 2, 3}, Tensor.arange(1, 4).toLongArray());
        assertArrayEquals(new long[] {10, 7, 4, 1}, Tensor.arange(10, 0, -3).toLongArray());
        assertArrayEquals(new long[] {-3, -1, 1}, Tensor.arange(-3, 2, 2).toLongArray());
        assertArrayEquals(new int[] {0}, Tensor.arange(0).size());
        assertArrayEquals(new int[] {0}, Tensor.arange(4, 4).size());
    }

    @Test
    void arangeWithAFloatIsFloat32() {
        // torch.arange(1, 2.5, 0.5) -> tensor([1.0000, 1.5000, 2.0000])
        Tensor t = Tensor.arange(1, 2.5, 0.5);
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new float[] {1f, 1.5f, 2f}, t.toFloatArray());
        assertArrayEquals(new float[] {0f, 1f, 2f}, Tensor.arange(3.0).toFloatArray());
        assertArrayEquals(new float[] {0.5f, 1.5f}, Tensor.arange(0.5, 2.0).toFloatArray());
        // ceil((1 - 0) / 0.1) = 10 elements, each start + i * step in double, then rounded
        Tensor tenths = Tensor.arange(0, 1, 0.1);
        assertArrayEquals(new int[] {10}, tenths.size());
        for (int i = 0; i < 10; i++) {
            assertEquals((float) (i * 0.1), tenths.toFloatArray()[i], "element " + i);
        }
        // ceil(2.6 / 0.5) = 6: the end is exclusive, a partial step still counts
        assertArrayEquals(new int[] {6}, Tensor.arange(0, 2.6, 0.5).size());
        assertArrayEquals(new double[] {2, 1.5, 1, 0.5}, Tensor.arange(2, 0, -0.5, DType.FLOAT64, CPU)
                .toDoubleArray());
    }

    @Test
    void linspaceAsInPyTorchsDocsWithExactEndPoints() {
        // torch.linspace(3, 10, steps=5) -> tensor([ 3.0000,  4.7500,  6.5000,  8.2500, 10.0000])
        assertArrayEquals(new float[] {3f, 4.75f, 6.5f, 8.25f, 10f}, Tensor.linspace(3, 10, 5).toFloatArray());
        assertArrayEquals(new float[] {-10f, -5f, 0f, 5f, 10f}, Tensor.linspace(-10, 10, 5).toFloatArray());
        assertArrayEquals(new float[] {-10f}, Tensor.linspace(-10, 10, 1).toFloatArray());
        assertArrayEquals(new int[] {0}, Tensor.linspace(0, 1, 0).size());
        assertEquals(DType.FLOAT32, Tensor.linspace(0, 1, 3).dtype());
        // the second half counts back from the end, so the end is exact however the step rounds
        for (int steps : new int[] {2, 3, 10, 101, 1000}) {
            float[] f = Tensor.linspace(0.1, 0.7, steps).toFloatArray();
            assertEquals(0.1f, f[0]);
            assertEquals(0.7f, f[steps - 1]);
            double[] d = Tensor.linspace(0.1, 0.7, steps, DType.FLOAT64, CPU).toDoubleArray();
            assertEquals(0.1, d[0]);
            assertEquals(0.7, d[steps - 1]);
        }
    }

    @Test
    void eyeHasOnesOnTheDiagonal() {
        TorchRngFixture torch = TorchRngFixture.load("torch-creation", "ranges.json");
        assertArrayEquals(torch.floats("eye_f32_2_3"), Tensor.eye(2, 3).toFloatArray());
        Tensor three = Tensor.eye(3, 3, DType.FLOAT64, CPU);
        assertArrayEquals(new int[] {3, 3}, three.size());
        assertArrayEquals(torch.doubles("eye_f64_3_3"), three.toDoubleArray());
        assertEquals(DType.FLOAT32, Tensor.eye(2).dtype());
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, Tensor.eye(3, 2).toFloatArray());
        assertArrayEquals(new boolean[] {true, false, false, true}, Tensor.eye(2, 2, DType.BOOL, CPU).toBooleanArray());
        assertArrayEquals(new long[] {1, 0, 0, 1}, Tensor.eye(2, 2, DType.INT64, CPU).toLongArray());
        assertArrayEquals(new int[] {0, 4}, Tensor.eye(0, 4).size());
    }

    @Test
    void fullOnesAndTheLikeForms() {
        Tensor f = Tensor.full(new int[] {2, 3}, 1.5);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new int[] {2, 3}, f.size());
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f}, f.toFloatArray());
        assertArrayEquals(new float[] {-2f, -2f}, Tensor.full(Shape.of(2), -2).toFloatArray());
        Tensor ones = Tensor.ones(Shape.of(2, 2), DType.FLOAT64, CPU);
        assertEquals(DType.FLOAT64, ones.dtype());
        assertArrayEquals(new double[] {1, 1, 1, 1}, ones.toDoubleArray());
        assertArrayEquals(new boolean[] {true, true}, Tensor.ones(Shape.of(2), DType.BOOL, CPU).toBooleanArray());

        Tensor ints = Tensor.of(new long[] {1, 2, 3}, 3);
        Tensor sevens = Tensor.fullLike(ints, 7);
        assertEquals(DType.INT64, sevens.dtype());
        assertArrayEquals(new long[] {7, 7, 7}, sevens.toLongArray());
        Tensor halves = Tensor.fullLike(ints, 0.5, DType.FLOAT64);
        assertEquals(DType.FLOAT64, halves.dtype());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, halves.toDoubleArray());

        Tensor view = Tensor.zeros(4, 3).T();
        Tensor e = Tensor.emptyLike(view);
        assertArrayEquals(new int[] {3, 4}, e.size());
        assertEquals(DType.FLOAT32, e.dtype());
        assertEquals(view.device(), e.device());
        assertTrue(e.isContiguous());
        assertFalse(e.requiresGrad());
    }

    @Test
    void badArgumentsFailWithPyTorchsMessages() {
        assertEquals("zeros(): Trying to create tensor with negative dimension -1: [2, -1]",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1)).getMessage());
        assertEquals("full(): Trying to create tensor with negative dimension -3: [-3]",
                assertThrows(IllegalArgumentException.class, () -> Tensor.full(new int[] {-3}, 1)).getMessage());
        assertEquals("arange: step must be nonzero",
                assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0.0)).getMessage());
        assertEquals("arange: step must be nonzero",
                assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0)).getMessage());
        // int64 truncates the step first: 0.5 becomes 0
        assertEquals("arange: step must be nonzero", assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(0, 5, 0.5, DType.INT64, CPU)).getMessage());
        assertEquals("arange: upper bound and larger bound inconsistent with step sign",
                assertThrows(IllegalArgumentException.class, () -> Tensor.arange(1, 0, 1)).getMessage());
        assertEquals("arange: upper bound and larger bound inconsistent with step sign",
                assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, -0.5)).getMessage());
        assertEquals("arange: upper bound and larger bound inconsistent with step sign",
                assertThrows(IllegalArgumentException.class, () -> Tensor.arange(-1)).getMessage());
        assertEquals("arange: unsupported range: 0 -> inf", assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1.0)).getMessage());
        assertEquals("arange: unsupported range: 0 -> nan", assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(0, Double.NaN, 1.0)).getMessage());
        assertEquals("linspace: number of steps must be non-negative, got -1",
                assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1)).getMessage());
        assertEquals("eye: n must be greater or equal to 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> Tensor.eye(-1)).getMessage());
        assertEquals("eye: m must be greater or equal to 0, got -2",
                assertThrows(IllegalArgumentException.class, () -> Tensor.eye(2, -2)).getMessage());
        String bool = assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(0, 3, 1, DType.BOOL, CPU)).getMessage();
        assertTrue(bool.contains("arange") && bool.contains("torch.bool"), bool);
        bool = assertThrows(IllegalArgumentException.class,
                () -> Tensor.linspace(0, 1, 3, DType.BOOL, CPU)).getMessage();
        assertTrue(bool.contains("linspace") && bool.contains("torch.bool"), bool);
    }
}
