package dev.blitz.tensor;

import dev.blitz.backend.Backends;

/** Device memory counters, e.g. {@code Memory.stats(Device.cuda(0)).bytesInUse()}. */
public final class Memory {
    private Memory() {
    }

    public static MemoryStats stats(Device device) {
        return Backends.of(device).memoryStats();
    }
}
