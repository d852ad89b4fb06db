package dev.blitz;

import dev.blitz.core.Device;
import dev.blitz.examples.FixtureValues;
import dev.blitz.models.LeNet;
import dev.blitz.nn.F;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** A few LeNet training steps from fixed weights and data, for tests that compare two runs bit for bit. */
public final class DeterministicTraining {
    private DeterministicTraining() {
    }

    /**
     * Trains a fresh LeNet (the fixture weights) with SGD and momentum on the fixture batch.
     *
     * @param device where
     * @param batch images per step
     * @param steps how many steps
     * @return every parameter after the steps, by name
     */
    public static Map<String, float[]> run(Device device, int batch, int steps) {
        LeNet net = FixtureValues.lenet(device);
        SGD sgd = SGD.builder(net.parameters(), 0.01).momentum(0.9).build();
        Tensor input = FixtureValues.input(batch, device);
        Tensor target = FixtureValues.target(batch, device);
        for (int i = 0; i < steps; i++) {
            try (var scope = MemoryScope.open()) {
                sgd.zeroGrad();
                F.mseLoss(net.forward(input), target).backward();
                sgd.step();
            }
        }
        Map<String, float[]> params = new LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> params.put(name, p.toFloatArray()));
        return params;
    }
}
