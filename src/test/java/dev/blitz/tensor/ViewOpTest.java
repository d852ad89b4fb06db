package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ViewOpTest {

    @Test
    void gradientsOfViewAndFlatten() {
        GradCheck.check(t -> t[0].view(3, -1), randn(1, 2, 3, 4));
        GradCheck.check(t -> t[0].flatten(1), randn(2, 2, 3, 2, 2));
        GradCheck.check(t -> t[0].flatten(), randn(3, 2, 3));
    }

    @Test
    void viewSharesMemoryAndRecordsItsNode() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor v = x.view(6);
        x.fillInPlace(4f);
        assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4}, v.toFloatArray());
        assertEquals("ViewBackward0", Tensor.zeros(2, 3).requiresGrad(true).view(-1).gradFn().name());
        assertArrayEquals(new int[] {2, 12}, Tensor.zeros(2, 3, 4).flatten(1).size());
        assertArrayEquals(new int[] {24}, Tensor.zeros(2, 3, 4).flatten().size());
    }
}
