package dev.blitz.backend;

import dev.blitz.backend.BackendProvider.Availability;
import dev.blitz.core.Device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend that owns a device's memory among the {@link BackendProvider} plug-ins, starts it once,
 * and keeps the device new tensors go to by default. The tensor layer's door to the backends: user code asks
 * {@code Blitz} instead.
 */
public final class Backends {
    private static final Map<Device, Availability> STARTED = new ConcurrentHashMap<>();
    private static final Map<Device, Backend> PLAIN = new ConcurrentHashMap<>();
    private static volatile DeviceChoice chosen;

    private Backends() {
    }

    /**
     * The backend that owns {@code device}'s memory, starting it on first use.
     *
     * @param device the device
     * @return its backend
     * @throws DeviceUnavailableException if {@code device} cannot be used here, saying why
     */
    public static Backend of(Device device) {
        Availability a = availability(device);
        if (!a.usable()) {
            throw new DeviceUnavailableException(device + " is not usable: " + a.reason());
        }
        return a.backend();
    }

    /**
     * Whether tensors can live on {@code device} here, starting its backend if need be.
     *
     * @param device the device
     * @return its backend, or why there is none; remembered for the JVM's life
     */
    public static Availability availability(Device device) {
        Availability a = STARTED.get(device);
        return a != null ? a : STARTED.computeIfAbsent(device, Backends::start);
    }

    private static Availability start(Device device) {
        List<String> failures = new ArrayList<>();
        for (var provider : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).stream()
                .toList()) {
            try {
                BackendProvider p = provider.get();
                if (p.deviceType() == device.type()) {
                    return p.open(device.index());
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.add(provider.type().getName() + ": " + e);
            }
        }
        return Availability.unavailable("no " + device.type().name().toLowerCase(java.util.Locale.ROOT)
                + " backend in this build" + (failures.isEmpty() ? "" : " (" + String.join("; ", failures) + ")"));
    }

    /**
     * Times every kernel call on {@code device} from now on, for benchmarks: tensors made afterwards reach its
     * backend through a timing proxy ({@link KernelProfile}); those made before keep the plain backend. Calling
     * it again returns a new profile wrapping the same backend.
     *
     * @param device a usable device
     * @return the profile that collects the times
     * @throws DeviceUnavailableException if {@code device} cannot be used here, saying why
     */
    public static synchronized KernelProfile profile(Device device) {
        Backend backend = PLAIN.computeIfAbsent(device, Backends::of);
        KernelProfile profile = new KernelProfile();
        STARTED.put(device, Availability.of(profile.wrap(backend)));
        return profile;
    }

    /**
     * The device new tensors go to when none is named: CUDA when usable, else the CPU, chosen once and logged in
     * one line to standard error, unless {@link #setDefaultDevice} chose first. {@code -Dblitz.device} or
     * {@code BLITZ_DEVICE} = {@code cpu}, {@code cuda} or {@code cuda:N} overrides (the property wins).
     *
     * @return the default device
     * @throws IllegalArgumentException if the override is not a device name
     * @throws DeviceUnavailableException if the override asks for CUDA where it is not usable, saying why
     */
    public static Device defaultDevice() {
        DeviceChoice c = chosen;
        return (c != null ? c : chooseOnce()).device();
    }

    /**
     * Makes {@code device} the default from now on, for every thread.
     *
     * @param device a usable device
     * @throws DeviceUnavailableException if {@code device} cannot be used here, saying why
     */
    public static synchronized void setDefaultDevice(Device device) {
        of(device);
        chosen = new DeviceChoice(device, device + " (set by Blitz.setDefaultDevice)");
    }

    private static synchronized DeviceChoice chooseOnce() {
        if (chosen == null) {
            DeviceChoice c = chooseNow();
            System.err.println(c.logLine());
            chosen = c;
        }
        return chosen;
    }

    /** The choice the current override and CUDA's state give, without remembering it. */
    static DeviceChoice chooseNow() {
        return DeviceChoice.choose(System.getProperty(DeviceChoice.PROPERTY), System.getenv(DeviceChoice.ENV),
                index -> availability(Device.cuda(index)));
    }
}
