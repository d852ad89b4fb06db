package dev.blitz.backend;

import dev.blitz.core.Device;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device-choice rules, with the CUDA probe replaced so both worlds are checked on any machine. */
class DeviceChoiceTest {
    private static final IntFunction<BackendProvider.Availability> NO_CUDA =
            i -> new BackendProvider.Availability(null, "libcuda.so.1 not found (no NVIDIA driver)");

    private static final IntFunction<BackendProvider.Availability> ONE_GPU = i -> i == 0
            ? new BackendProvider.Availability(describedAs("cuda:0 (NVIDIA H200, cuDNN 9.14.0, cuBLAS 13.1.0)"), null)
            : new BackendProvider.Availability(null, "cuda:" + i + " does not exist (1 CUDA device: cuda:0)");

    @Test
    void cudaWhenUsable() {
        DeviceChoice c = DeviceChoice.choose(null, null, ONE_GPU);
        assertEquals(Device.cuda(0), c.device());
        assertEquals("blitz: using cuda:0 (NVIDIA H200, cuDNN 9.14.0, cuBLAS 13.1.0)", c.logLine());
    }

    @Test
    void cpuOtherwiseSayingWhy() {
        DeviceChoice c = DeviceChoice.choose(null, "", NO_CUDA);
        assertEquals(Device.CPU, c.device());
        assertEquals("blitz: using cpu (CUDA not usable: libcuda.so.1 not found (no NVIDIA driver))", c.logLine());
    }

    @Test
    void cpuOnRequestEvenWithAGpu() {
        DeviceChoice c = DeviceChoice.choose(null, "cpu", ONE_GPU);
        assertEquals(Device.CPU, c.device());
        assertEquals("blitz: using cpu (asked by BLITZ_DEVICE=cpu)", c.logLine());
    }

    @Test
    void propertyWinsOverEnvironment() {
        assertEquals(Device.CPU, DeviceChoice.choose("CPU", "cuda", ONE_GPU).device());
        assertEquals(Device.cuda(0), DeviceChoice.choose("cuda:0", "cpu", ONE_GPU).device());
    }

    @Test
    void askingForCudaWhereThereIsNoneIsAnErrorThatSaysWhy() {
        var e = assertThrows(IllegalStateException.class, () -> DeviceChoice.choose(null, "cuda", NO_CUDA));
        assertEquals("BLITZ_DEVICE=cuda asks for cuda:0, but CUDA is not usable here: libcuda.so.1 not found"
                + " (no NVIDIA driver)", e.getMessage());
        var missing = assertThrows(IllegalStateException.class,
                () -> DeviceChoice.choose("cuda:3", null, ONE_GPU));
        assertTrue(missing.getMessage().contains("cuda:3 does not exist (1 CUDA device: cuda:0)"),
                missing.getMessage());
    }

    @Test
    void unknownValuesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose(null, "gpu", ONE_GPU));
        assertEquals("BLITZ_DEVICE=gpu is not a device: expected cpu, cuda or cuda:N (e.g. cuda:0)", e.getMessage());
    }

    /** A backend that only describes itself, which is all the choice looks at. */
    private static Backend describedAs(String description) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return description;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
