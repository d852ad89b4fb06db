package dev.blitz.optim;

import dev.blitz.core.DType;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter groups, as PyTorch's {@code optimizer.param_groups}: own values, defaults, and the state dict. */
class ParamGroupTest {
    private static Tensor param(float... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    private static void setGrad(Tensor p, float... g) {
        p.setGrad(Tensor.of(g, g.length));
    }

    @Test
    void eachGroupStepsWithItsOwnValues() {
        Tensor body = param(1, 2);
        Tensor head = param(3);
        SGD sgd = SGD.builder(List.of(body), 0.1).momentum(0.9)
                .group(List.of(head), g -> g.setLr(0.01).setMomentum(0))
                .build();
        assertEquals(2, sgd.paramGroups().size());
        assertEquals(0.9, sgd.paramGroups().get(0).momentum());
        assertEquals(0.01, sgd.paramGroups().get(1).lr());
        assertEquals(0, sgd.paramGroups().get(1).momentum());

        for (int step = 0; step < 2; step++) {
            setGrad(body, 1, -1);
            setGrad(head, 2);
            sgd.step();
        }
        // body: buffers 1 then 0.9 + 1 = 1.9; θ = 1 - 0.1 * (1 + 1.9). head: θ = 3 - 2 * 0.01 * 2.
        assertArrayEquals(new float[] {1 - 0.1f * 2.9f, 2 + 0.1f * 2.9f}, body.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {3 - 0.04f}, head.toFloatArray(), 1e-6f);
    }

    @Test
    void addedGroupsStartFromTheDefaults() {
        Tensor a = param(1);
        Tensor b = param(1);
        Tensor c = param(1);
        Adam adam = Adam.builder(List.of(a), 1e-3).betas(0.8, 0.99).weightDecay(0.1).build();
        adam.addParamGroup(List.of(b));
        adam.addParamGroup(List.of(c), g -> g.setLr(0.5).setBetas(0.5, 0.9));
        List<Adam.Group> groups = adam.paramGroups();
        assertEquals(1e-3, groups.get(1).lr());
        assertEquals(0.8, groups.get(1).beta1());
        assertEquals(0.1, groups.get(1).weightDecay());
        assertEquals(0.5, groups.get(2).lr());
        assertEquals(0.9, groups.get(2).beta2());
        assertEquals(0.1, groups.get(2).weightDecay(), "values not set by the options are the defaults");
        assertEquals(List.of(c), groups.get(2).params());
    }

    @Test
    void aNewLearningRateTakesEffectAtTheNextStep() {
        Tensor p = param(1);
        SGD sgd = new SGD(List.of(p), 0.1);
        setGrad(p, 1);
        sgd.step();
        sgd.paramGroups().get(0).setLr(0.5);
        sgd.step();
        assertArrayEquals(new float[] {1 - 0.1f - 0.5f}, p.toFloatArray(), 1e-6f);
    }

    @Test
    void aParameterInTwoGroupsIsRefused() {
        Tensor shared = Tensor.ones(2, 3).requiresGrad(true);
        SGD sgd = new SGD(List.of(param(1), shared), 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.addParamGroup(List.of(shared)));
        assertEquals("SGD got the same parameter (shape [2, 3]) in parameter groups 0 and 1; some parameters appear "
                + "in more than one parameter group", e.getMessage());
        assertEquals(1, sgd.paramGroups().size(), "nothing was added");
    }

    @Test
    void aRejectedValueLeavesTheGroupAsItWas() {
        SGD sgd = new SGD(List.of(param(1)), 0.1);
        SGD.Group g = sgd.paramGroups().get(0);
        assertEquals("SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum=0.0, "
                + "dampening=0.0", assertThrows(IllegalArgumentException.class, () -> g.setNesterov(true)).getMessage());
        assertFalse(g.nesterov());
        assertEquals("SGD: invalid learning rate: NaN (expected a finite value >= 0)",
                assertThrows(IllegalArgumentException.class, () -> g.setLr(Double.NaN)).getMessage());
        assertEquals(0.1, g.lr());
        assertThrows(UnsupportedOperationException.class, () -> sgd.paramGroups().remove(0));
    }

    @Test
    void aNegativeLearningRateIsRefusedWhenAGroupIsMadeOnly() {
        SGD sgd = new SGD(List.of(param(1)), 0.1);
        assertEquals("SGD: invalid learning rate: -0.5 (expected a finite value >= 0)", assertThrows(
                IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(param(2)), g -> g.setLr(-0.5)))
                .getMessage());
        // PyTorch checks the sign in the constructor only: a schedule may end just below zero.
        sgd.paramGroups().get(0).setLr(-1e-6);
        assertEquals(-1e-6, sgd.paramGroups().get(0).lr());
    }

    @Test
    void momentumOrBeta1IsWhatOneCycleCycles() {
        SGD.Group sgd = SGD.builder(List.of(param(1)), 0.1).momentum(0.9).build().paramGroups().get(0);
        Adam.Group adam = new Adam(List.of(param(1)), 0.1).paramGroups().get(0);
        assertEquals(0.9, sgd.momentumOrBeta1());
        sgd.setMomentumOrBeta1(0.85);
        assertEquals(0.85, sgd.momentum());
        assertEquals(0.9, adam.momentumOrBeta1());
        adam.setMomentumOrBeta1(0.95);
        assertEquals(0.95, adam.beta1());
        assertEquals(0.999, adam.beta2(), "beta2 stays");
    }

    @Test
    void theStateDictHoldsEachGroupsValuesAndParameters() {
        Tensor a = param(1, 2);
        Tensor b = param(3);
        Tensor c = param(4);
        SGD sgd = SGD.builder(List.of(a, b), 0.1).momentum(0.9).group(List.of(c), g -> g.setLr(0.01)).build();
        sgd.paramGroups().get(1).setInitialLr(0.02);
        Map<String, Tensor> state = sgd.stateDict();
        assertEquals(List.of("param_groups.0.lr", "param_groups.0.momentum", "param_groups.0.dampening",
                "param_groups.0.weight_decay", "param_groups.0.nesterov", "param_groups.0.maximize",
                "param_groups.0.params", "param_groups.1.lr", "param_groups.1.momentum", "param_groups.1.dampening",
                "param_groups.1.weight_decay", "param_groups.1.nesterov", "param_groups.1.maximize",
                "param_groups.1.initial_lr", "param_groups.1.params"), List.copyOf(state.keySet()));
        assertEquals(DType.FLOAT64, state.get("param_groups.1.lr").dtype());
        assertEquals(0.01, state.get("param_groups.1.lr").itemDouble(), "float64: the exact double");
        assertEquals(DType.BOOL, state.get("param_groups.0.nesterov").dtype());
        assertArrayEquals(new long[] {0, 1}, state.get("param_groups.0.params").toLongArray());
        assertArrayEquals(new long[] {2}, state.get("param_groups.1.params").toLongArray());
        assertEquals(0.02, state.get("param_groups.1.initial_lr").itemDouble());
    }

    @Test
    void loadingRestoresTheGroupsValues() {
        Tensor a = param(1);
        Tensor b = param(2);
        Adam saved = Adam.builder(List.of(a), 1e-3).group(List.of(b), g -> g.setAmsgrad(true)).build();
        saved.paramGroups().get(0).setLr(0.04).setInitialLr(1e-3);
        saved.paramGroups().get(1).setBetas(0.5, 0.75);
        setGrad(a, 1);
        setGrad(b, 1);
        saved.step();

        Adam loaded = Adam.builder(List.of(param(1)), 1).group(List.of(param(2)), g -> { }).build();
        loaded.loadStateDict(saved.stateDict());
        Adam.Group g0 = loaded.paramGroups().get(0);
        Adam.Group g1 = loaded.paramGroups().get(1);
        assertEquals(0.04, g0.lr());
        assertEquals(1e-3, g0.initialLr().getAsDouble());
        assertEquals(0.5, g1.beta1());
        assertEquals(0.75, g1.beta2());
        assertTrue(g1.amsgrad(), "amsgrad came with the state, and with it state.1.max_exp_avg_sq");
        assertTrue(loaded.stateDict().containsKey("state.1.max_exp_avg_sq"));
    }

    @Test
    void aStateForOtherGroupsIsRefused() {
        SGD two = SGD.builder(List.of(param(1)), 0.1).group(List.of(param(2)), g -> { }).build();
        SGD one = new SGD(List.of(param(1), param(2)), 0.1);
        String m = assertThrows(IllegalArgumentException.class, () -> one.loadStateDict(two.stateDict()))
                .getMessage();
        assertTrue(m.contains("loaded state dict has a different number of parameter groups: [0, 1] in the state, 1 "
                + "in this SGD"), m);

        SGD sizes = SGD.builder(List.of(param(1), param(2)), 0.1).group(List.of(param(3)), g -> { }).build();
        SGD otherSizes = SGD.builder(List.of(param(1)), 0.1).group(List.of(param(2), param(3)), g -> { }).build();
        m = assertThrows(IllegalArgumentException.class, () -> otherSizes.loadStateDict(sizes.stateDict()))
                .getMessage();
        assertTrue(m.contains("loaded state dict contains a parameter group that doesn't match the size of "
                + "optimizer's group: param_groups.0.params has shape [2], group 0 has 1 parameters"), m);

        Map<String, Tensor> renumbered = new LinkedHashMap<>(sizes.stateDict());
        renumbered.put("param_groups.1.params", Tensor.of(new long[] {5}, 1));
        m = assertThrows(IllegalArgumentException.class, () -> sizes.loadStateDict(renumbered)).getMessage();
        assertTrue(m.contains("param_groups.1.params is [5] in the state, expected [2] (the positions of group 1's "
                + "parameters)"), m);
    }

    @Test
    void badGroupValuesAreRefusedWithTheOtherProblems() {
        SGD sgd = new SGD(List.of(param(1)), 0.1);
        Map<String, Tensor> state = new LinkedHashMap<>(sgd.stateDict());
        state.put("param_groups.0.lr", Tensor.scalar(Double.POSITIVE_INFINITY));
        state.remove("param_groups.0.maximize");
        state.put("param_groups.0.betas", Tensor.zeros(2));
        String m = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(state)).getMessage();
        assertTrue(m.startsWith("Error(s) in loading the state of SGD:"), m);
        assertTrue(m.contains("missing key \"param_groups.0.maximize\""), m);
        assertTrue(m.contains("unexpected key \"param_groups.0.betas\""), m);
        state.put("param_groups.0.maximize", Tensor.of(new boolean[] {false}));
        state.remove("param_groups.0.betas");
        m = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(state)).getMessage();
        assertTrue(m.contains("param_groups.0: SGD: invalid learning rate: Infinity (expected a finite value >= 0)"), m);
        assertEquals(0.1, sgd.paramGroups().get(0).lr(), "nothing was loaded");
    }

    @Test
    void aStateWithoutGroupsKeepsTheValues() {
        Tensor p = param(1);
        SGD saved = SGD.builder(List.of(p), 0.5).momentum(0.5).build();
        setGrad(p, 1);
        saved.step();
        Map<String, Tensor> perParameter = new LinkedHashMap<>(saved.stateDict());
        perParameter.keySet().removeIf(k -> k.startsWith("param_groups."));
        SGD loaded = SGD.builder(List.of(param(1)), 0.1).momentum(0.9).build();
        loaded.loadStateDict(perParameter);
        assertEquals(0.1, loaded.paramGroups().get(0).lr());
        assertEquals(0.9, loaded.paramGroups().get(0).momentum());
        assertArrayEquals(new float[] {1}, loaded.stateDict().get("state.0.momentum_buffer").toFloatArray());
    }

    @Test
    void aGroupPrintsItsValues() {
        SGD sgd = SGD.builder(List.of(param(1), param(2)), 0.1).momentum(0.9).build();
        assertEquals("{lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=false, maximize=false, "
                + "params=2}", sgd.paramGroups().get(0).toString());
    }
}
