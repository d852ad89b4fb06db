package dev.blitz.models;

import dev.blitz.Blitz;
import dev.blitz.backend.cuda.Gpu;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.blitz.Close.assertClose;

/**
 * ResNet-18 on CUDA against the CPU with the same weights: a training step's output, every parameter's gradient
 * and the batch norms' running statistics, then the evaluation output (in-place ReLU, shortcuts and all).
 */
@Tag("gpu")
class ResNet18CudaParityTest {
    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-3;

    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    @Test
    void trainingAndEvaluationMatchTheCpu() {
        Blitz.manualSeed(0);
        ResNet18 cpu = new ResNet18(10);
        ResNet18 gpu = new ResNet18(10);
        gpu.loadStateDict(cpu.stateDict());
        gpu.to(Gpu.CUDA);
        Tensor x = Tensor.randn(2, 3, 40, 40);

        Tensor yc = cpu.forward(x);
        Tensor yg = gpu.forward(x.to(Gpu.CUDA));
        assertClose(yc.toFloatArray(), yg.toFloatArray(), ATOL, RTOL, "training output");
        yc.sum().backward();
        yg.sum().backward();
        Map<String, Tensor> gpuParams = gpu.namedParameters();
        cpu.namedParameters().forEach((name, p) -> assertClose(p.grad().toFloatArray(),
                gpuParams.get(name).grad().toFloatArray(), ATOL, RTOL, name + " grad"));
        Map<String, Tensor> gpuState = gpu.stateDict();
        cpu.stateDict().forEach((name, t) -> assertClose(t.toFloatArray(), gpuState.get(name).toFloatArray(), ATOL,
                RTOL, name));

        cpu.eval();
        gpu.eval();
        assertClose(cpu.forward(x).toFloatArray(), gpu.forward(x.to(Gpu.CUDA)).toFloatArray(), ATOL, RTOL,
                "evaluation output");
    }
}
