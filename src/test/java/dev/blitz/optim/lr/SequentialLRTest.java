package dev.blitz.optim.lr;

import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SequentialLR: the schedulers' recursive forms in turn, the next one starting from its closed form at epoch 0. */
class SequentialLRTest {
    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), lr);
    }

    @Test
    void warmUpThenCosineDecay() {
        SGD sgd = sgd(0.1);
        LinearLR warmup = new LinearLR(sgd, 0.1, 1, 5);
        CosineAnnealingLR decay = new CosineAnnealingLR(sgd, 10, 1e-3);
        SequentialLR scheduler = new SequentialLR(sgd, List.of(warmup, decay), 5);
        double lr = 0.1 * 0.1;
        assertEquals(lr, scheduler.getLastLr().get(0), "epoch 0: the warm-up's first value");
        for (int t = 1; t <= 25; t++) {
            scheduler.step();
            if (t < 5) {
                lr = lr * (1.0 + (1 - 0.1) / (5 * 0.1 + (t - 1) * (1 - 0.1)));
            } else if (t == 5) {
                // The cosine's closed form at its epoch 0: eta_min + (base - eta_min) * (1 + cos 0) / 2.
                lr = 1e-3 + (0.1 - 1e-3) * (1 + Math.cos(0)) / 2;
            } else {
                int e = t - 5;
                lr = e == 11 ? lr + (0.1 - 1e-3) * (1 - Math.cos(Math.PI / 10)) / 2
                        : (1 + Math.cos(Math.PI * e / 10)) / (1 + Math.cos(Math.PI * (e - 1) / 10)) * (lr - 1e-3) + 1e-3;
            }
            assertEquals(lr, scheduler.getLastLr().get(0), "epoch " + t);
            assertEquals(lr, sgd.paramGroups().get(0).lr());
        }
        assertEquals(25, scheduler.lastEpoch());
        assertEquals(20, decay.lastEpoch());
    }

    @Test
    void pyTorchsExample() {
        // ConstantLR(factor=0.1, total_iters=2) in PyTorch's example; LinearLR from 0.1 over 2 epochs gives 0.1, 0.55.
        SGD sgd = sgd(1);
        SequentialLR scheduler = new SequentialLR(sgd,
                List.of(new LinearLR(sgd, 0.1, 1, 2), new ExponentialLR(sgd, 0.9)), 2);
        double[] expected = {0.1, 0.55, 1, 0.9, 0.9 * 0.9, 0.9 * 0.9 * 0.9};
        for (double e : expected) {
            assertEquals(e, scheduler.getLastLr().get(0), 1e-16);
            scheduler.step();
        }
    }

    @Test
    void schedulersOfAnotherOptimizerAreRefused() {
        SGD a = sgd(0.1);
        SGD b = sgd(0.1);
        StepLR first = new StepLR(a, 2);
        StepLR second = new StepLR(b, 2);
        assertEquals("Sequential Schedulers expects all schedulers to belong to the same optimizer, but got "
                + "schedulers at index 0 and 1 to be different", assertThrows(IllegalArgumentException.class,
                () -> new SequentialLR(a, List.of(first, second), 3)).getMessage());
        assertEquals("Sequential Schedulers expects all schedulers to belong to the same optimizer, but got "
                + "schedulers at index 0 to be different than the optimizer passed in.",
                assertThrows(IllegalArgumentException.class,
                        () -> new SequentialLR(b, List.of(first, new StepLR(a, 3)), 3)).getMessage());
        assertEquals("Sequential Schedulers expects number of schedulers provided to be one more than the number of "
                + "milestone points, but got number of schedulers 2 and the number of milestones to be equal to 2",
                assertThrows(IllegalArgumentException.class,
                        () -> new SequentialLR(a, List.of(first, new StepLR(a, 3)), 3, 5)).getMessage());
        assertEquals("SequentialLR: milestones must be increasing, got [5, 5]",
                assertThrows(IllegalArgumentException.class, () -> new SequentialLR(a,
                        List.of(first, new StepLR(a, 3), new StepLR(a, 4)), 5, 5)).getMessage());
    }

    @Test
    void stateDictNestsTheSchedulers() {
        SGD sgd = sgd(0.1);
        SequentialLR scheduler = new SequentialLR(sgd, List.of(new StepLR(sgd, 2), new ExponentialLR(sgd, 0.5)), 3);
        Map<String, Tensor> state = scheduler.stateDict();
        assertEquals(List.of("_milestones", "last_epoch", "_last_lr", "_schedulers.0.step_size",
                "_schedulers.0.gamma", "_schedulers.0.base_lrs", "_schedulers.0.last_epoch",
                "_schedulers.0._step_count", "_schedulers.0._last_lr", "_schedulers.1.gamma",
                "_schedulers.1.base_lrs", "_schedulers.1.last_epoch", "_schedulers.1._step_count",
                "_schedulers.1._last_lr"), List.copyOf(state.keySet()));
        assertEquals(-1, state.get("_schedulers.1.last_epoch").itemLong(), "the second scheduler's step was undone");
    }
}
