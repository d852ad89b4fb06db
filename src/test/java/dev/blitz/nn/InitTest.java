package dev.blitz.nn;

import dev.blitz.Blitz;
import dev.blitz.models.LeNet;
import dev.blitz.tensor.Tensor;
import dev.blitz.tensor.TorchRngFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch's default init for Conv2d and Linear: weights kaiming_uniform_(a=√5), i.e. U(±1/√fan_in), and
 * biases U(±1/√fan_in), fan_in = in_channels·kH·kW or in_features.
 */
class InitTest {

    /** Checks that the values lie within ±bound and spread over it like a uniform sample. */
    private static void assertUniform(Tensor t, double bound, String name) {
        float[] v = t.toFloatArray();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        double sumSquares = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            sumSquares += (double) x * x;
        }
        int n = v.length;
        assertTrue(min >= -bound && max <= bound, name + " outside ±" + bound + ": [" + min + ", " + max + "]");
        // A uniform sample's maximum stays below bound - slack with probability (1 - slack / 2bound)^n = 1e-6.
        double slack = 2 * bound * (1 - Math.pow(1e-6, 1.0 / n));
        if (slack < bound) {
            assertTrue(max > bound - slack && min < -bound + slack, name + " spans only [" + min + ", " + max + "]");
        }
        // Mean 0 and variance bound²/3, within 5 standard errors.
        double mean = sum / n;
        assertTrue(Math.abs(mean) < 5 * bound / Math.sqrt(3.0 * n), name + " mean " + mean);
        double variance = sumSquares / n - mean * mean;
        double expected = bound * bound / 3;
        assertTrue(Math.abs(variance - expected) < 5 * expected * Math.sqrt(0.8 / n) + 1e-12,
                name + " variance " + variance + ", expected " + expected);
    }

    @Test
    void netParametersAreUniformWithinOneOverSqrtFanIn() {
        Blitz.manualSeed(3);
        LeNet net = new LeNet();
        int[] fanIn = {25, 150, 400, 120, 84};
        String[] layers = {"conv1", "conv2", "fc1", "fc2", "fc3"};
        for (int i = 0; i < layers.length; i++) {
            double bound = 1 / Math.sqrt(fanIn[i]);
            assertUniform(net.namedParameters().get(layers[i] + ".weight"), bound, layers[i] + ".weight");
            assertUniform(net.namedParameters().get(layers[i] + ".bias"), bound, layers[i] + ".bias");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void sameSeedGivesPyTorchsParametersBitForBit(int seed) {
        // torch.manual_seed(seed); Net(), drawn by libtorch 2.7.1 (fixtures/torch-rng/lenet_init_seed*.json)
        TorchRngFixture torch = TorchRngFixture.load("lenet_init_seed" + seed + ".json");
        Blitz.manualSeed(seed);
        LeNet net = new LeNet();
        for (String layer : new String[] {"conv1", "conv2", "fc1", "fc2", "fc3"}) {
            for (String name : new String[] {layer + ".weight", layer + ".bias"}) {
                assertArrayEquals(torch.floats(name), net.namedParameters().get(name).toFloatArray(), name);
            }
        }
    }

    @Test
    void largeLayerFillsEachTenthOfTheRangeEqually() {
        Blitz.manualSeed(4);
        float[] w = new Linear(400, 120).weight.toFloatArray();
        int[] bins = new int[10];
        for (float x : w) {
            bins[Math.min(9, (int) ((x + 0.05) / 0.01))]++;
        }
        for (int count : bins) {
            // 4800 expected per bin; 5 standard deviations is about 330.
            assertEquals(4800, count, 330);
        }
    }

    @Test
    void seedingMakesInitReproducible() {
        Blitz.manualSeed(11);
        float[] first = new Conv2d(2, 3, 3).weight.toFloatArray();
        Blitz.manualSeed(11);
        float[] second = new Conv2d(2, 3, 3).weight.toFloatArray();
        assertArrayEquals(first, second);
    }
}
