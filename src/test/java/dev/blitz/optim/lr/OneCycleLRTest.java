package dev.blitz.optim.lr;

import dev.blitz.optim.Adagrad;
import dev.blitz.optim.Adam;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** OneCycleLR's learning rates and momenta against the schedule as PyTorch defines it ({@link OneCycleReference}). */
class OneCycleLRTest {
    private static Tensor param() {
        return Tensor.zeros(1).requiresGrad(true);
    }

    @Test
    void twoCosinePhasesCyclingSgdMomentum() {
        SGD sgd = SGD.builder(List.of(param()), 0.5).momentum(0.9).build();
        OneCycleLR scheduler = new OneCycleLR(sgd, 0.1, 50);
        OneCycleReference reference = OneCycleReference.defaults(50, 0.1);
        assertEquals(0.1 / 25, sgd.paramGroups().get(0).initialLr().getAsDouble(), "initial_lr = max_lr / 25");
        for (int step = 0; step <= 50; step++) {
            double[] expected = reference.at(step);
            assertEquals(expected[0], sgd.paramGroups().get(0).lr(), "lr at step " + step);
            assertEquals(expected[1], sgd.paramGroups().get(0).momentum(), "momentum at step " + step);
            if (step < 50) {
                scheduler.step();
            }
        }
    }

    @Test
    void thePeakAndTheEndAreExact() {
        SGD sgd = SGD.builder(List.of(param()), 0.5).momentum(0.9).build();
        OneCycleLR scheduler = new OneCycleLR(sgd, 0.1, 100);
        double[] lrs = new double[100];
        double[] momenta = new double[100];
        for (int step = 0; step < 100; step++) {
            lrs[step] = sgd.paramGroups().get(0).lr();
            momenta[step] = sgd.paramGroups().get(0).momentum();
            scheduler.step();
        }
        assertEquals(0.004, lrs[0], 1e-17, "max + (initial - max) / 2 * 2: initial, to the last bits");
        assertEquals(0.95, momenta[0]);
        assertEquals(0.1, lrs[29], "the peak, at step pct_start * total_steps - 1");
        assertEquals(0.85, momenta[29]);
        assertEquals(0.004 / 1e4, lrs[99], "min_lr = initial_lr / final_div_factor, at the last step");
        assertEquals(0.95, momenta[99]);
        assertEquals("Tried to step 101 times. The specified number of total steps is 100",
                assertThrows(IllegalStateException.class, scheduler::step).getMessage());
    }

    @Test
    void threeLinearPhasesCyclingAdamsBeta1() {
        Adam adam = Adam.builder(List.of(param()), 1e-3).betas(0.9, 0.99).build();
        OneCycleLR scheduler = OneCycleLR.builder(adam, 0.01, 40).pctStart(0.25)
                .annealStrategy(OneCycleLR.AnnealStrategy.LINEAR).threePhase(true).divFactor(10)
                .finalDivFactor(100).baseMomentum(0.8).maxMomentum(0.9).build();
        OneCycleReference reference = new OneCycleReference(40, 0.01, 0.25, 10, 100, true, false, 0.8, 0.9);
        for (int step = 0; step <= 40; step++) {
            double[] expected = reference.at(step);
            Adam.Group group = adam.paramGroups().get(0);
            assertEquals(expected[0], group.lr(), "lr at step " + step);
            assertEquals(expected[1], group.beta1(), "beta1 at step " + step);
            assertEquals(0.99, group.beta2());
            if (step < 40) {
                scheduler.step();
            }
        }
    }

    @Test
    void aPeakPerGroupAndNoMomentumCycling() {
        SGD sgd = SGD.builder(List.of(param()), 0.5).momentum(0.9).group(List.of(param()), g -> { }).build();
        OneCycleLR scheduler = OneCycleLR.builder(sgd, new double[] {0.1, 1.0}, 20).cycleMomentum(false).build();
        for (int step = 0; step < 20; step++) {
            assertEquals(OneCycleReference.defaults(20, 0.1).at(step)[0], sgd.paramGroups().get(0).lr());
            assertEquals(OneCycleReference.defaults(20, 1.0).at(step)[0], sgd.paramGroups().get(1).lr());
            assertEquals(0.9, sgd.paramGroups().get(0).momentum(), "momentum left alone");
            scheduler.step();
        }
    }

    @Test
    void invalidSettingsAreRefusedWithPyTorchsMessages() {
        SGD sgd = SGD.builder(List.of(param()), 0.5).momentum(0.9).build();
        assertEquals("Expected positive integer total_steps, but got 0",
                assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(sgd, 0.1, 0)).getMessage());
        assertEquals("Expected float between 0 and 1 pct_start, but got 1.5", assertThrows(
                IllegalArgumentException.class, () -> OneCycleLR.builder(sgd, 0.1, 10).pctStart(1.5).build())
                .getMessage());
        assertEquals("max_lr must have the same length as optimizer.param_groups. max_lr has 2 values, param_groups "
                + "has 1.", assertThrows(IllegalArgumentException.class,
                () -> OneCycleLR.builder(sgd, new double[] {0.1, 0.2}, 10).build()).getMessage());
        Adagrad adagrad = new Adagrad(List.of(param()));
        assertEquals("optimizer must support momentum or beta1 with `cycle_momentum` option enabled (Adagrad has "
                + "neither)", assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(adagrad, 0.1, 10))
                .getMessage());
        // pct_start * total_steps = 1: the first phase runs from step 0 to step 0, which PyTorch divides by.
        String m = assertThrows(IllegalStateException.class,
                () -> OneCycleLR.builder(sgd, 0.1, 10).pctStart(0.1).build()).getMessage();
        assertEquals("OneCycleLR: phase 1 of the schedule is empty (it starts and ends at step 0.0), so step 0 cannot "
                + "be placed in it (PyTorch divides by zero here); change pct_start or total_steps", m);
    }
}
