package dev.blitz.core;

/**
 * A device allocator's counters, as {@code torch.cuda.memory_allocated()} and friends: bytes held by live
 * tensors, the most ever held at once, bytes kept in the cache for reuse, and how many times the allocator
 * had to ask the device for memory (flat once a training loop is warm).
 *
 * @param bytesInUse bytes held by live tensors, as {@code torch.cuda.memory_allocated()}
 * @param peakBytesInUse the most {@code bytesInUse} has been, as {@code torch.cuda.max_memory_allocated()}
 * @param bytesCached bytes freed by tensors but kept by the allocator for reuse
 * @param deviceAllocations how many times the allocator has asked the device for memory
 */
public record MemoryStats(long bytesInUse, long peakBytesInUse, long bytesCached, long deviceAllocations) {
    /** For memory the garbage collector manages (the CPU). */
    public static final MemoryStats NONE = new MemoryStats(0, 0, 0, 0);

    @Override
    public String toString() {
        return "in use " + bytes(bytesInUse) + ", peak " + bytes(peakBytesInUse) + ", cached " + bytes(bytesCached)
                + ", " + deviceAllocations + " device allocations";
    }

    /**
     * Formats a byte count with binary units, e.g. {@code 1536} as {@code 1.5 KiB}: sizes people read in error
     * messages.
     *
     * @param n a number of bytes
     * @return {@code n} in B, KiB, MiB, GiB or TiB, with one decimal above bytes
     */
    public static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
