package dev.blitz.backend.cuda;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/** What the gpu-tagged tests share: the device, and skipping where CUDA is not usable. */
public final class Gpu {
    public static final Device CUDA = Device.cuda(0);

    private Gpu() {
    }

    /**
     * Skips the calling test with the reason, e.g. "libcuda.so.1 not found"; with BLITZ_REQUIRE_GPU=1 (the GPU
     * image, docker/test) fails with it instead. Call it per test (@BeforeEach): surefire counts tests skipped
     * one by one, not a class skipped in @BeforeAll.
     */
    public static void assumeCuda() {
        if (Blitz.isAvailable(CUDA)) {
            return;
        }
        String why = "CUDA not usable here: " + Blitz.unavailableReason(CUDA);
        if ("1".equals(System.getenv("BLITZ_REQUIRE_GPU"))) {
            fail(why + " (BLITZ_REQUIRE_GPU=1)");
        }
        Assumptions.abort(why);
    }
}
