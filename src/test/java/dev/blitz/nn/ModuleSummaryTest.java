package dev.blitz.nn;

import dev.blitz.models.LeNet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Module#summary()}: a row per layer with the parameters registered on it, and the totals. */
class ModuleSummaryTest {

    @Test
    void leNetsLayersAndTotals() {
        // conv1: 6 * 1 * 5 * 5 + 6; conv2: 16 * 6 * 5 * 5 + 16; fc1: 400 * 120 + 120; fc2: 120 * 84 + 84;
        // fc3: 84 * 10 + 10; 61,706 in all.
        assertEquals("Layer (type)    Param #\n"
                + "=======================\n"
                + "conv1 (Conv2d)      156\n"
                + "conv2 (Conv2d)    2,416\n"
                + "fc1 (Linear)     48,120\n"
                + "fc2 (Linear)     10,164\n"
                + "fc3 (Linear)        850\n"
                + "=======================\n"
                + "Total params: 61,706\n"
                + "Trainable params: 61,706\n"
                + "Non-trainable params: 0", new LeNet().summary());
    }

    @Test
    void containersShowDashesAndFrozenParametersAreNotTrainable() {
        Sequential net = new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4), new ReLU(),
                new Sequential(new Flatten(), new Linear(16, 2)));
        ((Conv2d) net.namedChildren().get("0")).weight.requiresGrad(false);
        // Conv2d: 4 * 1 * 3 * 3 = 36 frozen + 4; BatchNorm2d: 4 + 4 (buffers do not count); Linear: 16 * 2 + 2.
        assertEquals("Layer (type)     Param #\n"
                + "========================\n"
                + "0 (Conv2d)            40\n"
                + "1 (BatchNorm2d)        8\n"
                + "2 (ReLU)               0\n"
                + "3 (Sequential)        --\n"
                + "3.0 (Flatten)          0\n"
                + "3.1 (Linear)          34\n"
                + "========================\n"
                + "Total params: 82\n"
                + "Trainable params: 46\n"
                + "Non-trainable params: 36", net.summary());
    }

    @Test
    void aSingleLayerIsItsOwnRowAndSharedParametersCountOnceInTheTotal() {
        assertEquals("Layer (type)  Param #\n"
                + "=====================\n"
                + "Linear             15\n"
                + "=====================\n"
                + "Total params: 15\n"
                + "Trainable params: 15\n"
                + "Non-trainable params: 0", new Linear(4, 3).summary());
        Linear shared = new Linear(2, 2);
        String twice = new Sequential(shared, shared).summary();
        assertEquals("Layer (type)  Param #\n"
                + "=====================\n"
                + "0 (Linear)          6\n"
                + "=====================\n"
                + "Total params: 6\n"
                + "Trainable params: 6\n"
                + "Non-trainable params: 0", twice);
    }
}
