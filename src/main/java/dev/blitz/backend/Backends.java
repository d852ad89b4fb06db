package dev.blitz.backend;

import dev.blitz.backend.cpu.CpuBackend;
import dev.blitz.tensor.Device;

/** Finds the backend that owns a device's memory, and the device new tensors go to by default. */
public final class Backends {
    private static volatile DeviceChoice chosen;

    private Backends() {
    }

    /**
     * The backend that owns {@code device}'s memory, starting CUDA on first use.
     *
     * @param device the device
     * @return its backend
     * @throws DeviceUnavailableException if {@code device} is a CUDA device that cannot be used here, saying why
     */
    public static Backend of(Device device) {
        if (!device.isCuda()) {
            return CpuBackend.INSTANCE;
        }
        CudaSupport.Outcome o = CudaSupport.open(device.index());
        if (!o.usable()) {
            throw new DeviceUnavailableException(device + " is not usable: " + o.reason());
        }
        return o.backend();
    }

    /**
     * Whether tensors can live on {@code device} here (always on the CPU); {@link #unavailableReason} says why not.
     *
     * @param device the device
     * @return true if its backend starts
     */
    public static boolean isAvailable(Device device) {
        return !device.isCuda() || CudaSupport.open(device.index()).usable();
    }

    /**
     * Why {@code device} cannot be used here, e.g. {@code libcuda.so.1 not found}.
     *
     * @param device the device
     * @return the reason, or null when it can be used
     */
    public static String unavailableReason(Device device) {
        return device.isCuda() ? CudaSupport.open(device.index()).reason() : null;
    }

    /**
     * The device new tensors go to when none is named: CUDA when usable, else the CPU, chosen once and logged in
     * one line to standard error. {@code -Dblitz.device} or {@code BLITZ_DEVICE} = {@code cpu}, {@code cuda} or
     * {@code cuda:N} overrides (the property wins).
     *
     * @return the default device
     * @throws IllegalArgumentException if the override is not a device name
     * @throws DeviceUnavailableException if the override asks for CUDA where it is not usable, saying why
     */
    public static Device defaultDevice() {
        DeviceChoice c = chosen;
        return (c != null ? c : chooseOnce()).device();
    }

    private static synchronized DeviceChoice chooseOnce() {
        if (chosen == null) {
            DeviceChoice c = chooseNow();
            System.err.println(c.logLine());
            chosen = c;
        }
        return chosen;
    }

    /** The choice the current override and CUDA's state give, without remembering it (the CUDA probe is shared). */
    static DeviceChoice chooseNow() {
        return DeviceChoice.choose(System.getProperty(DeviceChoice.PROPERTY), System.getenv(DeviceChoice.ENV),
                CudaSupport::open);
    }
}
