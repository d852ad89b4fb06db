package dev.blitz.backend.cuda;

import dev.blitz.Close;
import dev.blitz.backend.Backends;
import dev.blitz.core.Device;
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;
import dev.blitz.examples.FixtureValues;
import dev.blitz.nn.F;
import dev.blitz.tensor.Generator;
import dev.blitz.tensor.Memory;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensors on a CUDA device, through the public tensor API only. */
@Tag("gpu")
class CudaTensorTest {
    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    /** What the log line says when CUDA is chosen: {@code cuda:0 (NVIDIA H200, cuDNN 9.14.0, cuBLAS 13.1.0)}. */
    @Test
    void theBackendNamesTheGpuAndItsLibraries() {
        String version = "\\d+\\.\\d+\\.\\d+";
        String described = Backends.of(Gpu.CUDA).toString();
        assertTrue(described.matches("cuda:0 \\(.+, cuDNN " + version + ", cuBLAS " + version + "\\)"), described);
    }

    @Test
    void movesBetweenDevicesUnchanged() {
        try (var scope = MemoryScope.open()) {
            float[] values = FixtureValues.values(4096, 30, 5.0);
            Tensor cpu = Tensor.of(values, Shape.of(64, 64), Device.CPU).requiresGrad(true);
            Tensor gpu = cpu.to(Gpu.CUDA);
            assertEquals(Gpu.CUDA, gpu.device());
            assertTrue(gpu.requiresGrad(), "a leaf stays a leaf that wants gradients");
            assertArrayEquals(values, gpu.to(Device.CPU).toFloatArray());
            assertArrayEquals(values, gpu.flatten().toFloatArray(), "a view shares the device memory");
        }
    }

    @Test
    void mixingDevicesIsAnErrorNamingBoth() {
        try (var scope = MemoryScope.open()) {
            Tensor cpu = Tensor.of(new float[] {1, 2}, Shape.of(2), Device.CPU);
            Tensor gpu = Tensor.of(new float[] {3, 4}, Shape.of(2), Gpu.CUDA);
            var e = assertThrows(IllegalArgumentException.class, () -> cpu.add(gpu));
            assertEquals("add: expected all tensors on the same device, but found cpu and cuda:0; move one with"
                    + " .to(device)", e.getMessage());
        }
    }

    /** Broadcasting arithmetic and its backward (sumTo, broadcastTo, affine) give the CPU's gradients. */
    @Test
    void elementwiseAutogradMatchesTheCpu() {
        try (var scope = MemoryScope.open()) {
            float[][] grads = new float[4][];
            int i = 0;
            for (Device d : new Device[] {Device.CPU, Gpu.CUDA}) {
                Tensor a = Tensor.of(FixtureValues.values(24, 31, 1.0), Shape.of(2, 3, 4), d).requiresGrad(true);
                Tensor b = Tensor.of(FixtureValues.values(3, 32, 1.0), Shape.of(3, 1), d).requiresGrad(true);
                a.mul(b).sub(a.div(2f)).add(b).mean().backward();
                grads[i++] = a.grad().toFloatArray();
                grads[i++] = b.grad().toFloatArray();
            }
            Close.assertClose(grads[0], grads[2], 1e-7, 1e-6, "grad of a");
            Close.assertClose(grads[1], grads[3], 1e-7, 1e-5, "grad of b");
        }
    }

    @Test
    void itemReadsOneValueAndCountersSeeTheMemory() {
        long before = Memory.stats(Gpu.CUDA).bytesInUse();
        try (var scope = MemoryScope.open()) {
            Tensor t = Tensor.full(Shape.of(1000), 2.5f, Gpu.CUDA);
            assertEquals(2500f, t.sum().item());
            assertTrue(Memory.stats(Gpu.CUDA).bytesInUse() >= before + 4000);
        }
    }

    /** A seeded run draws the same numbers on the GPU as on the CPU (PyTorch's CPU stream), run after run. */
    @Test
    void seededSamplersFillGpuTensorsWithTheCpusNumbers() {
        try (var scope = MemoryScope.open()) {
            float[][] drawn = new float[3][];
            Device[] devices = {Device.CPU, Gpu.CUDA, Gpu.CUDA};
            for (int i = 0; i < devices.length; i++) {
                Generator.getDefault().manualSeed(0);
                Tensor normal = Tensor.empty(Shape.of(1, 1, 32, 32), devices[i]).normalInPlace(0, 1);
                Tensor uniform = Tensor.empty(Shape.of(6, 1, 5, 5), devices[i]).uniformInPlace(-0.2, 0.2);
                Tensor ones = Tensor.empty(Shape.of(40), devices[i]).bernoulliInPlace(0.3);
                float[] n = normal.toFloatArray();
                float[] u = uniform.toFloatArray();
                float[] b = ones.toFloatArray();
                drawn[i] = new float[n.length + u.length + b.length];
                System.arraycopy(n, 0, drawn[i], 0, n.length);
                System.arraycopy(u, 0, drawn[i], n.length, u.length);
                System.arraycopy(b, 0, drawn[i], n.length + u.length, b.length);
            }
            assertArrayEquals(drawn[0], drawn[1], "the GPU's first run against the CPU");
            assertArrayEquals(drawn[1], drawn[2], "the GPU's second run against its first");
        }
    }

    /**
     * On the GPU the cross-entropy kernel checks the targets, so a step does not wait for it: a bad one makes its
     * row's loss and gradient NaN, and the next read of any result names it, once.
     */
    @Test
    void aTargetThatIsNotAClassIndexIsNamedWhenResultsAreRead() {
        for (float bad : new float[] {4f, -1f, 0.5f, Float.NaN}) {
            try (var scope = MemoryScope.open()) {
                Tensor logits = Tensor.of(FixtureValues.values(12, 33, 2.0), Shape.of(3, 4), Gpu.CUDA)
                        .requiresGrad(true);
                Tensor target = Tensor.of(new float[] {1, bad, 0}, Shape.of(3), Gpu.CUDA);
                Tensor loss = F.crossEntropy(logits, target, Reduction.NONE, 0f);
                loss.sum().backward();
                var e = assertThrows(IllegalArgumentException.class, loss::toFloatArray);
                assertEquals("cross_entropy: a target on cuda:0 was " + bad + ", which is not a class index; expected"
                        + " integers in [0, 4) or -100 (ignored) (found when results were next read from the GPU; the"
                        + " loss and gradient of its row are NaN)", e.getMessage());
                float[] perRow = loss.toFloatArray();
                float[] grad = logits.grad().toFloatArray();
                assertTrue(Float.isFinite(perRow[0]) && Float.isNaN(perRow[1]) && Float.isFinite(perRow[2]),
                        Arrays.toString(perRow));
                for (int j = 0; j < 12; j++) {
                    assertEquals(j >= 4 && j < 8, Float.isNaN(grad[j]), "gradient " + j + ": " + Arrays.toString(grad));
                }
                Tensor good = F.crossEntropy(logits, Tensor.of(new float[] {1, 3, 0}, Shape.of(3), Gpu.CUDA));
                assertTrue(Float.isFinite(good.item()), "a later call with good targets is not blamed");
            }
        }
    }
}
