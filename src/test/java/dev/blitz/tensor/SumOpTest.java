package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SumOpTest {

    @Test
    void gradientsOfSumAndMean() {
        GradCheck.check(t -> t[0].sum(), randn(1, 3, 4));
        GradCheck.check(t -> t[0].mean(), randn(2, 3, 4));
        GradCheck.check(t -> t[0].mean(), randn(3));
    }

    @Test
    void reducingAZeroDimTensorMakesANewNode() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor s = x.sum();
        Tensor twice = s.sum();
        assertNotSame(s, twice);
        assertEquals("SumBackward0", s.gradFn().name());
        twice.mean().backward();
        assertArrayEquals(new float[] {1, 1}, x.grad().toFloatArray());

        Tensor leaf = Tensor.scalar(3f).requiresGrad(true);
        leaf.mean().backward();
        assertTrue(leaf.isLeaf());
        assertEquals(1f, leaf.grad().item());
    }

    @Test
    void forwardValuesAndNames() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 6}, 2, 2).requiresGrad(true);
        assertEquals(12f, x.sum().item());
        assertEquals(3f, x.mean().item());
        assertEquals("SumBackward0", x.sum().gradFn().name());
        assertEquals("MeanBackward0", x.mean().gradFn().name());
        assertEquals(0, x.sum().dim());
    }
}
