package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-place ops under autograd, with PyTorch's rules and its two errors. */
class InPlaceAutogradTest {
    @Test
    void anInPlaceOpOnAResultBecomesPartOfItsHistory() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        y.addInPlace(1);
        y.mulInPlace(3);
        assertEquals("MulBackward0", y.gradFn().name());
        y.sum().backward();
        assertArrayEquals(new float[] {6, 6, 6}, x.grad().toFloatArray());
    }

    @Test
    void anInPlaceOpOnALeafThatRequiresGradIsRefused() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.addInPlace(1));
        assertTrue(e.getMessage().contains("a leaf Variable that requires grad is being used in an in-place"
                + " operation"), e.getMessage());
        IllegalStateException view = assertThrows(IllegalStateException.class, () -> w.get("0").fillInPlace(0));
        assertTrue(view.getMessage().contains("a view of a leaf Variable"), view.getMessage());
        try (var g = GradMode.noGrad()) {
            w.addInPlace(1);
        }
        assertArrayEquals(new float[] {2, 2, 2}, w.toFloatArray());
    }

    @Test
    void aSavedTensorChangedInPlaceIsRefusedAtBackward() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor y = x.mul(1);
        Tensor z = y.mul(y);
        y.addInPlace(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }
}
