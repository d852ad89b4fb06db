package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class L1LossTest {

    @Test
    void meanSumOrEachAbsoluteDifference() {
        Tensor x = Tensor.of(new float[] {1, -2, 3, 0.5f}, 2, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 3, -0.5f}, 2, 2);
        // |1 - 0| + |-2 - 1| + |3 - 3| + |0.5 + 0.5| = 1 + 3 + 0 + 1
        assertEquals(5f / 4, new L1Loss().forward(x, y).item());
        assertEquals(5f, new L1Loss(Reduction.SUM).forward(x, y).item());
        assertArrayEquals(new float[] {1, 3, 0, 1}, new L1Loss(Reduction.NONE).forward(x, y).toFloatArray());
        assertEquals("L1Loss()", new L1Loss().toString());
    }

    @Test
    void theGradientIsTheSignOfTheDifferenceAndZeroWhereEqual() {
        Tensor x = Tensor.of(new double[] {1, -2, 3}, 3).requiresGrad(true);
        F.l1Loss(x, Tensor.of(new double[] {0, 1, 3}, 3), Reduction.SUM).backward();
        assertArrayEquals(new double[] {1, -1, 0}, x.grad().toDoubleArray());
    }

    @Test
    void refusesToBroadcastAsMseLossDoes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new L1Loss().forward(Tensor.zeros(1, 10), Tensor.zeros(10, 1)));
        assertEquals("l1_loss: input shape [1, 10] and target shape [10, 1] differ; they must be equal (no "
                + "broadcasting). Reshape the target with target.view(1, 10).", e.getMessage());
    }
}
