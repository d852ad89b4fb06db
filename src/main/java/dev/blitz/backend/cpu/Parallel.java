package dev.blitz.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits index ranges over the caller and a few daemon worker threads. A range is cut into a fixed set of
 * contiguous parts (a few per thread), which the threads claim one at a time, so a thread the OS parks for a
 * while costs its share rather than stalling the rest. Which parts exist never depends on timing, so kernels
 * that keep one partial result per part stay deterministic. Work too small to pay for a hand-off stays on the
 * calling thread, and so does work started inside a parallel region: kernels can nest (a GEMM inside a loop
 * over the batch) without oversubscribing the cores. Between jobs the workers spin for a moment before they
 * park, because a training step runs dozens of parallel kernels back to back and waking a parked thread costs
 * more than most of them take; the spin yields now and then, so it does not keep the JIT off the cores.
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
    private static final long SPIN_NANOS = 500_000;

    private static final int THREADS = ThreadSetting.configured();
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    private static final Worker[] WORKERS = startWorkers();
    /** The job workers should help with, while it runs (so it keeps nothing alive afterwards). */
    private static final AtomicReference<Job> POSTED = new AtomicReference<>();
    private static final AtomicLong JOBS = new AtomicLong();

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
        if (THREADS == 1 || n <= 1 || INSIDE.get()) {
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
        POSTED.set(job);
        wakeWorkers();
        try {
            serially(job::help);
            job.await();
        } finally {
            POSTED.compareAndSet(job, null);
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

    /** One split range: parts are claimed through {@code next} and counted in {@code done}. */
    private static final class Job {
        private final long id = JOBS.incrementAndGet();
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
            long spinEnd = System.nanoTime() + SPIN_NANOS;
            for (int i = 1; done.get() < parts && (i % 64 != 0 || System.nanoTime() < spinEnd); i++) {
                spin(i);
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

    /** A pool thread: helps with each newly posted job; between jobs it spins a while, then parks. */
    private static final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("blitz-cpu-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            INSIDE.set(true);
            long last = 0;
            while (true) {
                Job job = POSTED.get();
                long spinEnd = System.nanoTime() + SPIN_NANOS;
                for (int i = 1; (job == null || job.id == last) && (i % 64 != 0 || System.nanoTime() < spinEnd); i++) {
                    spin(i);
                    job = POSTED.get();
                }
                if (job == null || job.id == last) {
                    parked = true;
                    job = POSTED.get();
                    if (job == null || job.id == last) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    continue;
                }
                last = job.id;
                job.help();
            }
        }
    }

    /**
     * One turn of a spin-wait; every 64th gives the core to any other thread that is waiting for one. While the
     * JIT compiles the kernels (the first few hundred steps) its compiler threads want the cores the pool spins
     * on: yielding made the first MNIST epoch on 2 cores about 8% shorter (14 alternating runs, 12 of them
     * shorter), and when nothing else waits a yield returns at once.
     */
    private static void spin(int i) {
        if (i % 64 == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    private static void wakeWorkers() {
        for (Worker w : WORKERS) {
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
    }

    private static Worker[] startWorkers() {
        Worker[] workers = new Worker[THREADS - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
        return workers;
    }
}
