package dev.blitz.optim.lr;

import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * CosineAnnealingLR's learning rates against PyTorch's documented recursive form, computed here, exactly; and
 * against the closed form, which they approach to the last bits only.
 */
class CosineAnnealingLRTest {
    private static final double BASE = 0.1;
    private static final double ETA_MIN = 1e-3;
    private static final int T_MAX = 10;

    /**
     * The documented recursion: η_{t+1} = η_min + (η_t - η_min) (1 + cos((T_cur + 1)π / T_max)) / (1 + cos(T_cur π
     * / T_max)), except at T_cur + 1 = (2k + 1) T_max + 1, where the denominator is 0 and
     * η_{t+1} = η_t + (η_max - η_min)(1 - cos(π / T_max)) / 2.
     */
    private static double next(double lr, int t) {
        if ((t - 1 - T_MAX) % (2 * T_MAX) == 0) {
            return lr + (BASE - ETA_MIN) * (1 - Math.cos(Math.PI / T_MAX)) / 2;
        }
        return (1 + Math.cos(Math.PI * t / T_MAX)) / (1 + Math.cos(Math.PI * (t - 1) / T_MAX)) * (lr - ETA_MIN) + ETA_MIN;
    }

    @Test
    void followsTheRecursiveFormDownAndBackUp() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), BASE);
        CosineAnnealingLR scheduler = new CosineAnnealingLR(sgd, T_MAX, ETA_MIN);
        double lr = BASE;
        for (int t = 1; t <= 45; t++) {
            scheduler.step();
            lr = next(lr, t);
            assertEquals(lr, scheduler.getLastLr().get(0), "epoch " + t);
            double closed = ETA_MIN + (BASE - ETA_MIN) * (1 + Math.cos(Math.PI * t / T_MAX)) / 2;
            assertEquals(closed, lr, 1e-15, "epoch " + t + ": the closed form, to the last bits");
        }
    }

    @Test
    void reachesEtaMinAtTMax() {
        SGD sgd = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.5);
        CosineAnnealingLR scheduler = new CosineAnnealingLR(sgd, 4);
        double[] seen = new double[5];
        for (int t = 0; t < 5; t++) {
            seen[t] = scheduler.getLastLr().get(0);
            scheduler.step();
        }
        assertEquals(0.5, seen[0]);
        assertEquals(0.25, seen[2], 1e-16);
        assertEquals(0, seen[4], 1e-17);
    }

    @Test
    void tMaxMustBePositive() {
        assertEquals("CosineAnnealingLR: T_max must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new CosineAnnealingLR(new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1), 0))
                .getMessage());
    }
}
