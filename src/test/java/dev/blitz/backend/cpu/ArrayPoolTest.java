package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import org.junit.jupiter.api.Test;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArrayPoolTest {
    @Test
    void aReleasedBuffersArrayServesTheNextBufferOfItsLength() {
        int length = ArrayPool.MIN_LENGTH + 123;
        Buffer first = CPU.allocate(length);
        float[] array = CpuBuffer.of(first);
        first.release();
        Buffer second = CPU.allocate(length);
        assertSame(array, CpuBuffer.of(second));
        assertNotSame(array, CpuBuffer.of(CPU.allocate(length)), "one array, one live buffer");
    }

    @Test
    void aReleasedBufferCannotBeUsedAgain() {
        Buffer b = CPU.allocate(ArrayPool.MIN_LENGTH);
        b.release();
        b.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CPU.fill(b, 1f));
        assertEquals("a CPU buffer of " + ArrayPool.MIN_LENGTH + " floats was used after release", e.getMessage());
    }

    @Test
    void smallArraysAreNotKept() {
        long before = ArrayPool.kept();
        CPU.allocate(ArrayPool.MIN_LENGTH - 1).release();
        assertEquals(before, ArrayPool.kept());
    }
}
