package dev.blitz.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Splits index ranges over one shared pool of daemon threads. Work too small to pay for a hand-off (a few
 * microseconds) stays on the calling thread, and so does work started from inside a parallel region, so
 * kernels can nest (a per-image GEMM inside a loop over the batch) without oversubscribing the cores.
 * Ranges are split into contiguous parts the same way every time, so results do not depend on timing.
 */
final class Parallel {
    /** Roughly one float operation; a part gets at least this much work. */
    static final long MIN_WORK_PER_PART = 1L << 15;

    private static final int THREADS = configuredThreads();
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1, Parallel::worker, null,
            false) : null;

    private Parallel() {
    }

    /** A contiguous slice {@code [from, to)} of the range, and which part of the split it is. */
    interface Body {
        void run(int part, int from, int to);
    }

    /** Threads kernels may use: {@code -Dblitz.threads}, else {@code BLITZ_THREADS}, else every core. */
    static int threads() {
        return THREADS;
    }

    /** How many parts {@link #run} splits {@code n} items costing {@code workPerItem} each into. */
    static int parts(int n, long workPerItem) {
        if (THREADS == 1 || n <= 1 || INSIDE.get()
                || Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL) {
            return 1;
        }
        long byWork = Math.max(1, (long) n * workPerItem / MIN_WORK_PER_PART);
        return (int) Math.min(Math.min(THREADS, n), byWork);
    }

    static void forRange(int n, long workPerItem, Body body) {
        run(parts(n, workPerItem), n, body);
    }

    /** Runs {@code body} over {@code [0, n)} cut into {@code parts} slices; part 0 runs on the caller. */
    static void run(int parts, int n, Body body) {
        if (parts <= 1) {
            if (n > 0) {
                body.run(0, 0, n);
            }
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            tasks[p - 1] = POOL.submit(() -> body.run(part, start(part, parts, n), start(part + 1, parts, n)));
        }
        try {
            serially(() -> body.run(0, 0, start(1, parts, n)));
        } finally {
            for (ForkJoinTask<?> t : tasks) {
                t.join();
            }
        }
    }

    /** Runs {@code task} with every kernel it calls on the calling thread alone (for tests and comparisons). */
    static void serially(Runnable task) {
        boolean was = INSIDE.get();
        INSIDE.set(true);
        try {
            task.run();
        } finally {
            INSIDE.set(was);
        }
    }

    private static int start(int part, int parts, int n) {
        return (int) ((long) part * n / parts);
    }

    private static ForkJoinWorkerThread worker(ForkJoinPool pool) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("blitz-cpu-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }

    private static int configuredThreads() {
        String value = System.getProperty("blitz.threads", System.getenv("BLITZ_THREADS"));
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("blitz.threads / BLITZ_THREADS must be a whole number >= 1, got '"
                + value + "'");
    }
}
