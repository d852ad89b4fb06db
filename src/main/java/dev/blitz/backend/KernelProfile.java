package dev.blitz.backend;

import dev.blitz.core.Shape;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wall time per backend kernel, summed over calls: a {@link Backend} seen through a timing proxy, installed by
 * {@link Backends#profile} for benchmarks. Only tensors made after it is installed go through it; without it the
 * backends run with no timing at all. Each kernel is keyed by its method and the shape arguments that tell the
 * layers apart (a convolution's channels and size, a GEMM's m, n, k), so conv1 and conv2 are separate lines.
 * Times are wall times of synchronous calls: right for the CPU backend, launch times only on CUDA.
 */
public final class KernelProfile {
    private static final Set<String> UNTIMED = Set.of("device", "toString", "hashCode", "equals", "memoryStats");
    /** Kernels whose arguments are only a length or an index: one line each, whatever the size. */
    private static final Set<String> UNSIZED = Set.of("allocate", "fill", "read", "upload", "download", "wrap",
            "hostArray");

    /** By {@link #signature}; each entry holds its readable key, made once. */
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    /**
     * One kernel's line: its key, its calls, their total wall time and the shortest call (on a shared machine the
     * total includes time the thread was descheduled; the shortest call is the kernel's own cost).
     */
    public record Line(String kernel, long calls, long nanos, long minNanos) {
    }

    private static final class Entry {
        final String kernel;
        final LongAdder calls = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAccumulator min = new LongAccumulator(Math::min, Long.MAX_VALUE);

        Entry(String kernel) {
            this.kernel = kernel;
        }
    }

    KernelProfile() {
    }

    /** Wraps {@code backend} so that every kernel call is timed into this profile. */
    Backend wrap(Backend backend) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (UNTIMED.contains(method.getName())) {
                return invoke(backend, method, args);
            }
            long t0 = System.nanoTime();
            try {
                return invoke(backend, method, args);
            } finally {
                long dt = System.nanoTime() - t0;
                // The readable key is built once per signature: building it on every call doubled the step's
                // median at batch 64.
                long sig = signature(method, args);
                Entry e = entries.get(sig);
                if (e == null) {
                    e = entries.computeIfAbsent(sig, k -> new Entry(key(method, args)));
                }
                e.calls.increment();
                e.nanos.add(dt);
                e.min.accumulate(dt);
            }
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                handler);
    }

    private static Object invoke(Backend backend, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(backend, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A hash of what {@link #key} shows, computed without allocating (a collision would merge two lines). */
    private static long signature(Method method, Object[] args) {
        long h = method.hashCode();
        boolean sized = false;
        if (args != null && !UNSIZED.contains(method.getName())) {
            for (Object a : args) {
                if (a instanceof ConvGeometry || a instanceof PoolGeometry || a instanceof Integer
                        || a instanceof Boolean || a instanceof Enum<?> || a instanceof Shape) {
                    h = h * 1_000_003L + a.hashCode();
                    sized = true;
                }
            }
            if (!sized && args.length > 0 && args[0] instanceof Buffer b) {
                h = h * 1_000_003L + b.length();
            }
        }
        return h;
    }

    /** The method's name and the arguments that give the work's size (geometries, ints, op kinds, flags; else the first buffer's length). */
    static String key(Method method, Object[] args) {
        StringBuilder s = new StringBuilder(method.getName());
        List<String> shape = new ArrayList<>();
        if (args != null && !UNSIZED.contains(method.getName())) {
            for (Object a : args) {
                if (a instanceof ConvGeometry g) {
                    shape.add(g.batch() + "x" + g.inChannels() + "x" + g.inH() + "x" + g.inW() + "->"
                            + g.outChannels() + " k" + g.kernelH() + "x" + g.kernelW());
                } else if (a instanceof PoolGeometry g) {
                    shape.add(g.batch() + "x" + g.channels() + "x" + g.inH() + "x" + g.inW() + " k" + g.kernelH()
                            + "x" + g.kernelW());
                } else if (a instanceof Integer || a instanceof Boolean || a instanceof Enum<?>) {
                    shape.add(String.valueOf(a));
                } else if (a instanceof Shape sh) {
                    shape.add(sh.toString());
                }
            }
        }
        if (shape.isEmpty() && args != null && args.length > 0 && args[0] instanceof Buffer b) {
            shape.add("n=" + b.length());
        }
        if (!shape.isEmpty()) {
            s.append('[').append(String.join(",", shape)).append(']');
        }
        return s.toString();
    }

    /** Forgets what was timed so far (after a warm-up, between batch sizes). */
    public void reset() {
        entries.clear();
    }

    /** {@return the kernels timed since the last reset, the longest total first} */
    public List<Line> lines() {
        List<Line> out = new ArrayList<>();
        entries.forEach((k, e) -> out.add(new Line(e.kernel, e.calls.sum(), e.nanos.sum(), e.min.get())));
        out.sort(Comparator.comparingLong(Line::nanos).reversed());
        return out;
    }
}
