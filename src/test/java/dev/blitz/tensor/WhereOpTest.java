package dev.blitz.tensor;

import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhereOpTest {
    private static final Tensor COLUMN = Tensor.of(new boolean[] {true, false}, 2, 1);

    @Test
    void choosesWithBroadcastingAmongAllThree() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor b = Tensor.scalar(0);
        Tensor out = Tensor.where(COLUMN, a, b);
        assertArrayEquals(new int[] {2, 3}, out.size());
        assertArrayEquals(new float[] {1, 2, 3, 0, 0, 0}, out.toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3}, b.where(COLUMN, a).toFloatArray());
    }

    @Test
    void promotesTheTwoChoices() {
        Tensor ints = Tensor.of(new long[] {1, 2}, 2);
        Tensor halves = Tensor.of(new float[] {0.5f, 0.5f}, 2);
        Tensor cond = Tensor.of(new boolean[] {true, false}, 2);
        Tensor mixed = Tensor.where(cond, ints, halves);
        assertEquals(DType.FLOAT32, mixed.dtype());
        assertArrayEquals(new float[] {1, 0.5f}, mixed.toFloatArray());
        assertEquals(DType.FLOAT64, Tensor.where(cond, halves, Tensor.of(new double[] {2}, 1)).dtype());
        assertEquals(DType.INT64, Tensor.where(cond, ints, 7).dtype());
        assertArrayEquals(new long[] {1, 7}, Tensor.where(cond, ints, 7).toLongArray());
        assertEquals(DType.FLOAT32, Tensor.where(cond, ints, 0.5).dtype());
        Tensor no = Tensor.of(new boolean[] {false, false}, 2);
        assertArrayEquals(new boolean[] {false, true}, Tensor.where(cond, no, no.logicalNot()).toBooleanArray());
    }

    @Test
    void gradientGoesToTheChosenSide() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {5}, 1).requiresGrad(true);
        Tensor out = Tensor.where(COLUMN, a, b);
        assertEquals("WhereBackward0", out.gradFn().name());
        out.backward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertArrayEquals(new double[] {1, 2, 3}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {15}, b.grad().toDoubleArray());
    }

    @Test
    void theUnchosenSideStillMeetsItsOwnDerivativeAsInPyTorch() {
        // PyTorch's known gotcha: the masked gradient 0 still flows through log's backward (g / x), so x = 0 gives
        // 0 / 0 = NaN and x = -1 gives -0. Masking the input first, log(where(x > 0, x, 1)), avoids it.
        Tensor x = Tensor.of(new double[] {-1, 0, Math.E}, 3).requiresGrad(true);
        Tensor.where(x.gt(0), x.log(), 0).sum().backward();
        assertArrayEquals(new double[] {-0.0, Double.NaN, 1 / Math.E}, x.grad().toDoubleArray());

        Tensor safe = Tensor.of(new double[] {-1, 0, Math.E}, 3).requiresGrad(true);
        Tensor.where(safe.gt(0), Tensor.where(safe.gt(0), safe, 1).log(), 0).sum().backward();
        assertArrayEquals(new double[] {0, 0, 1 / Math.E}, safe.grad().toDoubleArray());
    }

    @Test
    void conditionMustBeBool() {
        Tensor a = Tensor.ones(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.where(a, a, a));
        assertTrue(e.getMessage().startsWith("where(): expected condition to be a boolean tensor, but got a tensor"
                + " with dtype torch.float32"), e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> a.maskedFill(a, 0));
        assertTrue(m.getMessage().startsWith("maskedFill(): expected mask to be a boolean tensor"), m.getMessage());
    }

    @Test
    void mismatchedShapesAreNamed() {
        Tensor cond = Tensor.of(new boolean[] {true, false, true}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.where(cond, Tensor.ones(2), Tensor.ones(3)));
        assertTrue(e.getMessage().startsWith("where: shapes [3] and [2] cannot be broadcast together"),
                e.getMessage());
    }

    @Test
    void maskedFillKeepsTheDtypeAndBroadcastsTheMask() {
        Tensor x = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2);
        Tensor filled = x.maskedFill(Tensor.of(new boolean[] {false, true}, 2), -1);
        assertEquals(DType.INT64, filled.dtype());
        assertArrayEquals(new long[] {1, -1, 3, -1}, filled.toLongArray());
        Tensor f = Tensor.of(new float[] {1, 2}, 2).maskedFill(Tensor.of(new boolean[] {true, false}, 2),
                Float.NEGATIVE_INFINITY);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 2}, f.toFloatArray());
    }

    @Test
    void maskedFillGradientIsZeroWhereFilled() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor y = x.maskedFill(x.gt(1.5), 0);
        assertEquals("MaskedFillBackward0", y.gradFn().name());
        y.backward(Tensor.of(new double[] {4, 5, 6}, 3));
        assertArrayEquals(new double[] {4, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void maskedFillInPlace() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertSame(x, x.maskedFillInPlace(COLUMN, 9));
        assertArrayEquals(new float[] {9, 9, 3, 4}, x.toFloatArray());

        Tensor leaf = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = leaf.mul(3).maskedFillInPlace(Tensor.of(new boolean[] {true, false}, 2), 0);
        assertEquals("MaskedFillBackward0", y.gradFn().name());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 3}, leaf.grad().toDoubleArray());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ones(2).maskedFillInPlace(COLUMN, 0));
        assertTrue(e.getMessage().startsWith("maskedFillInPlace: output with shape [2] doesn't match the broadcast"
                + " shape [2, 2]"), e.getMessage());
    }
}
