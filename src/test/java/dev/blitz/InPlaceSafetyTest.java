package dev.blitz;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.nn.F;
import dev.blitz.nn.Linear;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory that an op kept for backward and that changed in place before backward ran gives PyTorch's error, not
 * a gradient computed from the new values; and anomaly detection finds the first op that makes a NaN.
 */
class InPlaceSafetyTest {
    private static Tensor vector(float... values) {
        return Tensor.of(values, Shape.of(values.length), Device.CPU);
    }

    @Test
    void aFactorChangedAfterTheForwardIsRefusedAtBackward() {
        Tensor x = vector(1, 1, 1).requiresGrad(true);
        Tensor w = vector(1, 2, 3);
        Tensor y = x.mul(w);
        w.fillInPlace(5);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("one of the variables needed for gradient computation has been modified by an inplace "
                + "operation: [torch.FloatTensor [3]], saved by MulBackward0 for its backward, is at version 1; "
                + "expected version 0 instead. Hint: it was changed in place (fillInPlace, copyFrom, an optimizer's "
                + "step, ...) between the forward and backward; do that after backward, or on a copy",
                e.getMessage());
    }

    @Test
    void aReluOutputChangedUnderNoGradIsRefusedAtBackward() {
        Tensor x = vector(-1, 2, 3).requiresGrad(true);
        Tensor y = x.relu();
        try (var noGrad = Blitz.noGrad()) {
            y.fillInPlace(0);
        }
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("saved by ReluBackward0"), e.getMessage());
    }

    @Test
    void anOptimizerStepBetweenForwardAndBackwardIsRefused() {
        Blitz.manualSeed(0);
        Linear fc = new Linear(4, 2);
        SGD optimizer = new SGD(fc.parameters(), 0.1f);
        F.mseLoss(fc.forward(Tensor.ones(3, 4)), Tensor.zeros(3, 2)).backward();
        optimizer.zeroGrad();
        Tensor loss = F.mseLoss(fc.forward(Tensor.ones(3, 4)), Tensor.zeros(3, 2));
        optimizer.step(); // the ordering bug: the step uses the previous gradients and changes the weights
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("[torch.FloatTensor [2, 4]], saved by AddmmBackward0"), e.getMessage());
    }

    @Test
    void theUsualLoopChangesParametersOnlyAfterBackward() {
        Blitz.manualSeed(0);
        Linear fc = new Linear(4, 2);
        SGD optimizer = new SGD(fc.parameters(), 0.1f);
        int before = fc.parameters().get(0).version();
        for (int step = 0; step < 3; step++) {
            optimizer.zeroGrad();
            F.mseLoss(fc.forward(Tensor.ones(3, 4)), Tensor.zeros(3, 2)).backward();
            optimizer.step();
        }
        assertEquals(before + 3, fc.parameters().get(0).version());
    }

    @Test
    void aViewSharesItsBasesVersion() {
        Tensor base = vector(1, 2, 3, 4);
        Tensor view = base.view(2, 2);
        view.fillInPlace(0);
        assertEquals(1, base.version());
        assertArrayEquals(new float[] {0, 0, 0, 0}, base.toFloatArray());
    }

    @Test
    void anomalyDetectionNamesTheForwardOpThatMadeANaN() {
        Tensor a = vector(0, 1).requiresGrad(true);
        Tensor b = vector(0, 2);
        try (var anomaly = Blitz.detectAnomaly()) {
            var e = assertThrows(IllegalStateException.class, () -> a.div(b));
            assertEquals("detectAnomaly: the forward of DivBackward0 (inputs: [2] a leaf that requires grad,"
                    + " [2] a leaf) produced NaN in its output of shape [2] (element 0)", e.getMessage());
        }
        a.div(b); // outside the scope: NaN is a value like any other
    }

    @Test
    void anomalyDetectionNamesTheBackwardThatMadeANaNAndWhereItsForwardRan() {
        Tensor x = vector(1, 2).requiresGrad(true);
        try (var anomaly = Blitz.detectAnomaly()) {
            Tensor y = x.mul(3);
            var e = assertThrows(IllegalStateException.class, () -> y.backward(vector(1, Float.NaN)));
            assertTrue(e.getMessage().startsWith("detectAnomaly: MulBackward0 returned NaN in its gradient for input"
                    + " 0 of shape [2] (element 1); the forward op was called at dev.blitz.InPlaceSafetyTest."),
                    e.getMessage());
        }
    }
}
