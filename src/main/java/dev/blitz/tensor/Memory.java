package dev.blitz.tensor;

import dev.blitz.backend.Backends;
import dev.blitz.core.Device;
import dev.blitz.core.MemoryStats;

/** Device memory counters, e.g. {@code Memory.stats(Device.cuda(0)).bytesInUse()}. */
public final class Memory {
    private Memory() {
    }

    /**
     * The allocator counters of {@code device}'s backend.
     *
     * @param device the device to ask about
     * @return its counters; {@link MemoryStats#NONE} for the CPU, whose memory the garbage collector manages
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     */
    public static MemoryStats stats(Device device) {
        return Backends.of(device).memoryStats();
    }
}
