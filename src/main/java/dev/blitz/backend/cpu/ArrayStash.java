package dev.blitz.backend.cpu;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Large arrays made ahead of need by the pool's idle worker threads. Java zeroes every new array on the
 * thread that asks for it, and a training step asks for many large ones (each op's output, each gradient)
 * between its parallel kernels, so that zeroing is the biggest serial cost of a step. Each taken array
 * orders a replacement of the same length, which a worker makes while it would otherwise wait for work; so
 * the stash holds about one step's worth of the lengths in use, and never more than {@link #MAX_FLOATS}.
 */
final class ArrayStash {
    /** Smaller arrays come out of the thread's allocation buffer about as fast as from here. */
    static final int MIN_LENGTH = 1 << 15;
    private static final long MAX_FLOATS = 1L << 23;

    private static final Map<Integer, Queue<float[]>> READY = new ConcurrentHashMap<>();
    private static final Queue<Integer> WANTED = new ConcurrentLinkedQueue<>();
    /** Floats in READY plus those ordered in WANTED. */
    private static final AtomicLong HELD = new AtomicLong();

    private ArrayStash() {
    }

    /** A zeroed array of {@code length} floats, from the stash when one is ready. */
    static float[] take(int length) {
        if (length < MIN_LENGTH || Parallel.threads() == 1) {
            return new float[length];
        }
        Queue<float[]> ready = READY.get(length);
        float[] a = ready == null ? null : ready.poll();
        if (a != null) {
            HELD.addAndGet(-length);
        }
        if (HELD.addAndGet(length) <= MAX_FLOATS) {
            WANTED.add(length);
            Parallel.wakeWorkers();
        } else {
            HELD.addAndGet(-length);
        }
        return a != null ? a : new float[length];
    }

    /** Makes one ordered array; returns false when nothing was ordered. For idle pool threads. */
    static boolean refillOne() {
        Integer length = WANTED.poll();
        if (length == null) {
            return false;
        }
        READY.computeIfAbsent(length, k -> new ConcurrentLinkedQueue<>()).add(new float[length]);
        return true;
    }
}
