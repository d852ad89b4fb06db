package dev.blitz.backend.cuda;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;
import jcuda.driver.CUdeviceptr;

/** {@code length} elements of one dtype in device memory, a block of {@code bytes} from the caching allocator. */
final class CudaBuffer implements Buffer {
    private final CachingAllocator allocator;
    private final CUdeviceptr pointer;
    private final DType dtype;
    private final int length;
    private final long bytes;
    private boolean released;

    CudaBuffer(CachingAllocator allocator, CUdeviceptr pointer, DType dtype, int length, long bytes) {
        this.allocator = allocator;
        this.pointer = pointer;
        this.dtype = dtype;
        this.length = length;
        this.bytes = bytes;
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    /** The address of element {@code index}: where a view at that offset starts. */
    CUdeviceptr at(int index) {
        return index == 0 ? pointer : pointer.withByteOffset((long) index * dtype.itemSize());
    }

    /** The block's size, at least {@link #dataBytes()}. */
    long bytes() {
        return bytes;
    }

    /** The bytes the elements take. */
    long dataBytes() {
        return (long) length * dtype.itemSize();
    }

    @Override
    public DType dtype() {
        return dtype;
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
