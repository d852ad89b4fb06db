package dev.blitz.tensor;

import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NumPy bridge done with Java arrays: a CPU tensor and an array sharing memory both ways. */
class ArrayBridgeTest {
    @Test
    void aTensorsArraySeesInPlaceOps() {
        Tensor t = Tensor.ones(5);
        float[] n = t.asFloatArray();
        t.addInPlace(1);
        assertArrayEquals(new float[] {2, 2, 2, 2, 2}, n);
        assertSame(n, t.asFloatArray());
    }

    @Test
    void aWrappedArraysWritesShowInTheTensor() {
        double[] n = {1, 1, 1, 1, 1};
        Tensor t = Tensor.fromArray(n);
        for (int i = 0; i < n.length; i++) {
            n[i] += 1;
        }
        assertEquals(DType.FLOAT64, t.dtype());
        assertEquals("tensor([2., 2., 2., 2., 2.], dtype=torch.float64)", t.toString());
        t.mulInPlace(3);
        assertArrayEquals(new double[] {6, 6, 6, 6, 6}, n);
    }

    @Test
    void wrongLengthsAndViewsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.fromArray(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("6"), e.getMessage());
        IllegalStateException v = assertThrows(IllegalStateException.class,
                () -> Tensor.ones(2, 3).T().asFloatArray());
        assertTrue(v.getMessage().contains("toFloatArray"), v.getMessage());
    }
}
