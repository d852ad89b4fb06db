package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArrayPoolTest {
    @AfterEach
    void restoreTheLimit() {
        ArrayPool.limit = ArrayPool.MAX_FLOATS;
    }

    @Test
    void aReleasedBuffersArrayServesTheNextBufferOfItsLength() {
        for (int length : new int[] {1, 123, 5000}) {
            Buffer first = CPU.allocate(length);
            float[] array = CpuBuffer.of(first);
            first.release();
            Buffer second = CPU.allocate(length);
            assertSame(array, CpuBuffer.of(second), "length " + length);
            assertNotSame(array, CpuBuffer.of(CPU.allocate(length)), "one array, one live buffer");
        }
    }

    @Test
    void theMostRecentlyReleasedArrayGoesOutFirst() {
        Buffer a = CPU.allocate(77);
        Buffer b = CPU.allocate(77);
        float[] second = CpuBuffer.of(b);
        a.release();
        b.release();
        assertSame(second, CpuBuffer.of(CPU.allocate(77)));
    }

    @Test
    void aReleasedBufferCannotBeUsedAgain() {
        Buffer b = CPU.allocate(5000);
        b.release();
        b.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CPU.fill(b, 1f));
        assertEquals("a CPU buffer of 5000 floats was used after release", e.getMessage());
    }

    @Test
    void pastTheLimitTheLengthsUnusedTheLongestAreDropped() {
        ArrayPool.clear();
        ArrayPool.limit = 1000;
        float[] old = new float[400];
        float[] recent = new float[300];
        ArrayPool.give(old);
        ArrayPool.give(recent);
        ArrayPool.give(new float[200]);
        assertEquals(900, ArrayPool.kept());
        float[] taken = ArrayPool.take(300);
        assertSame(recent, taken);
        ArrayPool.give(taken); // 300 is now the most recently used length, 400 the least
        ArrayPool.give(new float[250]);
        assertEquals(750, ArrayPool.kept(), "the 400 went, the rest stayed");
        assertSame(recent, ArrayPool.take(300));
        assertNotSame(old, ArrayPool.take(400));

        ArrayPool.give(new float[1001]);
        assertEquals(450, ArrayPool.kept(), "an array over the limit is never kept");
    }

    @Test
    void manyDistinctLengthsKeepWorking() {
        ArrayPool.clear();
        ArrayPool.limit = 1 << 20;
        float[] last = null;
        for (int length = 1; length <= 6000; length++) {
            last = new float[length];
            ArrayPool.give(last);
        }
        assertSame(last, ArrayPool.take(6000));
        float[] again = new float[17];
        ArrayPool.give(again);
        assertSame(again, ArrayPool.take(17));
    }
}
