package dev.blitz.backend.cpu;

import dev.blitz.backend.BackendProvider;
import dev.blitz.core.Device;

/** The CPU plug-in: its one backend is always there, unless its thread setting is wrong. */
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
        try {
            ThreadSetting.configured();
        } catch (IllegalArgumentException e) {
            return Availability.unavailable(e.getMessage());
        }
        return Availability.of(CpuBackend.INSTANCE);
    }
}
