package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElementwiseOpTest {
    private static final int[][][] BROADCAST_PAIRS = {
        {{2, 3}, {2, 3}},
        {{2, 3}, {3}},
        {{3}, {2, 3}},
        {{2, 1}, {1, 3}},
        {{4, 1, 3}, {2, 1}},
        {{2, 3}, {}},
        {{}, {2, 3}},
    };

    /** Divisors with |b| >= 1 (alternating sign), where central differences of 1/b are accurate. */
    private static Tensor awayFromZero(Tensor b) {
        float[] v = b.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (1 + Math.abs(v[i])) * (i % 2 == 0 ? 1 : -1);
        }
        return Tensor.of(v, b.size()).requiresGrad(true);
    }

    /** Positive bases, where every real power is defined. */
    private static Tensor positive(Tensor b) {
        float[] v = b.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f + Math.abs(v[i]);
        }
        return Tensor.of(v, b.size()).requiresGrad(true);
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV"})
    void gradientsBroadcastBothWays(BinaryOp op) {
        for (int[][] shapes : BROADCAST_PAIRS) {
            Tensor b = op == BinaryOp.DIV ? awayFromZero(randn(2, shapes[1])) : randn(2, shapes[1]);
            GradCheck.check(t -> ElementwiseOp.apply(op, t[0], t[1]), randn(1, shapes[0]), b);
        }
    }

    @Test
    void gradientsOfOpsWithAScalar() {
        GradCheck.check(t -> t[0].add(1.5f), randn(1, 2, 3));
        GradCheck.check(t -> t[0].sub(1.5f), randn(2, 2, 3));
        GradCheck.check(t -> t[0].mul(-2.5f), randn(3, 2, 3));
        GradCheck.check(t -> t[0].div(4f), randn(4, 2, 3));
        GradCheck.check(t -> t[0].neg(), randn(5, 2, 3));
    }

    @Test
    void sameTensorOnBothSides() {
        GradCheck.check(t -> t[0].mul(t[0]), randn(6, 5));
        GradCheck.check(t -> t[0].div(t[0].mul(t[0]).add(1f)), randn(7, 5));
    }

    @Test
    void forwardBroadcastsTheSmallerOperand() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = Tensor.of(new float[] {10, 20, 30}, 3);
        Tensor col = Tensor.of(new float[] {1, 2}, 2, 1);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(row).toFloatArray());
        assertArrayEquals(new float[] {9, 18, 27, 6, 15, 24}, row.sub(a).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 8, 10, 12}, a.mul(col).toFloatArray());
        assertArrayEquals(new float[] {10, 20, 30, 5, 10, 15}, row.div(col).toFloatArray());
    }

    @Test
    void powMaximumAndMinimumGradientsBroadcast() {
        for (int[][] shapes : BROADCAST_PAIRS) {
            GradCheck.check(t -> t[0].pow(t[1]), positive(randn(3, shapes[0])), randn(4, shapes[1]));
            GradCheck.check(t -> t[0].maximum(t[1]), GradCheck.distinct(5, shapes[0]),
                    GradCheck.distinct(6, shapes[1]).add(0.05).detach().requiresGrad(true));
            GradCheck.check(t -> t[0].minimum(t[1]), GradCheck.distinct(7, shapes[0]),
                    GradCheck.distinct(8, shapes[1]).add(0.05).detach().requiresGrad(true));
        }
    }

    @Test
    void powOfTensorsValuesAndGradients() {
        Tensor a = Tensor.of(new double[] {2, 3}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3, 2}, 2).requiresGrad(true);
        Tensor y = a.pow(b);
        assertEquals("PowBackward1", y.gradFn().name());
        assertArrayEquals(new double[] {8, 9}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {12, 6}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {8 * Math.log(2), 9 * Math.log(3)}, b.grad().toDoubleArray(), 1e-14);
    }

    @Test
    void powGradientsAtZeroAreMaskedAsPyTorch() {
        // Base 0 with exponents 2 and 0: d/da is 2 * 0 = 0 and (masked) 0; d/db is masked where b >= 0.
        Tensor a = Tensor.of(new double[] {0, 0}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {2, 0}, 2).requiresGrad(true);
        Tensor y = a.pow(b);
        assertArrayEquals(new double[] {0, 1}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 0}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0, 0}, b.grad().toDoubleArray());
    }

    @Test
    void powOfIntegerTensors() {
        Tensor base = Tensor.of(new long[] {2, 3, 1, -1, -1, 2}, 6);
        Tensor exponent = Tensor.of(new long[] {10, 3, -2, -3, -2, -1}, 6);
        Tensor y = base.pow(exponent);
        assertEquals(DType.INT64, y.dtype());
        assertArrayEquals(new long[] {1024, 27, 1, -1, 1, 0}, y.toLongArray());
        assertEquals(DType.FLOAT32, base.pow(Tensor.of(new float[] {0.5f}, 1)).dtype());
        Tensor mask = Tensor.of(new boolean[] {true}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mask.pow(mask));
        assertTrue(e.getMessage().startsWith("pow(): ") && e.getMessage().contains("torch.bool"), e.getMessage());
    }

    @Test
    void maximumAndMinimumPropagateNaN() {
        float nan = Float.NaN;
        Tensor a = Tensor.of(new float[] {nan, 1, 5, nan}, 4);
        Tensor b = Tensor.of(new float[] {0, nan, 2, nan}, 4);
        assertArrayEquals(new float[] {nan, nan, 5, nan}, a.maximum(b).toFloatArray());
        assertArrayEquals(new float[] {nan, nan, 2, nan}, a.minimum(b).toFloatArray());
        assertArrayEquals(new long[] {3, 2}, Tensor.of(new long[] {3, -4}, 2).maximum(Tensor.of(new long[] {1, 2}, 2))
                .toLongArray());
        Tensor t = Tensor.of(new boolean[] {true, false, false}, 3);
        Tensor f = Tensor.of(new boolean[] {false, true, false}, 3);
        assertEquals(DType.BOOL, t.maximum(f).dtype());
        assertArrayEquals(new boolean[] {true, true, false}, t.maximum(f).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, false}, t.minimum(f).toBooleanArray());
    }

    @Test
    void maximumAndMinimumSplitTheGradientOnTies() {
        Tensor a = Tensor.of(new double[] {1, 2, 5}, 3).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1, 3, 4}, 3).requiresGrad(true);
        Tensor max = a.maximum(b);
        assertEquals("MaximumBackward0", max.gradFn().name());
        max.sum().backward();
        assertArrayEquals(new double[] {0.5, 0, 1}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0.5, 1, 0}, b.grad().toDoubleArray());

        Tensor c = Tensor.of(new double[] {1, 2, 5}, 3).requiresGrad(true);
        Tensor d = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Tensor min = c.minimum(d);
        assertEquals("MinimumBackward0", min.gradFn().name());
        min.sum().backward();
        assertArrayEquals(new double[] {0.5, 0, 0}, c.grad().toDoubleArray());
        assertArrayEquals(new double[] {2.5}, d.grad().toDoubleArray());
    }

    @Test
    void mismatchedShapesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ones(2, 3).maximum(Tensor.ones(2)));
        assertTrue(e.getMessage().startsWith("maximum: shapes [2, 3] and [2] cannot be broadcast together"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(3).pow(Tensor.ones(4)));
    }

    @Test
    void comparisonsWithNumbers() {
        Tensor ints = Tensor.of(new long[] {1, 2, 3}, 3);
        assertArrayEquals(new boolean[] {true, true, false}, ints.lt(2.5).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false}, ints.eq(2).toBooleanArray());
        Tensor f = Tensor.of(new float[] {0.1f, Float.NaN}, 2);
        assertArrayEquals(new boolean[] {true, false}, f.eq(0.1).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true}, f.ne(0.1).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false}, f.ge(1e9).toBooleanArray());
    }

    @Test
    void allcloseWithPyTorchsDefaults() {
        Tensor a = Tensor.of(new float[] {1, 100, Float.POSITIVE_INFINITY}, 3);
        assertTrue(a.allclose(Tensor.of(new float[] {1.000001f, 100.0005f, Float.POSITIVE_INFINITY}, 3)));
        assertFalse(a.allclose(Tensor.of(new float[] {1.001f, 100, Float.POSITIVE_INFINITY}, 3)));
        assertFalse(a.allclose(Tensor.of(new float[] {1, 100, Float.NEGATIVE_INFINITY}, 3)));
        assertFalse(Tensor.of(new float[] {Float.NaN}, 1).allclose(Tensor.of(new float[] {Float.NaN}, 1)));
        assertTrue(a.allclose(Tensor.of(new float[] {1.05f, 99.99f, Float.POSITIVE_INFINITY}, 3), 0, 0.1));
        assertTrue(Tensor.ones(2, 3).allclose(Tensor.ones(3)));
        assertTrue(Tensor.of(new long[] {100000, 7}, 2).allclose(Tensor.of(new long[] {100001, 7}, 2)));
        assertTrue(Tensor.zeros(0).allclose(Tensor.zeros(0)));
    }

    @Test
    void allcloseRefusesMixedDtypesAndNegativeTolerances() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ones(2).allclose(Tensor.of(new double[] {1, 1}, 2)));
        assertTrue(e.getMessage().startsWith("allclose(): torch.float32 did not match torch.float64"), e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ones(2).allclose(Tensor.ones(2), -1, 0));
        assertTrue(r.getMessage().contains("rtol must be greater than or equal to zero, but got -1.0"),
                r.getMessage());
    }

    @Test
    void equalNeedsTheSameShapeAndValues() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2);
        assertTrue(a.equal(Tensor.of(new float[] {1, 2}, 2)));
        assertTrue(a.equal(Tensor.of(new long[] {1, 2}, 2)));
        assertFalse(a.equal(Tensor.of(new float[] {1, 3}, 2)));
        assertFalse(a.equal(Tensor.of(new float[] {1, 2}, 1, 2)));
        assertFalse(a.equal(Tensor.of(new float[] {1}, 1)));
        Tensor nan = Tensor.of(new float[] {Float.NaN}, 1);
        assertFalse(nan.equal(nan));
        assertTrue(Tensor.zeros(0, 2).equal(Tensor.zeros(0, 2)));
    }

    @Test
    void inPlaceMulOfAResultKeepsItsGradient() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {3, 4}, 2).requiresGrad(true);
        Tensor y = x.mul(1);
        y.mulInPlace(w).powInPlace(Tensor.of(new double[] {2}, 1));
        y.sum().backward();
        // y = (x w)^2: dy/dx = 2 x w^2, dy/dw = 2 x^2 w
        assertArrayEquals(new double[] {18, 64}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {6, 32}, w.grad().toDoubleArray());
    }
}
