package dev.blitz.optim.lr;

import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MultiStepLR's learning rates against PyTorch's recursive form (and its closed form, to the last bits). */
class MultiStepLRTest {
    @Test
    void decaysAtEachMilestoneOncePerListing() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.3);
        MultiStepLR scheduler = new MultiStepLR(sgd, new int[] {7, 3, 7}, 0.5);
        double lr = 0.3;
        for (int t = 1; t <= 12; t++) {
            scheduler.step();
            // get_lr: lr * gamma ** (times t is listed).
            lr = t == 3 ? lr * 0.5 : t == 7 ? lr * Math.pow(0.5, 2) : lr;
            assertEquals(lr, scheduler.getLastLr().get(0), "epoch " + t);
            int passed = t >= 7 ? 3 : t >= 3 ? 1 : 0;
            assertEquals(0.3 * Math.pow(0.5, passed), lr, 1e-16, "the closed form, bisect_right");
        }
        assertEquals(0.3 * 0.125, scheduler.getLastLr().get(0));
    }

    @Test
    void pyTorchsExample() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.05);
        MultiStepLR scheduler = new MultiStepLR(sgd, new int[] {30, 80});
        double[] seen = new double[100];
        for (int epoch = 0; epoch < 100; epoch++) {
            seen[epoch] = scheduler.getLastLr().get(0);
            scheduler.step();
        }
        assertEquals(0.05, seen[29]);
        assertEquals(0.05 * 0.1, seen[30]);
        assertEquals(0.05 * 0.1, seen[79]);
        assertEquals(0.05 * 0.1 * 0.1, seen[80]);
    }
}
