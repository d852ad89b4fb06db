package dev.blitz.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits index ranges over one shared pool of daemon threads. A range is cut into a fixed set of contiguous
 * parts (a few per thread), which the caller and the pool's threads claim one at a time, so a thread the OS
 * parks for a while costs its share rather than stalling the rest. Which parts exist never depends on timing,
 * so kernels that keep one partial result per part stay deterministic. Work too small to pay for a hand-off
 * (a few microseconds) stays on the calling thread, and so does work started inside a parallel region:
 * kernels can nest (a GEMM inside a loop over the batch) without oversubscribing the cores.
 */
final class Parallel {
    /**
     * Work is counted in roughly nanoseconds of one core (about one streamed float, or 50 flops in a GEMM); a
     * part gets at least this much, well above what handing it to another thread costs.
     */
    static final long MIN_WORK_PER_PART = 20_000;
    /** Flops a GEMM micro-kernel does in the time of one unit of work. */
    static final int FLOPS_PER_UNIT = 50;
    private static final int PARTS_PER_THREAD = 4;
    private static final int SPINS = 2000;

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
        return (int) Math.min(Math.min((long) THREADS * PARTS_PER_THREAD, n), byWork);
    }

    static void forRange(int n, long workPerItem, Body body) {
        run(parts(n, workPerItem), n, body);
    }

    /** Runs {@code body} over {@code [0, n)} cut into {@code parts} slices, on the caller and the pool. */
    static void run(int parts, int n, Body body) {
        if (parts <= 1) {
            if (n > 0) {
                body.run(0, 0, n);
            }
            return;
        }
        Job job = new Job(parts, n, body);
        for (int i = Math.min(THREADS, parts) - 1; i > 0; i--) {
            POOL.execute(job::help);
        }
        serially(job::help);
        job.await();
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

    /** One split range: parts are claimed through {@code next} and counted in {@code done}. */
    private static final class Job {
        private final int parts;
        private final int n;
        private final Body body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Job(int parts, int n, Body body) {
            this.parts = parts;
            this.n = n;
            this.body = body;
        }

        void help() {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                try {
                    if (failure == null) {
                        body.run(p, start(p), start(p + 1));
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (done.incrementAndGet() == parts) {
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                }
            }
        }

        /** Waits (a short spin, then blocking) until every part has run; rethrows the failure of one. */
        void await() {
            for (int i = 0; i < SPINS && done.get() < parts; i++) {
                Thread.onSpinWait();
            }
            synchronized (this) {
                while (done.get() < parts) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }

        private int start(int part) {
            return (int) ((long) part * n / parts);
        }
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
