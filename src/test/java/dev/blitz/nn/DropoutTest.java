package dev.blitz.nn;

import dev.blitz.Blitz;
import dev.blitz.core.DType;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutTest {

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + i % 7;
        }
        return x;
    }

    @Test
    void trainingZeroesAboutPAndScalesTheRestByOneOverOneMinusP() {
        int n = 20000;
        float[] x = ramp(n);
        float[] y = new Dropout(0.3).forward(Tensor.of(x, n)).toFloatArray();
        float scale = 1f / 0.7f;
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] == 0) {
                zeros++;
            } else {
                assertEquals(x[i] * scale, y[i], 1e-6f * x[i], "element " + i);
            }
        }
        assertEquals(0.3, zeros / (double) n, 0.015);
    }

    @Test
    void theMaskIsBernoulliOneMinusPFromBlitzsGenerator() {
        Tensor x = Tensor.of(ramp(64), 8, 8);
        Blitz.manualSeed(7);
        Tensor y = F.dropout(x, 0.25, true);
        Blitz.manualSeed(7);
        Tensor keep = Tensor.ones(8, 8).bernoulli(0.75);
        assertArrayEquals(x.mul(keep).div(0.75).toFloatArray(), y.toFloatArray());
        Blitz.manualSeed(7);
        assertArrayEquals(y.toFloatArray(), F.dropout(x, 0.25, true).toFloatArray(), "the same seed, the same mask");
        assertFalse(Arrays.equals(y.toFloatArray(), F.dropout(x, 0.25, true).toFloatArray()));
    }

    @Test
    void theGradientIsTheScaledMask() {
        Tensor x = Tensor.of(ramp(100), 100).requiresGrad(true);
        Tensor y = F.dropout(x, 0.5, true);
        y.sum().backward();
        float[] out = y.toFloatArray();
        float[] grad = x.grad().toFloatArray();
        for (int i = 0; i < out.length; i++) {
            assertEquals(out[i] == 0 ? 0f : 2f, grad[i], "element " + i);
        }
    }

    @Test
    void evaluationAndPZeroPassTheInputThroughAndPOneGivesZeros() {
        Dropout dropout = new Dropout();
        Tensor x = Tensor.of(new float[] {1, Float.NaN, -2}, 3);
        dropout.eval();
        assertSame(x, dropout.forward(x));
        assertSame(x, F.dropout(x, 0, true));
        assertArrayEquals(new float[] {0, Float.NaN, -0f}, F.dropout(x, 1, true).toFloatArray(),
                "multiplied by 0, as PyTorch: NaN stays NaN");
        Tensor ints = Tensor.of(new long[] {1, 2, 3}, 3);
        assertSame(ints, F.dropout(ints, 0.5, false), "out of training any dtype passes, as in PyTorch");
    }

    @Test
    void printsAndRefusesAsPyTorch() {
        assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
        assertEquals("Dropout(p=0.2, inplace=False)", new Dropout(0.2).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.dropout(Tensor.zeros(2), -0.1, false));
        assertEquals("dropout probability has to be between 0 and 1, but got -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.dropout(Tensor.zeros(2).to(DType.INT64), 0.5));
        assertTrue(e.getMessage().startsWith("dropout: expected a floating point tensor as input, got torch.int64"),
                e.getMessage());
    }
}
