package dev.blitz.nn;

import dev.blitz.Blitz;
import dev.blitz.backend.cuda.Gpu;
import dev.blitz.core.Device;
import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.blitz.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The layers whose state lives in modules, on CUDA against the CPU: batch norm's output, gradients and buffers
 * through training and evaluation (after {@code to(cuda)} moved them), dropout's mask for one seed, and a loss
 * whose weight buffer moved with it. The functional forms have their parity rows in {@code OpTableCudaTest}.
 */
@Tag("gpu")
class LayersCudaParityTest {
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-4;

    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    private static Tensor input(Device device) {
        float[] x = new float[4 * 3 * 5 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (Math.sin(0.31 * i) * 2 + 0.1 * (i % 7));
        }
        return Tensor.of(x, 4, 3, 5, 5).to(device).requiresGrad(true);
    }

    @Test
    void batchNormTrainsAndEvaluatesAsOnTheCpu() {
        BatchNorm2d cpu = new BatchNorm2d(3);
        cpu.to(Device.CPU);
        BatchNorm2d gpu = new BatchNorm2d(3);
        gpu.to(Gpu.CUDA);
        assertEquals(Gpu.CUDA, gpu.runningMean.device());
        assertEquals(Gpu.CUDA, gpu.numBatchesTracked.device());
        Tensor xc = input(Device.CPU);
        Tensor xg = input(Gpu.CUDA);
        Tensor yc = cpu.forward(xc);
        Tensor yg = gpu.forward(xg);
        assertClose(yc.toFloatArray(), yg.toFloatArray(), ATOL, RTOL, "training output");
        Tensor g = Tensor.randnLike(yc);
        yc.backward(g);
        yg.backward(g.to(Gpu.CUDA));
        assertClose(xc.grad().toFloatArray(), xg.grad().toFloatArray(), ATOL, RTOL, "input gradient");
        assertClose(cpu.weight.grad().toFloatArray(), gpu.weight.grad().toFloatArray(), ATOL, RTOL, "weight grad");
        assertClose(cpu.bias.grad().toFloatArray(), gpu.bias.grad().toFloatArray(), ATOL, RTOL, "bias grad");
        assertClose(cpu.runningMean.toFloatArray(), gpu.runningMean.toFloatArray(), ATOL, RTOL, "running_mean");
        assertClose(cpu.runningVar.toFloatArray(), gpu.runningVar.toFloatArray(), ATOL, RTOL, "running_var");
        assertEquals(1, gpu.numBatchesTracked.itemLong());
        cpu.eval();
        gpu.eval();
        assertClose(cpu.forward(input(Device.CPU)).toFloatArray(), gpu.forward(input(Gpu.CUDA)).toFloatArray(),
                ATOL, RTOL, "evaluation output");
    }

    @Test
    void dropoutDrawsTheSameMaskForTheSameSeed() {
        Tensor x = Tensor.ones(8, 16, 4, 4);
        Blitz.manualSeed(3);
        float[] cpu = F.dropout(x, 0.4).toFloatArray();
        Blitz.manualSeed(3);
        float[] gpu = F.dropout(x.to(Gpu.CUDA), 0.4).toFloatArray();
        assertArrayEquals(cpu, gpu);
        Blitz.manualSeed(5);
        cpu = new Dropout2d(0.4).forward(x).toFloatArray();
        Blitz.manualSeed(5);
        gpu = new Dropout2d(0.4).forward(x.to(Gpu.CUDA)).toFloatArray();
        assertArrayEquals(cpu, gpu);
    }

    @Test
    void aLossWeightMovesWithTheLossAndPoolingRunsThere() {
        Tensor w = Tensor.of(new float[] {0.5f, 2f, 1f}, 3);
        CrossEntropyLoss cpu = CrossEntropyLoss.builder().weight(w).ignoreIndex(0).build();
        CrossEntropyLoss gpu = CrossEntropyLoss.builder().weight(w.copy()).ignoreIndex(0).build();
        gpu.to(Gpu.CUDA);
        assertEquals(Gpu.CUDA, gpu.weight.device());
        Tensor logits = new AdaptiveAvgPool2d(1).forward(new AvgPool2d(2, 1, 1).forward(input(Device.CPU)))
                .flatten(1);
        Tensor logitsGpu = new AdaptiveAvgPool2d(1).forward(new AvgPool2d(2, 1, 1).forward(input(Gpu.CUDA)))
                .flatten(1);
        assertClose(logits.toFloatArray(), logitsGpu.toFloatArray(), ATOL, RTOL, "pooled logits");
        Tensor target = Tensor.of(new long[] {1, 0, 2, 1}, 4);
        assertEquals(cpu.forward(logits, target).item(), gpu.forward(logitsGpu, target.to(Gpu.CUDA)).item(), 1e-5);
        assertEquals(F.binaryCrossEntropyWithLogits(logits, logits.sigmoid(), null, null, Reduction.SUM).item(),
                F.binaryCrossEntropyWithLogits(logitsGpu, logitsGpu.sigmoid(), null, null, Reduction.SUM).item(),
                1e-4);
    }
}
