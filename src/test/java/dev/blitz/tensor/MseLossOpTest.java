package dev.blitz.tensor;

import dev.blitz.core.Reduction;
import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MseLossOpTest {

    @Test
    void gradientsOfInputAndTargetForEachReduction() {
        for (Reduction r : Reduction.values()) {
            GradCheck.check(t -> MseLossOp.apply(t[0], t[1], r), randn(1, 3, 4), randn(2, 3, 4));
        }
    }

    @Test
    void forwardForEachReduction() {
        Tensor input = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor target = Tensor.of(new float[] {0, 2, 5, 1}, 2, 2);
        assertArrayEquals(new float[] {1, 0, 4, 9}, MseLossOp.apply(input, target, Reduction.NONE).toFloatArray());
        assertEquals(14f, MseLossOp.apply(input, target, Reduction.SUM).item());
        assertEquals(3.5f, MseLossOp.apply(input, target, Reduction.MEAN).item());
        assertEquals(0, MseLossOp.apply(input, target, Reduction.MEAN).dim());
    }
}
