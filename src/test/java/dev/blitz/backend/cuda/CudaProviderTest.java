package dev.blitz.backend.cuda;

import dev.blitz.backend.BackendProvider.Availability;
import dev.blitz.backend.Backends;
import dev.blitz.core.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The real CUDA probe on whatever machine runs the tests: a CPU box here, the GPU machine in scripts/gpu-check. */
class CudaProviderTest {
    /** JCuda's classes stay broken after a failed load; probing again must still find the same reason. */
    @Test
    void aFreshProbeAgreesWithTheFirst() {
        Availability first = Backends.availability(Device.cuda(0));
        Availability again = new CudaProvider().open(0);
        assertEquals(first.reason(), again.reason());
        assertSame(first.backend(), again.backend());
    }

    @Test
    void backendsFindsThisPlugIn() {
        Availability a = Backends.availability(Device.cuda(0));
        assertEquals(a.usable(), a.backend() instanceof CudaBackend, String.valueOf(a));
        if (!a.usable()) {
            assertFalse(a.reason().startsWith("no cuda backend"), a.reason());
        }
    }
}
