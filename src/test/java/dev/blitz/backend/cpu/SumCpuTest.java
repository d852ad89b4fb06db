package dev.blitz.backend.cpu;

import dev.blitz.Close;
import dev.blitz.backend.Buffer;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.buffer;
import static dev.blitz.backend.cpu.ReferenceKernels.random;
import static dev.blitz.backend.cpu.ReferenceKernels.read;
import static dev.blitz.backend.cpu.ReferenceKernels.tolerance;

class SumCpuTest {
    @Test
    void sumToMatchesSummingOverBroadcastDimensions() {
        Random r = new Random(41);
        int[][][] cases = {
            {{64, 120}, {120}}, {{64, 120}, {1, 120}}, {{64, 120}, {64, 1}}, {{3, 4, 5}, {4, 1}},
            {{3, 4, 5}, {3, 1, 5}},
            {{3, 4, 5}, {}}, {{3, 4, 5}, {1}}, {{100003}, {}}, {{7}, {7}}, {{2, 3}, {1, 1}}, {{0, 4}, {4}}
        };
        for (int[][] c : cases) {
            Shape src = Shape.of(c[0]);
            Shape dst = Shape.of(c[1]);
            float[] x = random(r, src.numel());
            double[] want = new double[dst.numel()];
            double[] scale = new double[dst.numel()];
            int[] strides = dst.broadcastStrides(src);
            int[] dims = src.dims();
            for (int i = 0; i < x.length; i++) {
                int rest = i;
                int at = 0;
                for (int d = dims.length - 1; d >= 0; d--) {
                    at += rest % dims[d] * strides[d];
                    rest /= dims[d];
                }
                want[at] += x[i];
                scale[at] += Math.abs(x[i]);
            }
            Buffer out = buffer(random(r, dst.numel()));
            CPU.sumTo(buffer(x), src, out, dst);
            Close.assertClose(want, read(out), tolerance(scale, 1e-6), 0,
                    "sumTo " + src + " -> " + dst);
        }
    }
}
