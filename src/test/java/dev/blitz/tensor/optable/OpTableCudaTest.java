package dev.blitz.tensor.optable;

import dev.blitz.Close;
import dev.blitz.backend.cuda.Gpu;
import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every row of {@link OpTable} on CUDA against the CPU: the same outputs (exactly for integer and bool results,
 * closely for floats, whose sums may run in another order), and the same gradients, in every dtype the row takes.
 */
@Tag("gpu")
class OpTableCudaTest {
    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    static List<OpInfo> rows() {
        return OpTable.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void cudaGivesWhatTheCpuGives(OpInfo row) {
        for (DType dtype : row.dtypes) {
            for (int s = 0; s < row.samples.size(); s++) {
                for (boolean asView : new boolean[] {false, true}) {
                    String what = row + " " + dtype + " sample " + s + (asView ? " (views)" : "");
                    Tensor[] cpuLeaves = Samples.leaves(row, s, dtype, Device.CPU, asView);
                    Tensor[] gpuLeaves = Samples.leaves(row, s, dtype, Gpu.CUDA, asView);
                    boolean grads = row.differentiable && dtype.isFloatingPoint();
                    for (int k = 0; grads && k < cpuLeaves.length; k++) {
                        cpuLeaves[k].requiresGrad(true);
                        gpuLeaves[k].requiresGrad(true);
                    }
                    Tensor cpu = row.op.apply(Samples.inputs(row, s, cpuLeaves, asView));
                    Tensor gpu = row.op.apply(Samples.inputs(row, s, gpuLeaves, asView));
                    assertEquals(Gpu.CUDA, gpu.device(), what);
                    assertEquals(cpu.dtype(), gpu.dtype(), what);
                    assertArrayEquals(cpu.size(), gpu.size(), what);
                    compare(cpu, gpu, what);
                    if (grads && cpu.requiresGrad()) {
                        Tensor w = Tensor.onesLike(cpu);
                        cpu.backward(w);
                        gpu.backward(w.to(Gpu.CUDA));
                        for (int k = 0; k < cpuLeaves.length; k++) {
                            if (cpuLeaves[k].grad() != null) {
                                compare(cpuLeaves[k].grad(), gpuLeaves[k].grad(), what + " gradient " + k);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void compare(Tensor cpu, Tensor gpu, String what) {
        if (cpu.dtype().isFloatingPoint()) {
            // Compared as floats: float64 results then agree to float32's rounding, well inside the tolerance.
            Close.assertCloseScaled(cpu.toFloatArray(), gpu.toFloatArray(), 1e-5, 1e-5, what);
        } else {
            assertArrayEquals(cpu.toLongArray(), gpu.toLongArray(), what);
        }
    }
}
