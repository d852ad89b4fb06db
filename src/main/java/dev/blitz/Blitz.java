package dev.blitz;

import dev.blitz.backend.Backends;
import dev.blitz.backend.DeterministicAlgorithms;
import dev.blitz.core.Device;
import dev.blitz.tensor.AnomalyMode;
import dev.blitz.tensor.Generator;
import dev.blitz.tensor.GradMode;

import java.io.IOException;
import java.nio.file.Path;

/** Library-wide settings, as the {@code torch} namespace: seeding, no-grad scopes, the default device. */
public final class Blitz {
    private Blitz() {
    }

    /**
     * Seeds the default generator behind {@code Tensor.randn}/{@code rand}, the in-place samplers and parameter
     * initialisation, as {@code torch.manual_seed}: what they draw next is what PyTorch's CPU draws after the same
     * seed.
     *
     * @param seed the new seed
     */
    public static void manualSeed(long seed) {
        Generator.getDefault().manualSeed(seed);
    }

    /**
     * Turns off autograd recording on this thread until the returned scope closes, as {@code torch.no_grad()}:
     * {@code try (var g = Blitz.noGrad()) { ... }}.
     *
     * @return the scope that restores the previous mode when closed
     */
    public static GradMode.Scope noGrad() {
        return GradMode.noGrad();
    }

    /**
     * Turns on anomaly detection on this thread until the scope closes, as {@code torch.autograd.detect_anomaly()}:
     * the first op whose forward output or backward gradient holds NaN or infinity throws, naming the op, its
     * shapes and where its forward was called. {@code try (var a = Blitz.detectAnomaly()) { ... }}; slow (every
     * result is read back), for finding where a NaN starts.
     *
     * @return the scope that restores the previous mode when closed
     */
    public static GradMode.Scope detectAnomaly() {
        return AnomalyMode.detect();
    }

    /**
     * The device tensors and modules are created on when none is named, as {@code torch.get_default_device()}:
     * CUDA when usable, else the CPU, chosen once and said in one line on standard error.
     * {@code -Dblitz.device} or {@code BLITZ_DEVICE} = {@code cpu}, {@code cuda} or {@code cuda:N} overrides
     * that choice (the property wins), and so does {@link #setDefaultDevice}.
     *
     * @return the default device
     * @throws IllegalArgumentException if the override is not a device name
     * @throws IllegalStateException if the override asks for CUDA where it is not usable, saying why
     */
    public static Device defaultDevice() {
        return Backends.defaultDevice();
    }

    /**
     * Makes {@code device} the default from now on, as {@code torch.set_default_device}.
     *
     * @param device a usable device
     * @throws IllegalStateException if {@code device} cannot be used here, saying why
     */
    public static void setDefaultDevice(Device device) {
        Backends.setDefaultDevice(device);
    }

    /**
     * Whether tensors can live on {@code device} here, as {@code torch.cuda.is_available()}; starts its backend
     * on first use. The CPU can unless its settings are wrong ({@code BLITZ_THREADS=0}).
     *
     * @param device the device
     * @return true if its backend started
     */
    public static boolean isAvailable(Device device) {
        return Backends.availability(device).usable();
    }

    /**
     * Why tensors cannot live on {@code device} here, e.g. {@code libcuda.so.1 not found (no NVIDIA driver)}.
     *
     * @param device the device
     * @return the reason in a few words, or null when it can be used
     */
    public static String unavailableReason(Device device) {
        return Backends.availability(device).reason();
    }

    /**
     * The backend of {@code device} in one line, e.g. {@code cpu (2 threads, Vector API)} or
     * {@code cuda:0 (NVIDIA H200, cuDNN 9.14.0, cuBLAS 13.1.0)}.
     *
     * @param device a usable device
     * @return its description
     * @throws IllegalStateException if {@code device} cannot be used here, saying why
     */
    public static String describe(Device device) {
        return Backends.of(device).toString();
    }

    /**
     * Restricts every op to algorithms that give the same bits from run to run for one seed, as
     * {@code torch.use_deterministic_algorithms}: on CUDA, cuDNN's convolutions use the lowest-numbered algorithm
     * that cuDNN reports deterministic, whatever the timings (Blitz's own CUDA kernels and the CPU backend, for a
     * fixed thread count, are deterministic anyway). An op with no deterministic version throws
     * {@link IllegalStateException} saying so. Off by default: the fastest algorithms are chosen by timing.
     *
     * @param on whether only deterministic algorithms may run
     */
    public static void useDeterministicAlgorithms(boolean on) {
        DeterministicAlgorithms.set(on);
    }

    /**
     * Whether {@link #useDeterministicAlgorithms} is on, as {@code torch.are_deterministic_algorithms_enabled()}.
     *
     * @return true when only deterministic algorithms may run
     */
    public static boolean areDeterministicAlgorithmsEnabled() {
        return DeterministicAlgorithms.enabled();
    }

    /**
     * Saves the convolution algorithms {@code device} has chosen so far (each chosen on first use by timing
     * cuDNN's candidates) to a small text file, so that a later process loads them with
     * {@link #loadAlgorithmCache} instead of searching again, and runs the same algorithms. The file names the
     * GPU, driver and cuDNN it was made with. The CPU chooses no algorithms: nothing is written there.
     *
     * @param device the device whose choices to save
     * @param file where; replaced only once the new file is complete
     * @return how many choices were saved
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if {@code device} cannot be used here, saying why
     */
    public static int saveAlgorithmCache(Device device, Path file) throws IOException {
        return Backends.of(device).saveAlgorithmCache(file);
    }

    /**
     * Loads the choices {@link #saveAlgorithmCache} saved. A file made on another GPU, driver or cuDNN version
     * loads nothing (one line on standard error says so) and the algorithms are searched for again.
     *
     * @param device the device to give the choices to
     * @param file a file {@link #saveAlgorithmCache} wrote
     * @return how many choices were loaded
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not an algorithm cache file, naming the line
     * @throws IllegalStateException if {@code device} cannot be used here, saying why
     */
    public static int loadAlgorithmCache(Device device, Path file) throws IOException {
        return Backends.of(device).loadAlgorithmCache(file);
    }
}
