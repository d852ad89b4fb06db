package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArrayPoolTest {
    @Test
    void aReleasedBuffersArrayServesTheNextBufferOfItsLength() {
        int length = ArrayPool.MIN_LENGTH + 123;
        Buffer first = ReferenceKernels.CPU.allocate(length);
        float[] array = CpuBuffer.of(first);
        first.release();
        Buffer second = ReferenceKernels.CPU.allocate(length);
        assertSame(array, CpuBuffer.of(second));
        assertNotSame(array, CpuBuffer.of(ReferenceKernels.CPU.allocate(length)), "one array, one live buffer");
    }

    @Test
    void aReleasedBufferCannotBeUsedAgain() {
        Buffer b = ReferenceKernels.CPU.allocate(ArrayPool.MIN_LENGTH);
        b.release();
        b.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReferenceKernels.CPU.fill(b, 1f));
        assertEquals("a CPU buffer of " + ArrayPool.MIN_LENGTH + " floats was used after release", e.getMessage());
    }

    @Test
    void smallArraysAreNotKept() {
        long before = ArrayPool.kept();
        ReferenceKernels.CPU.allocate(ArrayPool.MIN_LENGTH - 1).release();
        assertEquals(before, ArrayPool.kept());
    }
}
