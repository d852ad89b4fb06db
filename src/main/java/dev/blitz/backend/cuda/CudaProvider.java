package dev.blitz.backend.cuda;

import dev.blitz.backend.BackendProvider;
import dev.blitz.core.Device;

/**
 * The CUDA plug-in: starts {@link CudaBackend} for a GPU, or turns whatever starting it threw (a JNI library
 * that would not load, no device) into the few words of a log line, so that a machine without CUDA only
 * explains why.
 */
public final class CudaProvider implements BackendProvider {
    /**
     * Why JCuda first failed to link. A JCuda class whose native library failed stays failed for the JVM's
     * life, and later touches throw NoClassDefFoundError whose text (cut short by the JVM) may no longer name
     * the missing library; the first reason is still the true one.
     */
    private static String linkFailure;

    /** Made by {@link java.util.ServiceLoader}. */
    public CudaProvider() {
    }

    @Override
    public Device.Type deviceType() {
        return Device.Type.CUDA;
    }

    @Override
    public Availability open(int index) {
        try {
            return Availability.of(CudaBackend.open(index));
        } catch (LinkageError | RuntimeException e) {
            return Availability.unavailable(reason(e));
        }
    }

    private static synchronized String reason(Throwable t) {
        if (t instanceof NoClassDefFoundError && linkFailure != null) {
            return linkFailure;
        }
        String reason = CudaFailure.reason(t);
        if (t instanceof LinkageError && linkFailure == null) {
            linkFailure = reason;
        }
        return reason;
    }
}
