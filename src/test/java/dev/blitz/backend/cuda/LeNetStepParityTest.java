package dev.blitz.backend.cuda;

import dev.blitz.core.Device;
import dev.blitz.examples.FixtureValues;
import dev.blitz.models.LeNet;
import dev.blitz.nn.F;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.blitz.Close.assertCloseScaled;

/**
 * One whole LeNet training step (forward, MSE loss, backward, SGD) on the GPU against the same step on the CPU:
 * output, loss, every parameter's gradient, the input's gradient and the updated parameters. Tolerance per
 * tensor: |gpu - cpu| <= 1e-4 * max|cpu| + 1e-3 * |cpu| (cuDNN and cuBLAS sum in other orders than the CPU;
 * FMA-only convolution keeps that at float32 rounding, far below this).
 */
@Tag("gpu")
class LeNetStepParityTest {
    private static final double SCALED_ATOL = 1e-4;
    private static final double RTOL = 1e-3;

    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    @ParameterizedTest(name = "N={0}")
    @ValueSource(ints = {1, 64})
    void oneTrainingStepMatchesTheCpu(int batch) {
        try (var scope = MemoryScope.open()) {
            Step cpu = new Step(Device.CPU, batch);
            Step gpu = new Step(Gpu.CUDA, batch);
            compare(cpu.output, gpu.output, "output");
            compare(cpu.loss, gpu.loss, "loss");
            compare(cpu.input.grad(), gpu.input.grad(), "input gradient");
            Map<String, Tensor> cpuParams = cpu.net.namedParameters();
            Map<String, Tensor> gpuParams = gpu.net.namedParameters();
            cpuParams.forEach((name, p) -> compare(p.grad(), gpuParams.get(name).grad(), "gradient of " + name));
            new SGD(cpu.net.parameters(), 0.01f).step();
            new SGD(gpu.net.parameters(), 0.01f).step();
            cpuParams.forEach((name, p) -> compare(p, gpuParams.get(name), "updated " + name));
            compare(F.mseLoss(cpu.net.forward(cpu.input), cpu.target),
                    F.mseLoss(gpu.net.forward(gpu.input), gpu.target), "loss after the step");
        }
    }

    private static void compare(Tensor cpu, Tensor gpu, String what) {
        assertCloseScaled(cpu.toFloatArray(), gpu.toFloatArray(), SCALED_ATOL, RTOL, what);
    }

    /** A network, its data, and the state after forward and backward on one device. */
    private static final class Step {
        final LeNet net;
        final Tensor input;
        final Tensor target;
        final Tensor output;
        final Tensor loss;

        Step(Device device, int batch) {
            net = FixtureValues.lenet(device);
            input = FixtureValues.input(batch, device).requiresGrad(true);
            target = FixtureValues.target(batch, device);
            output = net.forward(input);
            loss = F.mseLoss(output, target);
            loss.backward();
        }
    }
}
