package dev.blitz.optim.lr;

import dev.blitz.optim.Adam;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ExponentialLR's learning rates against PyTorch's recursive form (and its closed form, to the last bits). */
class ExponentialLRTest {
    @Test
    void multipliesByGammaEachEpoch() {
        Adam adam = Adam.builder(List.of(Tensor.zeros(1).requiresGrad(true)), 1e-3)
                .group(List.of(Tensor.zeros(1).requiresGrad(true)), g -> g.setLr(0.02)).build();
        ExponentialLR scheduler = new ExponentialLR(adam, 0.9);
        double[] lr = {1e-3, 0.02};
        assertEquals(List.of(1e-3, 0.02), scheduler.getLastLr());
        for (int t = 1; t <= 50; t++) {
            scheduler.step();
            for (int g = 0; g < 2; g++) {
                lr[g] *= 0.9;
                assertEquals(lr[g], adam.paramGroups().get(g).lr(), "epoch " + t);
                double closed = (g == 0 ? 1e-3 : 0.02) * Math.pow(0.9, t);
                assertEquals(closed, lr[g], 1e-13 * closed, "the closed form, to the last bits");
            }
        }
    }
}
