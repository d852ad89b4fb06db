package dev.blitz.backend;

import dev.blitz.backend.cpu.CpuBackend;
import dev.blitz.tensor.Device;

/** Finds the backend that owns a device's memory. */
public final class Backends {
    private Backends() {
    }

    public static Backend of(Device device) {
        if (device.isCuda()) {
            throw new IllegalStateException("CUDA backend is not available in this build; asked for " + device);
        }
        return CpuBackend.INSTANCE;
    }

    /** The device new tensors go to when none is named. */
    public static Device defaultDevice() {
        return Device.CPU;
    }
}
