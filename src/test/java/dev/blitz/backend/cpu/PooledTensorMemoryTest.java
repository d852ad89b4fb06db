package dev.blitz.backend.cpu;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.ClosedTensorException;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A CPU tensor's array goes back to {@link ArrayPool} only when no tensor can reach it any more, so a pooled array
 * is never seen by two live tensors: each case checks both that the pool takes the array when it should (the
 * next tensor of that size reuses it) and that a tensor still holding it keeps its values.
 */
class PooledTensorMemoryTest {
    private static final int N = 1237;

    @BeforeEach
    void emptyPool() {
        ArrayPool.clear(); // far from its limit, so nothing else is dropped while a case counts
    }

    private static Tensor full(double value) {
        return Tensor.full(Shape.of(N), value, Device.CPU);
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }

    @Test
    void aClosedTensorsArrayServesTheNextTensor() {
        Tensor t = full(1);
        long kept = ArrayPool.kept();
        t.close();
        assertEquals(kept + N, ArrayPool.kept(), "closing the only tensor over the array gives it back");
        Tensor u = full(2);
        assertEquals(kept, ArrayPool.kept(), "the next tensor of the size takes it");
        assertThrows(ClosedTensorException.class, t::toFloatArray);
        assertArrayEquals(filled(N, 2), u.toFloatArray());
        u.close();
    }

    @Test
    void aViewKeepsItsBasesArrayOutOfThePool() {
        Tensor base = full(1);
        Tensor view = base.narrow(0, 10, 20);
        long kept = ArrayPool.kept();
        base.close();
        assertEquals(kept, ArrayPool.kept(), "the view still reads the array");
        Tensor other = full(5);
        assertArrayEquals(filled(20, 1), view.toFloatArray());
        kept = ArrayPool.kept();
        view.close();
        assertEquals(kept + N, ArrayPool.kept(), "the last view closed gives it back");
        other.close();
    }

    @Test
    void aDetachedTensorKeepsTheArrayToo() {
        Tensor t = full(3);
        Tensor d = t.detach();
        long kept = ArrayPool.kept();
        t.close();
        assertEquals(kept, ArrayPool.kept(), "the detached tensor still reads the array");
        Tensor other = full(6);
        assertArrayEquals(filled(N, 3), d.toFloatArray());
        d.close();
        other.close();
    }

    @Test
    void aTensorKeptFromAScopeOutlivesIt() {
        Tensor kept;
        long before;
        try (var scope = MemoryScope.open()) {
            kept = scope.keep(full(3));
            full(9); // a temporary: closed with the scope
            before = ArrayPool.kept();
        }
        assertEquals(before + N, ArrayPool.kept(), "only the temporary's array went back");
        Tensor next = full(4);
        assertArrayEquals(filled(N, 3), kept.toFloatArray());
        assertArrayEquals(filled(N, 4), next.toFloatArray());
        kept.close();
        next.close();
    }

    @Test
    void anArraySharedWithTheCallerIsNeverReused() {
        Tensor t = full(7);
        float[] shared = t.asFloatArray();
        long kept = ArrayPool.kept();
        t.close();
        assertEquals(kept, ArrayPool.kept(), "the caller may still use the array");
        Tensor next = full(8);
        shared[0] = -1;
        assertEquals(8f, next.toFloatArray()[0]);
        next.close();
    }
}
