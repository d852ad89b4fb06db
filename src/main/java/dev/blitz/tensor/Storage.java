package dev.blitz.tensor;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Buffer;

/** A buffer shared by a tensor and its views; the memory goes back to the backend when the last one closes. */
final class Storage {
    final Backend backend;
    private Buffer buffer;
    private int owners = 1;

    Storage(Backend backend, Buffer buffer) {
        this.backend = backend;
        this.buffer = buffer;
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
            buffer.release();
            buffer = null;
        }
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
