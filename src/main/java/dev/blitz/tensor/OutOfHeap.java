package dev.blitz.tensor;

import dev.blitz.core.Device;
import dev.blitz.core.MemoryStats;
import dev.blitz.core.Shape;

import java.util.Locale;

/**
 * Java's {@code OutOfMemoryError: Java heap space} names neither the tensor nor the limit. This one says which op
 * wanted a tensor of which shape, how many bytes, how much heap Java may use, and how to give it more.
 */
final class OutOfHeap {
    private static final long GIB = 1L << 30;

    private OutOfHeap() {
    }

    static OutOfMemoryError error(OutOfMemoryError cause, Shape shape, Device device) {
        long bytes = 4L * shape.numel();
        long max = Runtime.getRuntime().maxMemory();
        long suggested = Math.max(2 * max, max + 2 * bytes);
        OutOfMemoryError e = new OutOfMemoryError(String.format(Locale.ROOT,
                "out of Java heap: %s needs a %s float32 tensor on %s (%s, %d bytes), and the heap, at most %s, has "
                        + "no room for it; use smaller batches or give Java more memory with -Xmx (e.g. -Xmx%dg)",
                requester(), shape, device, MemoryStats.bytes(bytes), bytes, MemoryStats.bytes(max),
                (suggested + GIB - 1) / GIB));
        e.initCause(cause);
        return e;
    }

    /** The op that asked ({@code LinearOp}, {@code Conv2dOp (backward)}), else the Tensor method and its caller. */
    private static String requester() {
        return StackWalker.getInstance().walk(frames -> {
            String entry = "a tensor allocation";
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                String cls = f.getClassName();
                if (cls.equals(OutOfHeap.class.getName())) {
                    continue;
                }
                if (cls.equals(Tensor.class.getName())) {
                    entry = "Tensor." + f.getMethodName();
                    continue;
                }
                int dollar = cls.indexOf('$');
                String outer = cls.substring(cls.lastIndexOf('.') + 1, dollar < 0 ? cls.length() : dollar);
                if (cls.startsWith(Tensor.class.getPackageName() + ".") && outer.endsWith("Op")) {
                    return outer + (f.getMethodName().equals("backward") ? " (backward)" : "");
                }
                return entry + " (called from " + cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + ")";
            }
            return entry;
        });
    }
}
