package dev.blitz.backend;

/**
 * A flat block of float32 memory owned by one backend. Tensors reach kernels only through buffers; the
 * buffer's backend is the only code that knows what is behind it (a Java array, a device pointer).
 */
public interface Buffer {
    /** {@return the number of float elements} */
    int length();

    /** Gives the memory back to its backend (a device allocator's cache, say). Called once, by the owner. */
    void release();
}
