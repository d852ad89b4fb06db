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
 * Adam and AdamW against torch.optim's algorithm (the pseudo-code of its documentation, in double precision)
 * over several steps with changing gradients.
 */
class AdamTest {
    private static final float[] START = {0.5f, -1.25f, 2f, 0f, -0.03f, 1e-3f};
    private static final int STEPS = 6;

    /** Gradient of step t (1-based) for element i: varied signs and scales, one element sometimes zero. */
    private static float grad(int t, int i) {
        return (float) (Math.sin(1.3 * t + 0.7 * i) * Math.pow(10, (i % 3) - 1)) * (i == 3 && t % 2 == 0 ? 0 : 1);
    }

    /** torch.optim.Adam / AdamW as documented, in double. */
    private static double[] reference(double lr, double b1, double b2, double eps, double wd, boolean decoupled,
                                      boolean amsgrad, boolean maximize) {
        int n = START.length;
        double[] theta = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vMax = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = START[i];
        }
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < n; i++) {
                double g = maximize ? -grad(t, i) : grad(t, i);
                if (wd != 0) {
                    if (decoupled) {
                        theta[i] -= lr * wd * theta[i];
                    } else {
                        g += wd * theta[i];
                    }
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat;
                if (amsgrad) {
                    vMax[i] = Math.max(vMax[i], v[i]);
                    vHat = vMax[i] / (1 - Math.pow(b2, t));
                } else {
                    vHat = v[i] / (1 - Math.pow(b2, t));
                }
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return theta;
    }

    private static float[] run(Optimizer opt, Tensor p, int steps, int firstStep) {
        for (int t = firstStep; t < firstStep + steps; t++) {
            float[] g = new float[START.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = grad(t, i);
            }
            p.setGrad(Tensor.of(g, START.length));
            opt.step();
        }
        return p.toFloatArray();
    }

    @ParameterizedTest(name = "lr={0} betas=({1},{2}) eps={3} wd={4} adamw={5} amsgrad={6} maximize={7}")
    @CsvSource({
            "0.001, 0.9, 0.999, 1e-8, 0, false, false, false",
            "0.01, 0.8, 0.99, 1e-6, 0.1, false, false, false",
            "0.01, 0.9, 0.999, 1e-8, 0.05, true, false, false",
            "0.05, 0.5, 0.9, 1e-8, 0, false, true, false",
            "0.02, 0.9, 0.95, 1e-8, 0.01, true, true, true"})
    void matchesTorchsAlgorithm(float lr, double b1, double b2, float eps, float wd, boolean adamW, boolean amsgrad,
                                boolean maximize) {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adam.Builder builder = adamW ? AdamW.builder(List.of(p), lr) : Adam.builder(List.of(p), lr);
        Adam opt = builder.betas(b1, b2).eps(eps).weightDecay(wd).amsgrad(amsgrad).maximize(maximize).build();
        assertEquals(adamW ? AdamW.class : Adam.class, opt.getClass());
        float[] got = run(opt, p, STEPS, 1);
        double[] expected = reference(lr, b1, b2, eps, wd, adamW, amsgrad, maximize);
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 2e-6 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
        // The updates are not negligible: the test would notice a wrong rule.
        assertTrue(Math.abs(got[0] - START[0]) > lr, "parameter moved");
    }

    @Test
    void defaultsAreTorchs() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adam.Group adam = new Adam(List.of(p), 1e-3).paramGroups().get(0);
        assertEquals(1e-3, adam.lr());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(0, adam.weightDecay());
        assertEquals(0.01, new AdamW(List.of(p), 1e-3).paramGroups().get(0).weightDecay());
    }

    /** The per-parameter entries of a state dict ({@code state.*}), without the groups' hyper-parameters. */
    private static Map<String, Tensor> perParameter(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>(state);
        out.keySet().removeIf(k -> !k.startsWith("state."));
        return out;
    }

    @Test
    void stateDictRoundTripContinuesIdentically() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adam opt = Adam.builder(List.of(p), 0.01f).amsgrad(true).build();
        run(opt, p, 3, 1);
        Map<String, Tensor> state = opt.stateDict();
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                "param_groups.0.lr", "param_groups.0.betas", "param_groups.0.eps", "param_groups.0.weight_decay",
                "param_groups.0.amsgrad", "param_groups.0.maximize", "param_groups.0.params"),
                List.copyOf(state.keySet()));
        assertEquals(3f, state.get("state.0.step").item());

        Tensor q = Tensor.of(p.toFloatArray(), START.length).requiresGrad(true);
        Adam resumed = Adam.builder(List.of(q), 0.01f).amsgrad(true).build();
        resumed.loadStateDict(state);
        assertArrayEquals(run(opt, p, 3, 4), run(resumed, q, 3, 4), "same updates after loading the state");
    }

    @Test
    void sgdMomentumStateRoundTrip() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        SGD opt = SGD.builder(List.of(p), 0.1f).momentum(0.9f).build();
        assertTrue(perParameter(opt.stateDict()).isEmpty(), "no state before the first step");
        run(opt, p, 2, 1);
        Map<String, Tensor> state = opt.stateDict();
        assertEquals(List.of("state.0.momentum_buffer"), List.copyOf(perParameter(state).keySet()));

        Tensor q = Tensor.of(p.toFloatArray(), START.length).requiresGrad(true);
        SGD resumed = SGD.builder(List.of(q), 0.1f).momentum(0.9f).build();
        resumed.loadStateDict(state);
        assertArrayEquals(run(opt, p, 2, 3), run(resumed, q, 2, 3));

        // Without the buffer, the resumed optimizer would restart momentum: a different result.
        Tensor r = Tensor.of(q.toFloatArray(), START.length).requiresGrad(true);
        float[] fresh = run(SGD.builder(List.of(r), 0.1f).momentum(0.9f).build(), r, 1, 5);
        float[] continued = run(resumed, q, 1, 5);
        assertTrue(fresh[0] != continued[0], "the momentum buffer matters");
    }

    @Test
    void badStateIsRejectedWithEveryProblem() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adam opt = new Adam(List.of(p), 0.01f);
        Map<String, Tensor> bad = Map.of(
                "state.0.exp_avg", Tensor.zeros(5),
                "state.0.step", Tensor.scalar(1),
                "state.3.exp_avg", Tensor.zeros(6),
                "state.0.momentum_buffer", Tensor.zeros(6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(bad));
        String m = e.getMessage();
        assertTrue(m.contains("size mismatch for state.0.exp_avg") && m.contains("state.3.exp_avg")
                && m.contains("state.0.momentum_buffer") && m.contains("missing key \"state.0.exp_avg_sq\""), m);
        assertArrayEquals(START, p.toFloatArray(), "nothing changed");
        assertTrue(perParameter(opt.stateDict()).isEmpty(), "no state was loaded");
    }

    @Test
    void aStepThatIsNotACountIsRejectedBeforeAnythingLoads() {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Tensor q = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Adam opt = new Adam(List.of(p, q), 0.01f);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            state.put("state." + i + ".step", Tensor.scalar(i == 0 ? 3 : -2.5f));
            state.put("state." + i + ".exp_avg", Tensor.zeros(6));
            state.put("state." + i + ".exp_avg_sq", Tensor.zeros(6));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(state));
        assertTrue(e.getMessage().contains("state.1.step = -2.5 is not a step count"), e.getMessage());
        assertTrue(perParameter(opt.stateDict()).isEmpty(), "parameter 0's valid state was not loaded either");
    }
}
