package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;

/** Host memory: a Java float array, reclaimed by the GC. */
record CpuBuffer(float[] data) implements Buffer {
    @Override
    public int length() {
        return data.length;
    }

    @Override
    public void release() {
    }

    static float[] of(Buffer b) {
        return ((CpuBuffer) b).data;
    }
}
