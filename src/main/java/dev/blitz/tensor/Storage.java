package dev.blitz.tensor;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Buffer;

import java.lang.ref.Cleaner;

/**
 * A buffer shared by a tensor and its views; the memory goes back to the backend when the last one closes.
 * Device memory that nobody closed is given back once the GC finds the storage unreachable: a safety net for
 * forgotten tensors, not the way a program should free memory (close them, or use a {@link MemoryScope}).
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    final Backend backend;
    private Buffer buffer;
    private int owners = 1;
    /** PyTorch's version counter: bumped by every in-place write, so backward can tell a saved tensor changed. */
    private int version;
    /** Gives the buffer back, at most once: the Cleaner's action for device memory, else buffer.release. */
    private final Runnable releaser;

    Storage(Backend backend, Buffer buffer) {
        this.backend = backend;
        this.buffer = buffer;
        // The action must reach the buffer only: capturing this storage would keep it reachable forever.
        this.releaser = backend.device().isCuda() ? CLEANER.register(this, buffer::release)::clean : buffer::release;
    }

    synchronized Storage share() {
        if (buffer == null) {
            throw closedError();
        }
        owners++;
        return this;
    }

    synchronized void release() {
        if (buffer != null && --owners == 0) {
            buffer = null;
            releaser.run();
        }
    }

    int version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }

    Buffer buffer() {
        Buffer b = buffer;
        if (b == null) {
            throw closedError();
        }
        return b;
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("tensor memory was already released (close() was called on it or on every view of it)");
    }
}
