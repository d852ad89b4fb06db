package dev.blitz.tensor;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What close() ends and what it does not: views and detached tensors share memory, as in PyTorch. */
class ClosedTensorTest {
    private static Tensor cpu(float... values) {
        return Tensor.of(values, Shape.of(values.length), Device.CPU);
    }

    @Test
    void viewsAndDetachedTensorsTakenBeforeTheCloseStayUsable() {
        Tensor t = cpu(1, 2, 3, 4);
        Tensor view = t.view(2, 2);
        Tensor detached = t.detach();
        t.close();

        assertArrayEquals(new float[] {1, 2, 3, 4}, view.toFloatArray(), "the view keeps the memory alive");
        detached.fillInPlace(5f);
        assertArrayEquals(new float[] {5, 5, 5, 5}, view.toFloatArray(), "and still shares it with detach()");
        view.close();
        assertArrayEquals(new float[] {5, 5, 5, 5}, detached.toFloatArray(), "until the last of them closes");
    }

    @Test
    void theClosedTensorItselfIsUnusableEvenForANewView() {
        Tensor t = cpu(1, 2, 3, 4);
        Tensor view = t.view(2, 2);
        t.close();
        ClosedTensorException e = assertThrows(ClosedTensorException.class, t::toFloatArray);
        assertEquals("tensor of shape [4] was closed (close() was called on it) and can no longer be used",
                e.getMessage());
        assertSame(t, e.tensor());
        assertFalse(e.closedByScope());
        assertThrows(ClosedTensorException.class, () -> t.view(2, 2), "memory still open through the view");
        assertThrows(ClosedTensorException.class, t::detach);
        assertThrows(ClosedTensorException.class, () -> t.add(1f));
        view.close();
    }

    @Test
    void aTensorClosedByItsScopeSaysSo() {
        Tensor t;
        try (var scope = MemoryScope.open()) {
            t = Tensor.zerosLike(cpu(0, 0, 0));
        }
        ClosedTensorException e = assertThrows(ClosedTensorException.class, t::toFloatArray);
        assertTrue(e.closedByScope());
        assertEquals("tensor of shape [3] was closed by the MemoryScope it was created in; create it before opening"
                + " the scope, or pass what must outlive the scope to scope.keep(...)", e.getMessage());
    }

    @Test
    void aUserCloseBeforeTheScopeEndsIsTheUsers() {
        Tensor t;
        try (var scope = MemoryScope.open()) {
            t = cpu(1);
            t.close();
        }
        assertFalse(assertThrows(ClosedTensorException.class, t::item).closedByScope());
    }
}
