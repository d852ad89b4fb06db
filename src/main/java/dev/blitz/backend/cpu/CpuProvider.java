package dev.blitz.backend.cpu;

import dev.blitz.backend.BackendProvider;
import dev.blitz.core.Device;

/** The CPU plug-in: its one backend is always there. */
public final class CpuProvider implements BackendProvider {
    /** Made by {@link java.util.ServiceLoader}. */
    public CpuProvider() {
    }

    @Override
    public Device.Type deviceType() {
        return Device.Type.CPU;
    }

    @Override
    public Availability open(int index) {
        return Availability.of(CpuBackend.INSTANCE);
    }
}
