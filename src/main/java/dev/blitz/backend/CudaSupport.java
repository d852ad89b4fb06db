package dev.blitz.backend;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the CUDA backend of a device once and remembers how that went. The backend is found by name, so this
 * package links no JCuda class: on a machine without CUDA nothing here fails to load, it only explains why.
 */
final class CudaSupport {
    static final String BACKEND_CLASS = "dev.blitz.backend.cuda.CudaBackend";

    /** Either a started backend or the reason there is none. */
    record Outcome(Backend backend, String reason) {
        boolean usable() {
            return backend != null;
        }
    }

    private static final Map<Integer, Outcome> OUTCOMES = new ConcurrentHashMap<>();
    /**
     * Why JCuda first failed to link. A JCuda class whose native library failed stays failed for the JVM's
     * life, and later touches throw NoClassDefFoundError whose text (cut short by the JVM) may no longer name
     * the missing library; the first reason is still the true one.
     */
    private static String linkFailure;

    private CudaSupport() {
    }

    static Outcome open(int index) {
        Outcome o = OUTCOMES.get(index);
        return o != null ? o : OUTCOMES.computeIfAbsent(index, CudaSupport::probe);
    }

    /** Tries to start device {@code index} now, without the memo (the CUDA backend keeps its own per device). */
    static Outcome probe(int index) {
        try {
            Object backend = Class.forName(BACKEND_CLASS).getMethod("open", int.class).invoke(null, index);
            return new Outcome((Backend) backend, null);
        } catch (InvocationTargetException e) {
            return failed(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return failed(e);
        }
    }

    private static synchronized Outcome failed(Throwable t) {
        String reason = t instanceof NoClassDefFoundError && linkFailure != null ? linkFailure : CudaFailure.reason(t);
        if (t instanceof LinkageError && linkFailure == null) {
            linkFailure = reason;
        }
        return new Outcome(null, reason);
    }
}
