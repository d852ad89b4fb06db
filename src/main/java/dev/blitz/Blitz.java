package dev.blitz;

import dev.blitz.autograd.GradMode;
import dev.blitz.backend.Backends;
import dev.blitz.tensor.Device;
import dev.blitz.tensor.Generator;

/** Library-wide settings, as the {@code torch} namespace: seeding, no-grad scopes, the default device. */
public final class Blitz {
    private Blitz() {
    }

    /** Seeds the default generator behind {@code Tensor.randn}/{@code rand} and parameter initialisation. */
    public static void manualSeed(long seed) {
        Generator.getDefault().manualSeed(seed);
    }

    /** {@code try (var g = Blitz.noGrad()) { ... }}: ops inside record no autograd history. */
    public static GradMode.Scope noGrad() {
        return GradMode.noGrad();
    }

    /** Where tensors and modules are created when no device is named. */
    public static Device defaultDevice() {
        return Backends.defaultDevice();
    }
}
