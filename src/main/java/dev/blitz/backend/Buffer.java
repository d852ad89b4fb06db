package dev.blitz.backend;

import dev.blitz.core.DType;

/**
 * A flat block of memory of one {@link DType} owned by one backend. Tensors reach kernels only through buffers; the
 * buffer's backend is the only code that knows what is behind it (a Java array, a device pointer).
 */
public interface Buffer {
    /** {@return the number of elements} */
    int length();

    /** {@return the type of every element} */
    DType dtype();

    /** Gives the memory back to its backend (a device allocator's cache, say). Called once, by the owner. */
    void release();
}
