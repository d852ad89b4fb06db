package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;

/**
 * Host memory: a Java float array. Released arrays go back to {@link ArrayPool} for the next buffer, so a
 * released buffer refuses to hand its array out again rather than let two tensors share it.
 */
final class CpuBuffer implements Buffer {
    private final float[] data;
    private volatile boolean released;

    CpuBuffer(float[] data) {
        this.data = data;
    }

    @Override
    public dev.blitz.core.DType dtype() {
        return dev.blitz.core.DType.FLOAT32; // PLACEHOLDER until the buffers hold every dtype
    }

    @Override
    public int length() {
        return data.length;
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            ArrayPool.give(data);
        }
    }

    static float[] of(Buffer b) {
        CpuBuffer c = (CpuBuffer) b;
        if (c.released) {
            throw new IllegalStateException("a CPU buffer of " + c.data.length + " floats was used after release");
        }
        return c.data;
    }
}
