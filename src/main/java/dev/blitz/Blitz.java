package dev.blitz;

import dev.blitz.autograd.GradMode;
import dev.blitz.backend.Backends;
import dev.blitz.tensor.Device;
import dev.blitz.tensor.Generator;

/** Library-wide settings, as the {@code torch} namespace: seeding, no-grad scopes, the default device. */
public final class Blitz {
    private Blitz() {
    }

    /**
     * Seeds the default generator behind {@code Tensor.randn}/{@code rand} and parameter initialisation, as
     * {@code torch.manual_seed}.
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
     * The device tensors and modules are created on when none is named: CUDA when usable, else the CPU (see
     * {@link Backends#defaultDevice()} for the override).
     *
     * @return the default device, chosen once per JVM
     */
    public static Device defaultDevice() {
        return Backends.defaultDevice();
    }
}
