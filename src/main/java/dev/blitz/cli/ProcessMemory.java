package dev.blitz.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What this process has allocated and how much memory it has held, for the benchmarks' and the training
 * command's memory lines: the bytes every live thread has allocated on the Java heap (the CPU backend's workers
 * and the data loader's threads included), and the peak resident set size.
 */
public final class ProcessMemory {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private ProcessMemory() {
    }

    /**
     * Heap bytes allocated so far by the threads alive now, summed: the difference of two calls is what the code
     * between them allocated on any thread (less what threads that ended in between had allocated). Allocating a
     * few hundred bytes itself, the same on every call.
     *
     * @return the sum, or -1 where the JVM does not count allocations per thread
     */
    public static long allocatedBytes() {
        if (THREADS == null) {
            return -1;
        }
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, bytes); // -1 for a thread that ended since the ids were read
        }
        return sum;
    }

    /**
     * The most memory this process has had resident, {@code VmHWM} of {@code /proc/self/status}.
     *
     * @return bytes, or -1 where there is no {@code /proc} (not Linux)
     */
    public static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024; // "VmHWM:   194120 kB"
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no peak to report
        }
        return -1;
    }

    /**
     * The peak resident set size as the memory lines print it.
     *
     * @return e.g. {@code "194 MiB"}, or {@code "n/a"} where it is not known
     */
    public static String peakResident() {
        long bytes = peakResidentBytes();
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%d MiB", Math.round(bytes / 1048576.0));
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }
}
