package dev.blitz.autograd;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
}
