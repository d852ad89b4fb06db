package dev.blitz.optim.lr;

import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LinearLR's learning rates against PyTorch's recursive form (and its closed form, to the last bits). */
class LinearLRTest {
    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), lr);
    }

    @Test
    void rampsTheFactorThenHolds() {
        SGD sgd = sgd(0.05);
        LinearLR scheduler = new LinearLR(sgd, 0.25, 0.9, 6);
        double lr = 0.05 * 0.25;
        assertEquals(lr, scheduler.getLastLr().get(0), "epoch 0: lr * start_factor");
        for (int t = 1; t <= 12; t++) {
            scheduler.step();
            // get_lr: lr * (1 + (end - start) / (total * start + (t - 1) * (end - start))) up to total_iters.
            if (t <= 6) {
                lr = lr * (1.0 + (0.9 - 0.25) / (6 * 0.25 + (t - 1) * (0.9 - 0.25)));
            }
            assertEquals(lr, scheduler.getLastLr().get(0), "epoch " + t);
            double closed = 0.05 * (0.25 + (0.9 - 0.25) * Math.min(6, t) / 6);
            assertEquals(closed, lr, 1e-16, "the closed form, to the last bits");
        }
    }

    @Test
    void pyTorchsDefaultsAndExample() {
        LinearLR defaults = new LinearLR(sgd(0.3));
        assertEquals(0.1, defaults.getLastLr().get(0), 1e-16, "start_factor 1/3");
        for (int i = 0; i < 5; i++) {
            defaults.step();
        }
        assertEquals(0.3, defaults.getLastLr().get(0), 1e-16, "the full rate after total_iters 5");

        LinearLR example = new LinearLR(sgd(0.05), 0.5, 1, 4);
        double[] expected = {0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05};
        for (double e : expected) {
            assertEquals(e, example.getLastLr().get(0), 1e-17);
            example.step();
        }
    }

    @Test
    void factorsOutOfRangeAreRefused() {
        assertEquals("LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1, "
                + "got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new LinearLR(sgd(0.1), 0, 1, 5)).getMessage());
        assertEquals("LinearLR: Ending multiplicative factor expected to be between 0 and 1, got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(0.1), 0.5, 1.5, 5)).getMessage());
    }
}
