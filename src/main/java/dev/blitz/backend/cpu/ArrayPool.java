package dev.blitz.backend.cpu;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU backend's caching allocator: the arrays of released buffers, kept by length for the next buffer of
 * that length. A training step that frees its temporaries (a {@code MemoryScope}) then runs on the arrays of
 * the step before, instead of having Java allocate and zero new ones, which would be the largest serial cost
 * of a step. The most recently released array goes out first (it is likely still in cache). Small arrays are
 * cheap to allocate and are not kept; at most {@link #MAX_FLOATS} floats are.
 */
final class ArrayPool {
    static final int MIN_LENGTH = 1 << 12;
    static final long MAX_FLOATS = 1L << 24;

    private static final Map<Integer, Deque<float[]>> FREE = new ConcurrentHashMap<>();
    private static final AtomicLong KEPT = new AtomicLong();

    private ArrayPool() {
    }

    /** An array of {@code length} floats with unspecified contents. */
    static float[] take(int length) {
        Deque<float[]> free = length < MIN_LENGTH ? null : FREE.get(length);
        float[] a = free == null ? null : free.pollFirst();
        if (a == null) {
            return new float[length];
        }
        KEPT.addAndGet(-length);
        return a;
    }

    /** Takes back an array nobody uses any more. */
    static void give(float[] a) {
        if (a.length < MIN_LENGTH) {
            return;
        }
        if (KEPT.addAndGet(a.length) > MAX_FLOATS) {
            KEPT.addAndGet(-a.length);
            return;
        }
        FREE.computeIfAbsent(a.length, k -> new ConcurrentLinkedDeque<>()).addFirst(a);
    }

    /** Floats held for reuse. */
    static long kept() {
        return KEPT.get();
    }
}
