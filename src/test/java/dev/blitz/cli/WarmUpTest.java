package dev.blitz.cli;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training command's warm-up runs while the data loads, so it must leave the training's state alone. */
class WarmUpTest {
    @Test
    void drawsNoRandomNumbers() {
        Blitz.manualSeed(11);
        float[] want = Tensor.rand(8).toFloatArray();
        Blitz.manualSeed(11);
        WarmUp.step();
        assertArrayEquals(want, Tensor.rand(8).toFloatArray(),
                "the warm-up drew from the default generator, which would change a seeded training run");
    }

    @Test
    void runsOnADaemonThreadOfItsOwnAndOnlyForTheCpu() throws InterruptedException {
        Thread warmUp = WarmUp.start(Device.CPU);
        assertTrue(warmUp.isDaemon(), "a warm-up thread must not keep the JVM alive");
        warmUp.join();
        assertNull(WarmUp.start(Device.cuda()), "a GPU is set up when the model moves there");
    }
}
