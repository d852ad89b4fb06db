package dev.blitz.backend;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real probe on whatever machine runs the tests: a CPU box here, the GPU machine in scripts/gpu-check. */
class BackendsTest {
    private static final Device GPU = Device.cuda(0);

    @Test
    void cpuIsAlwaysThere() {
        assertEquals(Device.CPU, Backends.of(Device.CPU).device());
        assertSame(Backends.of(Device.CPU), Backends.of(Device.CPU));
        assertTrue(Blitz.isAvailable(Device.CPU));
        assertNull(Blitz.unavailableReason(Device.CPU));
    }

    /** Without an override (the pom pins the tests' default to the CPU), CUDA when usable, else the CPU. */
    @Test
    void withoutOverrideTheChoiceFollowsWhetherCudaIsUsable() {
        DeviceChoice auto = DeviceChoice.choose(null, null, i -> Backends.availability(Device.cuda(i)));
        if (Blitz.isAvailable(GPU)) {
            assertEquals(GPU, auto.device());
            String version = "\\d+\\.\\d+\\.\\d+";
            String expected = "blitz: using cuda:0 \\(.+, cuDNN " + version + ", cuBLAS " + version + "\\)";
            assertTrue(auto.logLine().matches(expected), auto.logLine());
        } else {
            assertEquals(Device.CPU, auto.device());
            assertEquals("blitz: using cpu (CUDA not usable: " + Blitz.unavailableReason(GPU) + ")", auto.logLine());
        }
    }

    @Test
    void theDefaultDeviceIsTheChoiceOfTheCurrentOverride() {
        assertEquals(Backends.chooseNow().device(), Backends.defaultDevice());
    }

    @Test
    void withoutCudaTheReasonIsOneShortLine() {
        if (Blitz.isAvailable(GPU)) {
            assertNull(Blitz.unavailableReason(GPU));
            return;
        }
        String reason = Blitz.unavailableReason(GPU);
        assertFalse(reason.isBlank());
        assertFalse(reason.contains("\n"), reason);
        assertTrue(reason.length() <= 200, reason);
        // A machine without a driver (this project's CI) must say so, not print a JNI stack trace.
        if (!new java.io.File("/dev/nvidiactl").exists()) {
            assertTrue(reason.contains("libcuda.so.1 not found") || reason.contains("no CUDA device"), reason);
        }
    }

    @Test
    void askingForCudaByPropertyFailsWithTheReasonWhereItIsNotUsable() {
        String before = System.getProperty("blitz.device");
        System.setProperty("blitz.device", "cuda");
        try {
            if (Blitz.isAvailable(GPU)) {
                assertEquals(GPU, Backends.chooseNow().device());
            } else {
                var e = assertThrows(IllegalStateException.class, Backends::chooseNow);
                assertEquals("-Dblitz.device=cuda asks for cuda:0, but CUDA is not usable here: "
                        + Blitz.unavailableReason(GPU), e.getMessage());
            }
        } finally {
            if (before == null) {
                System.clearProperty("blitz.device");
            } else {
                System.setProperty("blitz.device", before);
            }
        }
    }

    @Test
    void tensorsCannotBeMadeOnAnUnusableDevice() {
        Device missing = Blitz.isAvailable(GPU) ? Device.cuda(99) : GPU;
        var e = assertThrows(IllegalStateException.class,
                () -> Tensor.of(new float[] {1, 2}, Shape.of(2), missing));
        assertEquals(missing + " is not usable: " + Blitz.unavailableReason(missing), e.getMessage());
    }
}
