package dev.blitz.backend;

import dev.blitz.backend.cpu.CpuBackend;

/**
 * Moves buffers between a backend and the host, for {@link Backend}'s default methods: they run the CPU kernel
 * on host copies, so an operation works on every backend before it has a kernel of its own.
 */
final class HostFallback {
    static final Backend CPU = CpuBackend.INSTANCE;

    private HostFallback() {
    }

    /** A host copy of {@code b} (owned by {@code from}), or null for null. */
    static Buffer toHost(Backend from, Buffer b) {
        if (b == null) {
            return null;
        }
        float[] values = new float[b.length()];
        from.download(b, values);
        return CPU.upload(values);
    }

    /** A host buffer as long as {@code b}, for a kernel to write. */
    static Buffer hostLike(Buffer b) {
        return CPU.allocate(b.length());
    }

    /** Copies the host buffer {@code host} into {@code dst} (owned by {@code to}); nothing for null. */
    static void copyBack(Backend to, Buffer host, Buffer dst) {
        if (host == null) {
            return;
        }
        float[] values = new float[host.length()];
        CPU.download(host, values);
        Buffer staged = to.upload(values);
        to.copy(staged, dst);
        staged.release();
    }
}
