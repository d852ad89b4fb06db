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
 * RMSprop against torch.optim.RMSprop's algorithm as its documentation writes it, in float64, over 40 steps with
 * changing gradients, resumed from a state dict after step 20.
 */
class RMSpropTest {
    private static final float[] START = {0.5f, -1.25f, 2f, 0f, -0.03f, 1e-3f};
    private static final int STEPS = 40;
    private static final int RESUME_AFTER = 20;

    /** Gradient of step t (1-based) for element i: varied signs and scales, one element sometimes zero. */
    private static float grad(int t, int i) {
        return (float) (Math.sin(1.3 * t + 0.7 * i) * Math.pow(10, (i % 3) - 1)) * (i == 3 && t % 2 == 0 ? 0 : 1);
    }

    /**
     * The documented algorithm: g = grad (negated with maximize, as PyTorch's code does first) + λθ;
     * v = αv + (1 - α)g²; centered: ḡ = αḡ + (1 - α)g, ṽ = v - ḡ²; μ > 0: b = μb + g / (√ṽ + ε), θ -= γb;
     * else θ -= γg / (√ṽ + ε).
     */
    private static double[] reference(double lr, double alpha, double eps, double wd, double momentum,
                                      boolean centered, boolean maximize) {
        int n = START.length;
        double[] theta = new double[n];
        double[] v = new double[n];
        double[] gAvg = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = START[i];
        }
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < n; i++) {
                double g = maximize ? -grad(t, i) : grad(t, i);
                g += wd * theta[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                double vTilde = v[i];
                if (centered) {
                    gAvg[i] = alpha * gAvg[i] + (1 - alpha) * g;
                    vTilde -= gAvg[i] * gAvg[i];
                }
                double step = g / (Math.sqrt(vTilde) + eps);
                if (momentum > 0) {
                    b[i] = momentum * b[i] + step;
                    step = b[i];
                }
                theta[i] -= lr * step;
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

    private static RMSprop build(Tensor p, double lr, double alpha, double eps, double wd, double momentum,
                                 boolean centered, boolean maximize) {
        return RMSprop.builder(List.of(p), lr).alpha(alpha).eps(eps).weightDecay(wd).momentum(momentum)
                .centered(centered).maximize(maximize).build();
    }

    @ParameterizedTest(name = "lr={0} alpha={1} eps={2} wd={3} momentum={4} centered={5} maximize={6}")
    @CsvSource({
            "0.01, 0.99, 1e-8, 0, 0, false, false",
            "0.01, 0.9, 1e-6, 0, 0.9, false, false",
            "0.005, 0.99, 1e-8, 0, 0, true, false",
            "0.002, 0.95, 1e-8, 0.1, 0.5, true, false",
            "0.01, 0.3, 1e-8, 0.05, 0, false, true",
            "0.003, 0.8, 1e-4, 0, 0.7, true, true"})
    void fortyStepsResumedHalfwayMatchTorchsAlgorithm(double lr, double alpha, double eps, double wd,
                                                       double momentum, boolean centered, boolean maximize) {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        RMSprop first = build(p, lr, alpha, eps, wd, momentum, centered, maximize);
        run(first, p, 1, RESUME_AFTER);
        Map<String, Tensor> state = first.stateDict();

        Tensor q = Tensor.of(p.toFloatArray(), START.length).requiresGrad(true);
        RMSprop resumed = new RMSprop(List.of(q));
        resumed.loadStateDict(state);
        run(resumed, q, RESUME_AFTER + 1, STEPS);

        double[] expected = reference(lr, alpha, eps, wd, momentum, centered, maximize);
        float[] got = q.toFloatArray();
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 2e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
        double moved = 0;
        for (int i = 0; i < got.length; i++) {
            moved = Math.max(moved, Math.abs(expected[i] - START[i]));
        }
        assertTrue(moved > 1e-2, "the parameters moved " + moved + ", far more than the tolerance: a wrong rule shows");
        assertEquals(lr, resumed.paramGroups().get(0).lr(), "the hyper-parameters came with the state");
    }

    @Test
    void stateHasPyTorchsKeys() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        RMSprop opt = RMSprop.builder(List.of(p), 0.01).momentum(0.9).centered(true).build();
        run(opt, p, 1, 3);
        Map<String, Tensor> state = opt.stateDict();
        assertEquals(List.of("state.0.step", "state.0.square_avg", "state.0.momentum_buffer", "state.0.grad_avg",
                "param_groups.0.lr", "param_groups.0.momentum", "param_groups.0.alpha", "param_groups.0.eps",
                "param_groups.0.centered", "param_groups.0.weight_decay", "param_groups.0.maximize",
                "param_groups.0.params"), List.copyOf(state.keySet()));
        assertEquals(3f, state.get("state.0.step").item());
        // After three steps from zero: square_avg = 0.01 * (0.99² g1² + 0.99 g2² + g3²).
        double g1 = grad(1, 0);
        double g2 = grad(2, 0);
        double g3 = grad(3, 0);
        assertEquals(0.01 * (0.99 * 0.99 * g1 * g1 + 0.99 * g2 * g2 + g3 * g3),
                state.get("state.0.square_avg").toFloatArray()[0], 1e-7);
    }

    @Test
    void defaultsAreTorchs() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        RMSprop.Group g = new RMSprop(List.of(p)).paramGroups().get(0);
        assertEquals(0.01, g.lr());
        assertEquals(0.99, g.alpha());
        assertEquals(1e-8, g.eps());
        assertEquals(0, g.weightDecay());
        assertEquals(0, g.momentum());
        assertEquals(false, g.centered());
        assertEquals(false, g.maximize());
    }

    @Test
    void momentumTurnedOnLaterStartsFromAZeroBuffer() {
        Tensor p = Tensor.of(new float[] {1}, 1).requiresGrad(true);
        RMSprop opt = new RMSprop(List.of(p), 0.1);
        p.setGrad(Tensor.of(new float[] {2}, 1));
        opt.step();
        opt.paramGroups().get(0).setMomentum(0.5);
        p.setGrad(Tensor.of(new float[] {2}, 1));
        opt.step();
        // v1 = 0.01 * 4, θ1 = 1 - 0.1 * 2 / (0.2 + 1e-8); v2 = 0.99 v1 + 0.04, b = 0 * 0.5 + 2 / (√v2 + 1e-8).
        double theta1 = 1 - 0.1 * 2 / (0.2 + 1e-8);
        double v2 = 0.99 * 0.04 + 0.04;
        assertEquals(theta1 - 0.1 * 2 / (Math.sqrt(v2) + 1e-8), p.toFloatArray()[0], 1e-6);
        assertTrue(opt.stateDict().containsKey("state.0.momentum_buffer"));
    }

    @Test
    void invalidValuesAreRefused() {
        List<Tensor> params = List.of(Tensor.ones(2).requiresGrad(true));
        assertEquals("RMSprop: invalid alpha value: -0.5 (expected a finite value >= 0)",
                assertThrows(IllegalArgumentException.class,
                        () -> RMSprop.builder(params, 0.01).alpha(-0.5).build()).getMessage());
        assertEquals("RMSprop: invalid epsilon value: NaN (expected a finite value >= 0)",
                assertThrows(IllegalArgumentException.class,
                        () -> RMSprop.builder(params, 0.01).eps(Double.NaN).build()).getMessage());
        RMSprop opt = new RMSprop(params);
        assertEquals("RMSprop: invalid momentum value: -1.0 (expected a finite value >= 0)",
                assertThrows(IllegalArgumentException.class,
                        () -> opt.paramGroups().get(0).setMomentum(-1)).getMessage());
        assertEquals(0, opt.paramGroups().get(0).momentum(), "a rejected value changes nothing");
    }

    @Test
    void aSavedStepThatIsNotACountIsRefused() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        RMSprop opt = new RMSprop(List.of(p));
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("state.0.step", Tensor.scalar(0.5));
        state.put("state.0.square_avg", Tensor.zeros(6));
        String m = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(state)).getMessage();
        assertTrue(m.contains("state.0.step = 0.5 is not a step count (expected a whole number >= 1)"), m);
        assertArrayEquals(START, p.toFloatArray());
    }
}
