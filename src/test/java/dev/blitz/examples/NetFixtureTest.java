package dev.blitz.examples;

import dev.blitz.Close;
import dev.blitz.core.Device;
import dev.blitz.models.LeNet;
import dev.blitz.nn.MSELoss;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The blitz LeNet against PyTorch: forward, MSE loss, every gradient (the input's too) and one SGD step, on the
 * fixtures' deterministic weights and data. Float32 results are held to the float64 reference with the fixtures'
 * tolerance (atol 1e-6, rtol 1e-4), and must be exactly zero wherever PyTorch's are (inactive ReLUs).
 */
class NetFixtureTest {
    private static final double ATOL = 1e-6;
    private static final double RTOL = 1e-4;
    private static final List<String> PARAMS = List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");

    @ParameterizedTest(name = "N={0}")
    @ValueSource(ints = {1, 4})
    void matchesPyTorch(int n) throws IOException {
        Fixtures ref = Fixtures.load("lenet_n" + n + "_float64.json");
        LeNet net = FixtureValues.lenet(Device.CPU);
        assertEquals(PARAMS, List.copyOf(net.namedParameters().keySet()), "seeds 1 to 10 follow this order");
        Tensor input = FixtureValues.input(n, Device.CPU).requiresGrad(true);
        Tensor target = FixtureValues.target(n, Device.CPU);
        assertMatchesPyTorch("input (generation rule)", ref.get("input"), input.toFloatArray());
        assertMatchesPyTorch("target (generation rule)", ref.get("target"), target.toFloatArray());

        MSELoss criterion = new MSELoss();
        SGD optimizer = new SGD(net.parameters(), 0.01f);
        optimizer.zeroGrad();
        Tensor output = net.forward(input);
        Tensor loss = criterion.forward(output, target);
        assertMatchesPyTorch("output", ref.get("output"), output.toFloatArray());
        assertMatchesPyTorch("loss", ref.get("loss"), loss.toFloatArray());

        loss.backward();
        Map<String, Tensor> params = net.namedParameters();
        for (String name : PARAMS) {
            assertMatchesPyTorch("grad." + name, ref.get("grad." + name), params.get(name).grad().toFloatArray());
        }
        assertMatchesPyTorch("input_grad", ref.get("input_grad"), input.grad().toFloatArray());

        optimizer.step();
        for (String name : PARAMS) {
            assertMatchesPyTorch("updated." + name, ref.get("updated." + name), params.get(name).toFloatArray());
        }
        assertMatchesPyTorch("loss_after_step", ref.get("loss_after_step"),
                criterion.forward(net.forward(input), target).toFloatArray());
    }

    /** The fixtures' tolerance, except that where PyTorch has an exact zero (an inactive ReLU) Blitz must too. */
    private static void assertMatchesPyTorch(String what, double[] expected, float[] actual) {
        double[] atol = new double[expected.length];
        for (int i = 0; i < expected.length; i++) {
            atol[i] = expected[i] == 0.0 ? 0.0 : ATOL;
        }
        Close.assertClose(expected, actual, atol, RTOL, what + " against PyTorch (float64; its exact zeros must stay"
                + " exact)");
    }
}
