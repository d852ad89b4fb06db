package dev.blitz.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceInContiguousParts() {
        int n = 1000;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        int parts = Parallel.parts(n, Parallel.MIN_WORK_PER_PART);
        assertTrue(parts >= Math.min(Parallel.threads(), n), "parts " + parts);
        Parallel.run(parts, n, (part, from, to) -> {
            assertTrue(from <= to);
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen.get(i), "index " + i);
        }
    }

    @Test
    void smallWorkAndNestedWorkStayOnTheCallingThread() {
        assertEquals(1, Parallel.parts(1000, 1));
        Parallel.serially(() -> assertEquals(1, Parallel.parts(1000, Parallel.MIN_WORK_PER_PART)));
        Parallel.forRange(Parallel.threads(), Parallel.MIN_WORK_PER_PART,
                (part, from, to) -> assertEquals(1, Parallel.parts(1000, Parallel.MIN_WORK_PER_PART)));
    }

    @Test
    void aFailingPartFailsTheCall() {
        assertThrows(IllegalStateException.class, () -> Parallel.run(Math.max(2, Parallel.threads()), 10,
                (part, from, to) -> {
                    if (from > 0) {
                        throw new IllegalStateException("part " + part);
                    }
                }));
    }
}
