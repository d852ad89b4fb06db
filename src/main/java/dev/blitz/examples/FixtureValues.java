package dev.blitz.examples;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.models.LeNet;
import dev.blitz.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of the PyTorch LeNet fixtures, made without a random-number generator so that PyTorch and Blitz
 * start from the same numbers: {@code value(i) = ((i * 7919 + seed * 104729) mod 2001 - 1000) / 1000 * scale},
 * in float64, rounded to float32. Parameters use seeds 1 to 10 in {@code stateDict} order with scale 0.1, the
 * input seed 11 and the target seed 12 with scale 1 (the rule of the fixtures' README, in the test resources).
 */
public final class FixtureValues {
    private FixtureValues() {
    }

    /**
     * The rule's first {@code numel} values.
     *
     * @param numel how many
     * @param seed the tensor's seed
     * @param scale the largest magnitude
     * @return {@code numel} values in {@code [-scale, scale]}
     */
    public static float[] values(int numel, int seed, double scale) {
        float[] out = new float[numel];
        for (long i = 0; i < numel; i++) {
            long k = (i * 7919 + seed * 104729L) % 2001;
            out[(int) i] = (float) ((k - 1000) / 1000.0 * scale);
        }
        return out;
    }

    /**
     * The fixtures' LeNet-5: every parameter set by the rule.
     *
     * @param device where its parameters live
     * @return a new network
     */
    public static LeNet lenet(Device device) {
        LeNet net = new LeNet();
        Map<String, Tensor> state = new LinkedHashMap<>();
        int seed = 1;
        for (var e : net.namedParameters().entrySet()) {
            Shape shape = e.getValue().shape();
            state.put(e.getKey(), Tensor.of(values(shape.numel(), seed++, 0.1), shape, Device.CPU));
        }
        net.loadStateDict(state);
        net.to(device);
        return net;
    }

    /**
     * The fixtures' input images.
     *
     * @param batch N
     * @param device where the tensor lives
     * @return [N, 1, 32, 32]
     */
    public static Tensor input(int batch, Device device) {
        return Tensor.of(values(batch * 32 * 32, 11, 1.0), Shape.of(batch, 1, 32, 32), device);
    }

    /**
     * The fixtures' regression targets.
     *
     * @param batch N
     * @param device where the tensor lives
     * @return [N, 10]
     */
    public static Tensor target(int batch, Device device) {
        return Tensor.of(values(batch * 10, 12, 1.0), Shape.of(batch, 10), device);
    }
}
