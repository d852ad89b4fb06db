package dev.blitz.tensor;

import dev.blitz.backend.Buffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradModeTest {

    @Test
    void noGradScopeRecordsNothingAndRestoresRecordingOnClose() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        try (var g = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            Tensor y = x.mul(2f).add(x);
            assertNull(y.gradFn());
            assertFalse(y.requiresGrad());
        }
        assertTrue(GradMode.isEnabled());
        assertNotNull(x.mul(2f).gradFn());
    }

    @Test
    void scopesNestAndEachRestoresWhatWasBefore() {
        try (var outer = GradMode.noGrad()) {
            try (var inner = GradMode.enableGrad()) {
                assertTrue(GradMode.isEnabled());
                assertNotNull(Tensor.ones(2).requiresGrad(true).mul(3f).gradFn());
            }
            assertFalse(GradMode.isEnabled());
            try (var again = GradMode.noGrad()) {
                assertFalse(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void modeIsPerThread() throws Exception {
        try (var g = GradMode.noGrad()) {
            assertTrue(CompletableFuture.supplyAsync(GradMode::isEnabled).get());
        }
    }

    @Test
    void inPlaceUpdatesOfParametersNeedANoGradScope() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        Tensor step = Tensor.of(new float[] {0.5f, 0.25f}, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.subInPlace(step));
        assertTrue(e.getMessage().contains("subInPlace") && e.getMessage().contains("noGrad"), e.getMessage());
        try (var g = GradMode.noGrad()) {
            w.subInPlace(step);
        }
        assertArrayEquals(new float[] {0.5f, 0.75f}, w.toFloatArray());
    }

    @Test
    void opsUnderNoGradHoldNoMemoryOnceTheirResultIsClosed() {
        Tensor x = Tensor.of(new float[] {-1, 2, -3, 4}, 4).requiresGrad(true);
        var memory = x.backend();
        Buffer kept;
        try (var g = GradMode.noGrad()) {
            Tensor y = x.relu();
            kept = y.buffer();
            y.close();
        }
        // Nothing saved a view of y for a backward that cannot happen, so closing y gave its memory back.
        assertThrows(IllegalStateException.class, () -> memory.read(kept, 0));

        Tensor z = x.relu();
        Tensor zs = z.sum();
        Buffer saved = z.buffer();
        z.close();
        assertEquals(2f, memory.read(saved, 1), "a recorded op keeps its output for backward");
        zs.backward();
        assertThrows(IllegalStateException.class, () -> memory.read(saved, 0));
    }
}
