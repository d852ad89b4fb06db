package dev.blitz.optim.lr;

import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** StepLR's learning rates against PyTorch's recursive form (and its closed form, to the last bits). */
class StepLRTest {
    private static Tensor param() {
        return Tensor.zeros(2).requiresGrad(true);
    }

    @Test
    void decaysEveryStepSizeEpochsInEveryGroup() {
        SGD sgd = SGD.builder(List.of(param()), 0.05).group(List.of(param()), g -> g.setLr(0.2)).build();
        StepLR scheduler = new StepLR(sgd, 3, 0.7);
        double[] lr = {0.05, 0.2};
        double[] base = lr.clone();
        assertEquals(List.of(0.05, 0.2), scheduler.getLastLr(), "building takes epoch 0: the rates unchanged");
        for (int t = 1; t <= 20; t++) {
            scheduler.step();
            for (int g = 0; g < 2; g++) {
                // get_lr: lr * gamma at every multiple of step_size, else lr.
                lr[g] = t % 3 == 0 ? lr[g] * 0.7 : lr[g];
                assertEquals(lr[g], scheduler.getLastLr().get(g), "epoch " + t + ", group " + g);
                assertEquals(lr[g], sgd.paramGroups().get(g).lr());
                double closed = base[g] * Math.pow(0.7, t / 3);
                assertEquals(closed, lr[g], 1e-15 * closed, "the closed form agrees but for the last bits");
            }
        }
        assertEquals(20, scheduler.lastEpoch());
    }

    @Test
    void pyTorchsExample() {
        SGD sgd = new SGD(List.of(param()), 0.05);
        StepLR scheduler = new StepLR(sgd, 30);
        double[] seen = new double[100];
        for (int epoch = 0; epoch < 100; epoch++) {
            seen[epoch] = sgd.paramGroups().get(0).lr();
            scheduler.step();
        }
        assertEquals(0.05, seen[29]);
        assertEquals(0.05 * 0.1, seen[30]);
        assertEquals(0.05 * 0.1 * 0.1, seen[60]);
        assertEquals(0.05 * 0.1 * 0.1 * 0.1, seen[99]);
    }

    @Test
    void stateDictHasPyTorchsKeys() {
        SGD sgd = new SGD(List.of(param()), 0.1);
        StepLR scheduler = new StepLR(sgd, 2, 0.5);
        for (int i = 0; i < 4; i++) {
            scheduler.step();
        }
        Map<String, Tensor> state = scheduler.stateDict();
        assertEquals(List.of("step_size", "gamma", "base_lrs", "last_epoch", "_step_count", "_last_lr"),
                List.copyOf(state.keySet()));
        assertEquals(4, state.get("last_epoch").itemLong());
        assertEquals(5, state.get("_step_count").itemLong(), "the initial step counts");
        assertEquals(0.1 * 0.5 * 0.5, state.get("_last_lr").toDoubleArray()[0]);
        assertEquals(0.1, state.get("base_lrs").toDoubleArray()[0]);
    }

    @Test
    void aStateOfAnotherScheduleIsRefused() {
        StepLR saved = new StepLR(new SGD(List.of(param()), 0.1), 2, 0.5);
        StepLR other = new StepLR(new SGD(List.of(param()), 0.1), 3, 0.5);
        String m = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(saved.stateDict()))
                .getMessage();
        assertEquals("Error(s) in loading the state of StepLR:\n\tstep_size is 2 in the state but 3 in this StepLR", m);
    }

    @Test
    void stepSizeMustBePositive() {
        assertEquals("StepLR: step_size must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new StepLR(new SGD(List.of(param()), 0.1), 0)).getMessage());
    }

    @Test
    void groupsAddedAfterBuildingAreAnError() {
        SGD sgd = new SGD(List.of(param()), 0.1);
        StepLR scheduler = new StepLR(sgd, 2);
        sgd.addParamGroup(List.of(param()));
        assertEquals("StepLR was built for an optimizer with 1 parameter group(s), which now has 2; build the "
                + "scheduler after adding the groups",
                assertThrows(IllegalStateException.class, scheduler::step).getMessage());
    }
}
