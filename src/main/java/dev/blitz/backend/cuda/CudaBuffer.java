package dev.blitz.backend.cuda;

import dev.blitz.backend.Buffer;
import jcuda.driver.CUdeviceptr;

/** {@code length} floats of device memory, a block of {@code bytes} from the caching allocator. */
final class CudaBuffer implements Buffer {
    private final CachingAllocator allocator;
    private final CUdeviceptr pointer;
    private final int length;
    private final long bytes;
    private boolean released;

    CudaBuffer(CachingAllocator allocator, CUdeviceptr pointer, int length, long bytes) {
        this.allocator = allocator;
        this.pointer = pointer;
        this.length = length;
        this.bytes = bytes;
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public dev.blitz.core.DType dtype() {
        return dev.blitz.core.DType.FLOAT32; // PLACEHOLDER until the buffers hold every dtype
    }

    @Override
    public int length() {
        return length;
    }

    /** Returns the block to the allocator's cache; safe from any thread (the Cleaner's) and more than once. */
    @Override
    public void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        allocator.free(this);
    }
}
