package dev.blitz.backend;

import dev.blitz.core.Device;

import java.util.function.IntFunction;

/**
 * The device new tensors go to when none is named, and a description that says why (the CUDA backend
 * describes itself as {@code cuda:0 (GPU name, library versions)}). CUDA when it is usable,
 * else the CPU; {@code -Dblitz.device} or {@code BLITZ_DEVICE} ({@code cpu}, {@code cuda}, {@code cuda:N})
 * overrides, and asking for CUDA where it is not usable is an error that says why.
 */
record DeviceChoice(Device device, String description) {
    static final String PROPERTY = "blitz.device";
    static final String ENV = "BLITZ_DEVICE";

    /** {@code property} and {@code env} are the override's values (null when unset); the property wins. */
    static DeviceChoice choose(String property, String env, IntFunction<BackendProvider.Availability> cuda) {
        boolean byProperty = property != null && !property.isBlank();
        String value = byProperty ? property.trim() : env == null || env.isBlank() ? null : env.trim();
        if (value == null) {
            BackendProvider.Availability o = cuda.apply(0);
            return o.usable() ? new DeviceChoice(Device.cuda(0), o.backend().toString())
                    : new DeviceChoice(Device.CPU, "cpu (CUDA not usable: " + o.reason() + ")");
        }
        String source = (byProperty ? "-D" + PROPERTY : ENV) + "=" + value;
        Device asked = parse(value, source);
        if (!asked.isCuda()) {
            return new DeviceChoice(Device.CPU, "cpu (asked by " + source + ")");
        }
        BackendProvider.Availability o = cuda.apply(asked.index());
        if (!o.usable()) {
            throw new DeviceUnavailableException(source + " asks for " + asked + ", but CUDA is not usable here: "
                    + o.reason());
        }
        return new DeviceChoice(asked, o.backend() + ", asked by " + source);
    }

    private static Device parse(String value, String source) {
        String v = value.toLowerCase(java.util.Locale.ROOT);
        if (v.equals("cpu")) {
            return Device.CPU;
        }
        if (v.equals("cuda")) {
            return Device.cuda(0);
        }
        if (v.matches("cuda:\\d{1,4}")) {
            return Device.cuda(Integer.parseInt(v.substring(5)));
        }
        throw new IllegalArgumentException(source + " is not a device: expected cpu, cuda or cuda:N (e.g. cuda:0)");
    }

    /**
     * E.g. {@code blitz: using cuda:0 (NVIDIA H200, cuDNN 9.14.0, cuBLAS 13.1.0)} or
     * {@code blitz: using cpu (CUDA not usable: libcuda.so.1 not found (no NVIDIA driver))}.
     */
    String logLine() {
        return "blitz: using " + description;
    }
}
