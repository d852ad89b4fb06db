package dev.blitz.tensor;

import dev.blitz.Blitz;
import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The random tensors of every dtype after {@code Blitz.manualSeed} against what libtorch 2.7.1 drew after the same
 * {@code torch.manual_seed} (fixtures/torch-rng, see its README): float64 uniforms, integers, permutations and
 * Bernoulli draws bit for bit, float64 normals within {@link GeneratorTest#assertNormalsClose}'s 2 ulps, and the
 * in-place samplers writing a view in PyTorch's order.
 */
class RandomTensorsTest {
    private static final Device CPU = Device.CPU;

    private static TorchRngFixture float64() {
        return TorchRngFixture.load("float64_seed0.json");
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void randAndRandnOfFloat64() {
        TorchRngFixture torch = float64();
        Blitz.manualSeed(0);
        Tensor u = Tensor.rand(Shape.of(5, 8), DType.FLOAT64, CPU);
        assertEquals(DType.FLOAT64, u.dtype());
        assertArrayEquals(new int[] {5, 8}, u.size());
        assertArrayEquals(torch.doubles("rand_f64_40"), u.toDoubleArray());

        Blitz.manualSeed(1);
        Tensor n = Tensor.randn(Shape.of(10, 100), DType.FLOAT64, CPU);
        GeneratorTest.assertNormalsClose(torch.doubles("randn_f64_1000_seed1"), n.toDoubleArray(), 0, 1, "randn");
        Blitz.manualSeed(0);
        GeneratorTest.assertNormalsClose(torch.doubles("randn_f64_7_seed0"),
                Tensor.randn(Shape.of(7), DType.FLOAT64, CPU).toDoubleArray(), 0, 1, "randn 7");
    }

    @Test
    void likeFormsDrawWithTheirDtype() {
        TorchRngFixture torch = float64();
        Tensor doubles = Tensor.zeros(Shape.of(5), DType.FLOAT64, CPU);
        Blitz.manualSeed(0);
        assertArrayEquals(torch.doubles("rand_f64_5"), Tensor.randLike(doubles).toDoubleArray());
        Blitz.manualSeed(0);
        Tensor asFloat64 = Tensor.randLike(Tensor.zeros(5), DType.FLOAT64);
        assertEquals(DType.FLOAT64, asFloat64.dtype());
        assertArrayEquals(torch.doubles("rand_f64_5"), asFloat64.toDoubleArray());

        Blitz.manualSeed(0);
        Tensor n = Tensor.randnLike(Tensor.zeros(Shape.of(15), DType.FLOAT64, CPU));
        GeneratorTest.assertNormalsClose(torch.doubles("randn_f64_15_seed0"), n.toDoubleArray(), 0, 1, "randnLike");
        Blitz.manualSeed(0);
        assertArrayEquals(TorchRngFixture.load("fresh_seed0.json").floats("tensors", "randn_3x5"),
                Tensor.randnLike(Tensor.zeros(3, 5)).toFloatArray());

        Blitz.manualSeed(0);
        Tensor ints = Tensor.randintLike(Tensor.zeros(Shape.of(4, 5), DType.FLOAT64, CPU), -3, 10);
        assertEquals(DType.FLOAT64, ints.dtype());
        assertArrayEquals(torch.doubles("randint_f64_20"), ints.toDoubleArray());
        Blitz.manualSeed(0);
        Tensor longs = Tensor.randintLike(Tensor.of(new long[20], 20), 10);
        assertArrayEquals(TorchRngFixture.load("ints_seed0.json").longs("fresh", "randint_0_10_20"),
                longs.toLongArray());
    }

    @Test
    void randintAndRandpermOfEveryNumberDtype() {
        TorchRngFixture ints = TorchRngFixture.load("ints_seed0.json");
        Blitz.manualSeed(0);
        Tensor r = Tensor.randint(0, 10, 4, 5);
        assertEquals(DType.INT64, r.dtype());
        assertArrayEquals(new int[] {4, 5}, r.size());
        assertArrayEquals(ints.longs("fresh", "randint_0_10_20"), r.toLongArray());
        Blitz.manualSeed(0);
        assertArrayEquals(float64().floats("randint_f32_20"),
                Tensor.randint(0, 100, Shape.of(20), DType.FLOAT32, CPU).toFloatArray());

        Blitz.manualSeed(0);
        Tensor p = Tensor.randperm(12);
        assertEquals(DType.INT64, p.dtype());
        assertArrayEquals(ints.longs("fresh", "randperm_12"), p.toLongArray());
        Blitz.manualSeed(0);
        assertArrayEquals(float64().doubles("randperm_f64_12"), Tensor.randperm(12, DType.FLOAT64, CPU)
                .toDoubleArray());

        // bool: a range within [0, 2)
        Blitz.manualSeed(0);
        boolean[] coins = Tensor.randint(0, 2, Shape.of(20), DType.BOOL, CPU).toBooleanArray();
        Blitz.manualSeed(0);
        long[] same = Tensor.randint(0, 2, 20).toLongArray();
        for (int i = 0; i < 20; i++) {
            assertEquals(same[i] == 1, coins[i], "coin " + i);
        }
    }

    @Test
    void bernoulliOfEveryDtype() {
        TorchRngFixture torch = float64();
        Blitz.manualSeed(0);
        Tensor d = Tensor.zeros(Shape.of(40), DType.FLOAT64, CPU);
        int before = d.version();
        d.bernoulliInPlace(0.25);
        assertEquals(before + 1, d.version());
        assertArrayEquals(torch.doubles("bernoulli_f64_40"), d.toDoubleArray());

        Blitz.manualSeed(0);
        Tensor f = Tensor.zeros(40).bernoulli(0.75);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(torch.floats("bernoulli_f32_40"), f.toFloatArray());

        Blitz.manualSeed(0);
        boolean[] bools = Tensor.zeros(Shape.of(40), DType.BOOL, CPU).bernoulliInPlace(0.25).toBooleanArray();
        double[] expected = torch.doubles("bernoulli_f64_40");
        for (int i = 0; i < 40; i++) {
            assertEquals(expected[i] == 1, bools[i], "element " + i);
        }
    }

    @Test
    void inPlaceSamplersFillFloat64() {
        TorchRngFixture torch = float64();
        Tensor t = Tensor.zeros(Shape.of(5, 10), DType.FLOAT64, CPU);
        Blitz.manualSeed(0);
        t.uniformInPlace(-2.5, 3.7);
        assertArrayEquals(torch.doubles("uniform_f64_50"), t.toDoubleArray());

        Tensor n = Tensor.zeros(Shape.of(40), DType.FLOAT64, CPU);
        Blitz.manualSeed(1);
        n.normalInPlace(-1.5, 0.25);
        GeneratorTest.assertNormalsClose(torch.doubles("normal_f64_40_seed1"), n.toDoubleArray(), -1.5, 0.25,
                "normal_");
    }

    @Test
    void aViewIsFilledInPyTorchsOrder() {
        // torch.empty_like(torch.ones(5, 3).T).bernoulli_(0.5): PyTorch walks the transposed view in memory order
        Tensor base = Tensor.zeros(5, 3);
        Tensor view = base.T();
        Blitz.manualSeed(0);
        view.bernoulliInPlace(0.5);
        assertArrayEquals(float64().floats("bernoulli_transposed_3x5"), view.toFloatArray());
        // the same draws, in the base's row-major order, are one contiguous bernoulli_
        Blitz.manualSeed(0);
        assertArrayEquals(Tensor.zeros(15).bernoulliInPlace(0.5).toFloatArray(), base.toFloatArray());
    }

    @Test
    void aNonContiguousViewTakesTheOneAtATimeNormalPath() {
        // 16 elements would take PyTorch's blocks of 16, but normal_ of a non-contiguous tensor draws one
        // Box–Muller value at a time (as randn of fewer than 16), in memory order
        Tensor base = Tensor.zeros(4, 4);
        Blitz.manualSeed(0);
        base.T().normalInPlace(0, 1);
        float[] memoryOrder = java.util.Arrays.copyOf(base.toFloatArray(), 15);
        assertArrayEquals(floats(float64().doubles("randn_f64_15_seed0")), memoryOrder);

        Blitz.manualSeed(0);
        float[] blocks = Tensor.zeros(4, 4).normalInPlace(0, 1).toFloatArray();
        assertTrue(blocks[0] != base.toFloatArray()[0], "the contiguous tensor takes the other path");
    }

    @Test
    void badDtypesAndLayoutsFailNamingTheOp() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(Shape.of(3), DType.INT64, CPU).uniformInPlace(0, 1)).getMessage();
        assertTrue(m.startsWith("uniformInPlace") && m.contains("torch.int64"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(Shape.of(3), DType.BOOL, CPU).normalInPlace(0, 1)).getMessage();
        assertTrue(m.startsWith("normalInPlace") && m.contains("torch.bool"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Tensor.rand(Shape.of(2), DType.INT64, CPU)).getMessage();
        assertTrue(m.startsWith("rand") && m.contains("torch.int64"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Tensor.randn(Shape.of(2), DType.BOOL, CPU)).getMessage();
        assertTrue(m.startsWith("randn") && m.contains("torch.bool"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Tensor.randLike(Tensor.arange(3))).getMessage();
        assertTrue(m.startsWith("randLike") && m.contains("torch.int64"), m);

        m = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(1, 3).expand(4, 3).uniformInPlace(0, 1)).getMessage();
        assertTrue(m.startsWith("uniformInPlace: unsupported operation: more than one element of the written-to"
                + " tensor refers to a single memory location"), m);

        assertEquals("random_ expects 'from' to be less than 'to', but got from=3 >= to=3",
                assertThrows(IllegalArgumentException.class, () -> Tensor.randint(3, 3, 2)).getMessage());
        m = assertThrows(IllegalArgumentException.class,
                () -> Tensor.randint(0, (1 << 24) + 2, Shape.of(2), DType.FLOAT32, CPU)).getMessage();
        assertTrue(m.startsWith("randint: to - 1=16777217 is out of bounds [-(2^24), 2^24] for torch.float32"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Tensor.randint(0, 3, Shape.of(2), DType.BOOL, CPU)).getMessage();
        assertTrue(m.startsWith("randint: to - 1=2 is out of bounds [0, 1] for torch.bool"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Tensor.randperm(3, DType.BOOL, CPU)).getMessage();
        assertTrue(m.startsWith("randperm") && m.contains("torch.bool"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Tensor.randperm((1 << 24) + 2, DType.FLOAT32, CPU)).getMessage();
        assertTrue(m.startsWith("randperm: n cannot be greater than 2^24+1 for Float type"), m);
        assertEquals("n must be non-negative, got -1",
                assertThrows(IllegalArgumentException.class, () -> Tensor.randperm(-1)).getMessage());
        assertEquals("randn(): Trying to create tensor with negative dimension -2: [-2]",
                assertThrows(IllegalArgumentException.class, () -> Tensor.randn(-2)).getMessage());
    }
}
