package dev.blitz.nn.utils;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient clipping against PyTorch's documented rule, in float64: the total norm is the norm of all gradient
 * elements together, and every gradient is multiplied by min(max_norm / (total + 1e-6), 1).
 */
class ClipGradTest {
    private static final float[] G1 = {3, -4, 0.5f, 12};
    private static final float[] G2 = {-1, 2, -2};

    private static List<Tensor> params() {
        Tensor a = Tensor.zeros(2, 2).requiresGrad(true);
        Tensor b = Tensor.zeros(3).requiresGrad(true);
        Tensor noGrad = Tensor.zeros(5).requiresGrad(true);
        a.setGrad(Tensor.of(G1.clone(), 2, 2));
        b.setGrad(Tensor.of(G2.clone(), 3));
        return List.of(a, noGrad, b);
    }

    private static double norm(double p) {
        double sum = 0;
        double max = 0;
        for (float[] g : new float[][] {G1, G2}) {
            for (float x : g) {
                sum += Math.pow(Math.abs(x), p);
                max = Math.max(max, Math.abs(x));
            }
        }
        return Double.isInfinite(p) ? max : Math.pow(sum, 1 / p);
    }

    private static void assertScaled(List<Tensor> params, double coef) {
        float[] a = params.get(0).grad().toFloatArray();
        float[] b = params.get(2).grad().toFloatArray();
        for (int i = 0; i < G1.length; i++) {
            assertEquals(G1[i] * coef, a[i], 1e-6 * Math.abs(G1[i]));
        }
        for (int i = 0; i < G2.length; i++) {
            assertEquals(G2[i] * coef, b[i], 1e-6 * Math.abs(G2[i]));
        }
    }

    @Test
    void scalesTheGradientsDownToMaxNorm() {
        List<Tensor> params = params();
        Tensor total = ClipGrad.clipGradNorm(params, 5.0);
        double expected = norm(2);
        assertEquals(expected, total.item(), 1e-5, "the norm before clipping");
        assertEquals(0, total.dim());
        assertScaled(params, 5.0 / (expected + 1e-6));
        assertNull(params.get(1).grad(), "a parameter without a gradient is skipped");
        double clipped = 0;
        for (Tensor p : List.of(params.get(0), params.get(2))) {
            for (float x : p.grad().toFloatArray()) {
                clipped += x * x;
            }
        }
        assertEquals(5.0, Math.sqrt(clipped), 1e-5);
    }

    @Test
    void leavesGradientsWithinMaxNormAsTheyAre() {
        List<Tensor> params = params();
        ClipGrad.clipGradNorm(params, 100);
        assertArrayEquals(G1, params.get(0).grad().toFloatArray(), "multiplied by exactly 1");
        assertArrayEquals(G2, params.get(2).grad().toFloatArray());
    }

    @Test
    void otherNormTypes() {
        List<Tensor> inf = params();
        Tensor total = ClipGrad.clipGradNorm(inf, 3, Double.POSITIVE_INFINITY);
        assertEquals(12, total.item(), "the largest |gradient|");
        assertScaled(inf, 3 / (12 + 1e-6));

        List<Tensor> one = params();
        total = ClipGrad.clipGradNorm(one, 10, 1);
        assertEquals(norm(1), total.item(), 1e-5);
        assertScaled(one, 10 / (norm(1) + 1e-6));
    }

    @Test
    void aNonFiniteNormIsAnErrorWhenAskedFor() {
        List<Tensor> params = params();
        params.get(2).setGrad(Tensor.of(new float[] {1, Float.NaN, 0}, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClipGrad.clipGradNorm(params, 1, 2, true));
        assertEquals("The total norm of order 2.0 for gradients from `parameters` is non-finite (nan), so it cannot be "
                + "clipped. To disable this error and scale the gradients by the non-finite norm anyway, pass "
                + "errorIfNonfinite = false", e.getMessage());
        assertArrayEquals(G1, params.get(0).grad().toFloatArray(), "nothing was scaled");
        assertTrue(Float.isNaN(ClipGrad.clipGradNorm(params, 1).item()), "without the check, the NaN norm is returned");
    }

    @Test
    void noGradientsGiveAZeroNorm() {
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        assertEquals(0f, ClipGrad.clipGradNorm(List.of(p), 1).item());
        assertNull(p.grad());
    }

    @Test
    void aNormComputedElsewhereClipsToo() {
        List<Tensor> params = params();
        Tensor total = ClipGrad.getTotalNorm(List.of(params.get(0).grad(), params.get(2).grad()), 2, false);
        assertEquals(norm(2), total.item(), 1e-5);
        ClipGrad.clipGradsWithNorm(params, 1, total);
        assertScaled(params, 1 / (norm(2) + 1e-6));
    }

    @Test
    void clipGradValueClampsEachElement() {
        List<Tensor> params = params();
        ClipGrad.clipGradValue(params, 2.5);
        assertArrayEquals(new float[] {2.5f, -2.5f, 0.5f, 2.5f}, params.get(0).grad().toFloatArray());
        assertArrayEquals(new float[] {-1, 2, -2}, params.get(2).grad().toFloatArray());
        assertEquals("clipGradValue: clip_value must be >= 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> ClipGrad.clipGradValue(params, -1)).getMessage());
    }

    @Test
    void clippingInATrainingStepRecordsNoHistory() {
        Tensor w = Tensor.of(new float[] {3, 4}, 2).requiresGrad(true);
        w.mul(w).sum().backward();
        ClipGrad.clipGradNorm(List.of(w), 1);
        assertNull(w.grad().gradFn());
        assertArrayEquals(new float[] {0.6f, 0.8f}, w.grad().toFloatArray(), 1e-6f);
    }
}
