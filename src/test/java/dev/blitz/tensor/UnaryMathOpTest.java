package dev.blitz.tensor;

import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values PyTorch gives for the unary math ops, at points where they are exact. */
class UnaryMathOpTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    private static Tensor leaf(double... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    /** The gradient of {@code sum(op(x))} with respect to {@code x}. */
    private static double[] gradOfSum(double[] x, java.util.function.UnaryOperator<Tensor> op) {
        Tensor t = leaf(x);
        op.apply(t).sum().backward();
        return t.grad().toDoubleArray();
    }

    @Test
    void valuesAtExactPoints() {
        Tensor x = Tensor.of(new float[] {0, 1, 4}, 3);
        assertArrayEquals(new float[] {0, 1, 2}, x.sqrt().toFloatArray());
        assertArrayEquals(new float[] {INF, 1, 0.5f}, x.rsqrt().toFloatArray());
        assertArrayEquals(new float[] {1, (float) Math.E}, x.get(":2").exp().toFloatArray());
        assertArrayEquals(new float[] {-INF, 0}, x.get(":2").log().toFloatArray());
        assertArrayEquals(new float[] {NAN, NAN}, Tensor.of(new float[] {-1, -1}, 2).log()
                .add(Tensor.of(new float[] {-1, -4}, 2).sqrt()).toFloatArray());
        Tensor special = Tensor.of(new float[] {0, INF, -INF}, 3);
        assertArrayEquals(new float[] {0, 1, -1}, special.tanh().toFloatArray());
        assertArrayEquals(new float[] {0.5f, 1, 0}, special.sigmoid().toFloatArray());
        assertArrayEquals(new float[] {0, NAN, NAN}, special.sin().toFloatArray());
        assertArrayEquals(new float[] {1, NAN, NAN}, special.cos().toFloatArray());
    }

    @Test
    void float64KeepsItsPrecision() {
        Tensor x = Tensor.of(new double[] {2}, 1);
        assertEquals(DType.FLOAT64, x.sqrt().dtype());
        assertEquals(Math.sqrt(2), x.sqrt().itemDouble());
        assertEquals(Math.log(2), x.log().itemDouble());
    }

    @Test
    void integersBecomeFloat32AndBoolIsRefused() {
        Tensor ints = Tensor.of(new long[] {1, 4, 9}, 3);
        Tensor roots = ints.sqrt();
        assertEquals(DType.FLOAT32, roots.dtype());
        assertArrayEquals(new float[] {1, 2, 3}, roots.toFloatArray());
        assertEquals(DType.FLOAT32, ints.exp().dtype());

        Tensor mask = Tensor.of(new boolean[] {true, false}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, mask::log);
        assertTrue(e.getMessage().startsWith("log(): ") && e.getMessage().contains("torch.bool"), e.getMessage());
        assertThrows(IllegalArgumentException.class, mask::abs);
        assertThrows(IllegalArgumentException.class, mask::relu);
        assertThrows(IllegalArgumentException.class, () -> mask.clamp(0, 1));
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, mask::neg);
        assertTrue(neg.getMessage().contains("logicalNot()"), neg.getMessage());
    }

    @Test
    void absSignAndNegOnIntegersStayIntegers() {
        Tensor x = Tensor.of(new long[] {-3, 0, 2}, 3);
        assertEquals(DType.INT64, x.abs().dtype());
        assertArrayEquals(new long[] {3, 0, 2}, x.abs().toLongArray());
        assertArrayEquals(new long[] {-1, 0, 1}, x.sign().toLongArray());
        assertArrayEquals(new long[] {3, 0, -2}, x.neg().toLongArray());
        assertArrayEquals(new long[] {0, 0, 2}, x.relu().toLongArray());
        assertArrayEquals(new boolean[] {true, false}, Tensor.of(new boolean[] {true, false}, 2).sign()
                .toBooleanArray());
    }

    @Test
    void signIsNotDifferentiable() {
        Tensor x = leaf(-2, 0, 3, Double.NaN);
        Tensor s = x.sign();
        assertEquals("SignBackward0", s.gradFn().name());
        assertArrayEquals(new double[] {-1, 0, 1, Double.NaN}, s.toDoubleArray());
        s.sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void gradientsAtExactPoints() {
        assertArrayEquals(new double[] {-1, 0, 1}, gradOfSum(new double[] {-2, 0, 3}, Tensor::abs));
        assertArrayEquals(new double[] {1}, gradOfSum(new double[] {0}, Tensor::exp));
        assertArrayEquals(new double[] {0.5, 0.25}, gradOfSum(new double[] {2, 4}, Tensor::log));
        assertArrayEquals(new double[] {0.25, 0.125}, gradOfSum(new double[] {4, 16}, Tensor::sqrt));
        assertArrayEquals(new double[] {-1.0 / 16}, gradOfSum(new double[] {4}, Tensor::rsqrt));
        assertArrayEquals(new double[] {1}, gradOfSum(new double[] {0}, Tensor::sin));
        assertEquals(0, gradOfSum(new double[] {0}, Tensor::cos)[0], 0);
        assertArrayEquals(new double[] {1}, gradOfSum(new double[] {0}, Tensor::tanh));
        assertArrayEquals(new double[] {0.25}, gradOfSum(new double[] {0}, Tensor::sigmoid));
        assertArrayEquals(new double[] {-1, -1}, gradOfSum(new double[] {5, -1}, Tensor::neg));
    }

    @Test
    void gradFnNamesAsPyTorch() {
        Tensor x = leaf(0.5);
        assertEquals("AbsBackward0", x.abs().gradFn().name());
        assertEquals("ExpBackward0", x.exp().gradFn().name());
        assertEquals("LogBackward0", x.log().gradFn().name());
        assertEquals("SqrtBackward0", x.sqrt().gradFn().name());
        assertEquals("RsqrtBackward0", x.rsqrt().gradFn().name());
        assertEquals("SinBackward0", x.sin().gradFn().name());
        assertEquals("CosBackward0", x.cos().gradFn().name());
        assertEquals("TanhBackward0", x.tanh().gradFn().name());
        assertEquals("SigmoidBackward0", x.sigmoid().gradFn().name());
        assertEquals("ReluBackward0", x.relu().gradFn().name());
        assertEquals("NegBackward0", x.neg().gradFn().name());
        assertEquals("PowBackward0", x.pow(3).gradFn().name());
        assertEquals("PowBackward0", x.pow(2).gradFn().name());
        assertEquals("ClampBackward1", x.clamp(0, 1).gradFn().name());
        assertEquals("ClampMinBackward0", x.clampMin(0).gradFn().name());
        assertEquals("ClampMaxBackward0", x.clampMax(1).gradFn().name());
    }

    @Test
    void reluOfFloat64AndItsGradientAtZero() {
        Tensor x = leaf(-1, 0, 2, Double.NaN);
        Tensor y = x.relu();
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new double[] {0, 0, 2, Double.NaN}, y.toDoubleArray());
        y.sum().backward();
        // PyTorch's threshold_backward masks where the result is <= 0, so NaN passes its gradient.
        assertArrayEquals(new double[] {0, 0, 1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void clampKeepsNaNAndPassesTheGradientOnTheBounds() {
        Tensor x = leaf(-1, 0, 0.5, 1, 2, Double.NaN);
        Tensor y = x.clamp(0, 1);
        assertArrayEquals(new double[] {0, 0, 0.5, 1, 1, Double.NaN}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 1, 1, 1, 0, 0}, x.grad().toDoubleArray());

        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 0}, gradOfSum(new double[] {-1, 0, 0.5, 1, 2, Double.NaN},
                t -> t.clampMin(0).clampMax(0.9)));
    }

    @Test
    void clampWithMinAboveMaxGivesMax() {
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.of(new float[] {0, 1.5f, 5}, 3).clamp(2, 1).toFloatArray());
    }

    @Test
    void clampOfIntegersPromotesForFractionalBounds() {
        Tensor x = Tensor.of(new long[] {-5, 0, 5}, 3);
        assertEquals(DType.INT64, x.clamp(-1, 1).dtype());
        assertArrayEquals(new long[] {-1, 0, 1}, x.clamp(-1, 1).toLongArray());
        assertEquals(DType.INT64, x.clampMin(-1).dtype());
        Tensor f = x.clamp(-0.5, 2.5);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[] {-0.5f, 0, 2.5f}, f.toFloatArray());
    }

    @Test
    void squareIsExactlyTheProduct() {
        float[] v = {0.1f, 1.1f, -3.3f, 1e-20f, 7.77e10f, (float) Math.PI};
        Tensor x = Tensor.of(v, v.length);
        float[] squared = x.pow(2).toFloatArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToIntBits(v[i] * v[i]), Float.floatToIntBits(squared[i]), "element " + i);
        }
        double[] d = {0.1, 1.1, -3.3, Math.PI};
        double[] dSquared = Tensor.of(d, d.length).pow(2).toDoubleArray();
        for (int i = 0; i < d.length; i++) {
            assertEquals(d[i] * d[i], dSquared[i]);
        }
    }

    @Test
    void powGradient() {
        assertArrayEquals(new double[] {6, -4}, gradOfSum(new double[] {3, -2}, t -> t.pow(2)));
        assertArrayEquals(new double[] {0.25}, gradOfSum(new double[] {4}, t -> t.pow(0.5)));
        assertArrayEquals(new double[] {-0.25}, gradOfSum(new double[] {2}, t -> t.pow(-1)));
        // x ** 0 has gradient 0 everywhere, even at 0 (not 0 * 0^-1).
        assertArrayEquals(new double[] {0, 0}, gradOfSum(new double[] {0, 2}, t -> t.pow(0)));
    }

    @Test
    void powOfIntegers() {
        Tensor x = Tensor.of(new long[] {2, -3, 0}, 3);
        Tensor cubed = x.pow(3);
        assertEquals(DType.INT64, cubed.dtype());
        assertArrayEquals(new long[] {8, -27, 0}, cubed.toLongArray());
        assertArrayEquals(new long[] {1, 1, 1}, x.pow(0).toLongArray());
        Tensor roots = Tensor.of(new long[] {4, 9}, 2).pow(0.5);
        assertEquals(DType.FLOAT32, roots.dtype());
        assertArrayEquals(new float[] {2, 3}, roots.toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.pow(-1));
        assertTrue(e.getMessage().contains("Integers to negative integer powers are not allowed"), e.getMessage());
        assertArrayEquals(new long[] {1, 0}, Tensor.of(new boolean[] {true, false}, 2).pow(2).toLongArray());
    }

    @Test
    void isnanAndIsfiniteOnInfinitiesAndNaN() {
        Tensor x = Tensor.of(new float[] {1, INF, -INF, NAN, 0}, 5);
        assertEquals(DType.BOOL, x.isnan().dtype());
        assertArrayEquals(new boolean[] {false, false, false, true, false}, x.isnan().toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false, false, true}, x.isfinite().toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, false, true, false}, x.to(DType.FLOAT64).isnan()
                .toBooleanArray());
        Tensor ints = Tensor.of(new long[] {1, Long.MAX_VALUE}, 2);
        assertArrayEquals(new boolean[] {false, false}, ints.isnan().toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, ints.isfinite().toBooleanArray());
        assertArrayEquals(new boolean[] {true}, Tensor.of(new boolean[] {false}, 1).isfinite().toBooleanArray());
    }

    @Test
    void logicalNotOfEveryDtype() {
        assertArrayEquals(new boolean[] {true, false, false}, Tensor.of(new float[] {0, 1.5f, NAN}, 3).logicalNot()
                .toBooleanArray());
        assertArrayEquals(new boolean[] {false, true}, Tensor.of(new long[] {-2, 0}, 2).logicalNot()
                .toBooleanArray());
        Tensor mask = Tensor.of(new boolean[] {true, false}, 2).logicalNot();
        assertEquals(DType.BOOL, mask.dtype());
        assertArrayEquals(new boolean[] {false, true}, mask.toBooleanArray());
    }

    @Test
    void predicatesRecordNoHistory() {
        Tensor x = leaf(1, Double.NaN);
        assertFalse(x.isnan().requiresGrad());
        assertFalse(x.isfinite().requiresGrad());
        assertFalse(x.logicalNot().requiresGrad());
    }

    @Test
    void inPlaceVariantsRecordTheirHistory() {
        Tensor x = leaf(0, 1);
        Tensor y = x.mul(1);
        int version = y.version();
        assertSame(y, y.sinInPlace());
        assertEquals("SinBackward0", y.gradFn().name());
        assertTrue(y.version() > version);
        y.sum().backward();
        assertArrayEquals(new double[] {1, Math.cos(1)}, x.grad().toDoubleArray(), 1e-15);

        Tensor z = leaf(-1, 0.5, 3);
        Tensor w = z.mul(1).clampInPlace(0, 1).expInPlace();
        assertEquals("ExpBackward0", w.gradFn().name());
        w.sum().backward();
        assertArrayEquals(new double[] {0, Math.exp(0.5), 0}, z.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void inPlaceOnAPlainTensor() {
        Tensor x = Tensor.of(new float[] {-4, 0.25f, 4}, 3);
        x.absInPlace().sqrtInPlace();
        assertArrayEquals(new float[] {2, 0.5f, 2}, x.toFloatArray());
        x.powInPlace(2).negInPlace().clampMinInPlace(-1).reluInPlace();
        assertArrayEquals(new float[] {0, 0, 0}, x.toFloatArray());
        Tensor ints = Tensor.of(new long[] {1, -2}, 2);
        ints.absInPlace().powInPlace(3);
        assertArrayEquals(new long[] {1, 8}, ints.toLongArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ints::expInPlace);
        assertTrue(e.getMessage().contains("result type torch.float32 can't be cast to the desired output type"
                + " torch.int64"), e.getMessage());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsRefused() {
        Tensor x = leaf(1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, x::reluInPlace);
        assertTrue(e.getMessage().startsWith("reluInPlace: a leaf Variable"), e.getMessage());
    }

    @Test
    void viewsAndBroadcastLayouts() {
        Tensor x = Tensor.of(new float[] {1, 4, 9, 16, 25, 36}, 2, 3);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, x.T().sqrt().toFloatArray());
        assertArrayEquals(new float[] {2, 5}, x.get(":, 1").sqrt().toFloatArray());
        assertArrayEquals(new float[] {2, 2, 2}, x.get("1, 0").expand(3).sqrt().sub(2).toFloatArray());
    }
}
