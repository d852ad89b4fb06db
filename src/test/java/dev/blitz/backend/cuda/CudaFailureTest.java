package dev.blitz.backend.cuda;

import dev.blitz.backend.DeviceUnavailableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The messages JCuda really throws (copied from a machine without a driver) and the reasons we log for them. */
class CudaFailureTest {
    private static final String NO_LIBCUDA = """
            Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
            Operating system name: Linux
            ---(start of nested stack traces)---
            Stack trace from the attempt to load the library as a file:
            java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib
            Stack trace from the attempt to load the library as a resource:
            java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open \
            shared object file: No such file or directory
            ---(end of nested stack traces)---
            """;

    @Test
    void missingDriverLibrary() {
        assertEquals("libcuda.so.1 not found (no NVIDIA driver)",
                CudaFailure.reason(new UnsatisfiedLinkError(NO_LIBCUDA)));
    }

    @Test
    void missingCublasAndCudnnNameTheirLibrary() {
        assertEquals("libcublas.so.12 not found", CudaFailure.reason(new UnsatisfiedLinkError(
                "/tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open shared object file: No such"
                        + " file or directory")));
        assertEquals("libcudnn.so.9 not found", CudaFailure.reason(new UnsatisfiedLinkError(
                "/tmp/libJCudnn-12.6.0-linux-x86_64.so: libcudnn.so.9: cannot open shared object file")));
    }

    /** The second touch of a class whose library failed: the original text only survives in the causes. */
    @Test
    void secondTouchReadsTheCauseChain() {
        var first = new ExceptionInInitializerError("Exception java.lang.UnsatisfiedLinkError: " + NO_LIBCUDA
                + " [in thread \"main\"]");
        var second = new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        second.initCause(first);
        assertEquals("libcuda.so.1 not found (no NVIDIA driver)", CudaFailure.reason(second));
    }

    @Test
    void wrongLibraryVersions() {
        assertEquals("undefined symbol cublasLtMatmulAlgoInit (version libcublasLt.so.12): a library has the wrong"
                + " version", CudaFailure.reason(new UnsatisfiedLinkError("/usr/lib/libcublas.so.12: undefined symbol:"
                + " cublasLtMatmulAlgoInit, version libcublasLt.so.12")));
        assertEquals("glibc too old (GLIBC_2.34 needed)", CudaFailure.reason(new UnsatisfiedLinkError(
                "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/libJCudnn.so)")));
    }

    @Test
    void ourOwnReasonsPassThrough() {
        assertEquals("no CUDA device", CudaFailure.reason(new DeviceUnavailableException("no CUDA device")));
    }

    @Test
    void missingJcudaJarsSaySo() {
        String reason = CudaFailure.reason(new NoClassDefFoundError("jcuda/driver/JCudaDriver"));
        assertTrue(reason.startsWith("JCuda classes are not on the class path"), reason);
    }

    @Test
    void anythingElseIsOneShortLine() {
        String reason = CudaFailure.reason(new IllegalStateException("first line\nsecond line " + "x".repeat(500)));
        assertEquals("IllegalStateException: first line", reason);
        assertTrue(CudaFailure.reason(new RuntimeException("y".repeat(1000))).length() <= 200);
    }
}
