package dev.blitz.optim;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adagrad against torch.optim.Adagrad's algorithm as its documentation writes it, in float64, over 40 steps with
 * changing gradients, resumed from a state dict after step 20.
 */
class AdagradTest {
    private static final float[] START = {0.5f, -1.25f, 2f, 0f, -0.03f, 1e-3f};
    private static final int STEPS = 40;
    private static final int RESUME_AFTER = 20;

    private static float grad(int t, int i) {
        return (float) (Math.sin(1.3 * t + 0.7 * i) * Math.pow(10, (i % 3) - 1)) * (i == 3 && t % 2 == 0 ? 0 : 1);
    }

    /**
     * The documented algorithm: γ̃ = γ / (1 + (t - 1)η); g = grad (negated with maximize) + λθ;
     * sum = sum + g² (from τ, the initial accumulator value); θ -= γ̃ g / (√sum + ε).
     */
    private static double[] reference(double lr, double lrDecay, double wd, double initial, double eps,
                                      boolean maximize) {
        int n = START.length;
        double[] theta = new double[n];
        double[] sum = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = START[i];
            sum[i] = initial;
        }
        for (int t = 1; t <= STEPS; t++) {
            double clr = lr / (1 + (t - 1) * lrDecay);
            for (int i = 0; i < n; i++) {
                double g = maximize ? -grad(t, i) : grad(t, i);
                g += wd * theta[i];
                sum[i] += g * g;
                theta[i] -= clr * g / (Math.sqrt(sum[i]) + eps);
            }
        }
        return theta;
    }

    private static void run(Optimizer opt, Tensor p, int from, int to) {
        for (int t = from; t <= to; t++) {
            float[] g = new float[START.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = grad(t, i);
            }
            p.setGrad(Tensor.of(g, START.length));
            opt.step();
        }
    }

    @ParameterizedTest(name = "lr={0} lr_decay={1} wd={2} initial={3} eps={4} maximize={5}")
    @CsvSource({
            "0.01, 0, 0, 0, 1e-10, false",
            "0.1, 0.05, 0, 0, 1e-10, false",
            "0.05, 0, 0.1, 0.1, 1e-10, false",
            "0.1, 0.01, 0.02, 0.5, 1e-6, true"})
    void fortyStepsResumedHalfwayMatchTorchsAlgorithm(double lr, double lrDecay, double wd, double initial,
                                                       double eps, boolean maximize) {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adagrad first = Adagrad.builder(List.of(p), lr).lrDecay(lrDecay).weightDecay(wd)
                .initialAccumulatorValue(initial).eps(eps).maximize(maximize).build();
        run(first, p, 1, RESUME_AFTER);
        Map<String, Tensor> state = first.stateDict();
        assertEquals((float) RESUME_AFTER, state.get("state.0.step").item());

        Tensor q = Tensor.of(p.toFloatArray(), START.length).requiresGrad(true);
        Adagrad resumed = new Adagrad(List.of(q));
        resumed.loadStateDict(state);
        run(resumed, q, RESUME_AFTER + 1, STEPS);

        double[] expected = reference(lr, lrDecay, wd, initial, eps, maximize);
        float[] got = q.toFloatArray();
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
        double moved = 0;
        for (int i = 0; i < got.length; i++) {
            moved = Math.max(moved, Math.abs(expected[i] - START[i]));
        }
        assertTrue(moved > 1e-2, "the parameters moved " + moved + ", far more than the tolerance: a wrong rule shows");
        assertEquals(lrDecay, resumed.paramGroups().get(0).lrDecay(), "the hyper-parameters came with the state");
    }

    @Test
    void firstStepByHand() {
        Tensor p = Tensor.of(new float[] {1, -2}, 2).requiresGrad(true);
        Adagrad opt = Adagrad.builder(List.of(p), 0.5).initialAccumulatorValue(0.25).build();
        p.setGrad(Tensor.of(new float[] {0.5f, 3}, 2));
        opt.step();
        // sum = 0.25 + g²: 0.5 and 9.25; θ = θ - 0.5 g / √sum.
        assertEquals(1 - 0.5 * 0.5 / Math.sqrt(0.5), p.toFloatArray()[0], 1e-6);
        assertEquals(-2 - 0.5 * 3 / Math.sqrt(9.25), p.toFloatArray()[1], 1e-6);
        assertArrayEquals(new float[] {0.5f, 9.25f}, opt.stateDict().get("state.0.sum").toFloatArray());
    }

    @Test
    void aStateAtStepZeroAsPyTorchMakesItLoads() {
        // PyTorch's Adagrad has state (step 0, sum = initial value) before its first step.
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adagrad opt = Adagrad.builder(List.of(p), 0.1).initialAccumulatorValue(0.2).build();
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("state.0.step", Tensor.scalar(0));
        state.put("state.0.sum", Tensor.full(new int[] {6}, 0.2));
        opt.loadStateDict(state);
        Tensor q = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adagrad fresh = Adagrad.builder(List.of(q), 0.1).initialAccumulatorValue(0.2).build();
        run(opt, p, 1, 5);
        run(fresh, q, 1, 5);
        assertArrayEquals(q.toFloatArray(), p.toFloatArray());
    }

    @Test
    void defaultsAreTorchs() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adagrad.Group g = new Adagrad(List.of(p)).paramGroups().get(0);
        assertEquals(0.01, g.lr());
        assertEquals(0, g.lrDecay());
        assertEquals(0, g.weightDecay());
        assertEquals(0, g.initialAccumulatorValue());
        assertEquals(1e-10, g.eps());
        assertEquals(false, g.maximize());
        assertEquals(false, g.hasMomentumOrBeta1());
    }

    @Test
    void invalidValuesAreRefused() {
        List<Tensor> params = List.of(Tensor.ones(2).requiresGrad(true));
        assertEquals("Adagrad: invalid lr_decay value: -0.1 (expected a finite value >= 0)",
                assertThrows(IllegalArgumentException.class,
                        () -> Adagrad.builder(params, 0.01).lrDecay(-0.1).build()).getMessage());
        assertEquals("Adagrad: invalid initial_accumulator_value value: -1.0 (expected a finite value >= 0)",
                assertThrows(IllegalArgumentException.class,
                        () -> Adagrad.builder(params, 0.01).initialAccumulatorValue(-1).build()).getMessage());
    }
}
