package dev.blitz.backend.cpu;

import dev.blitz.Close;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.SgdParams;
import dev.blitz.core.Reduction;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameBits;
import static dev.blitz.backend.cpu.ReferenceKernels.buffer;
import static dev.blitz.backend.cpu.ReferenceKernels.random;
import static dev.blitz.backend.cpu.ReferenceKernels.read;
import static dev.blitz.backend.cpu.ReferenceKernels.tolerance;

class LossAndSgdTest {
    @Test
    void mseAndItsGradientForEveryReduction() {
        Random r = new Random(51);
        int n = 2561;
        float[] x = random(r, n);
        float[] t = random(r, n);
        float[] g = random(r, n);
        for (Reduction red : Reduction.values()) {
            double sum = 0;
            float[] each = new float[n];
            float[] grad = new float[n];
            float scale = red == Reduction.MEAN ? 2f / n : 2f;
            for (int i = 0; i < n; i++) {
                float d = x[i] - t[i];
                each[i] = d * d;
                sum += (double) d * d;
                grad[i] = scale * (x[i] - t[i]) * (red == Reduction.NONE ? g[i] : g[0]);
            }
            Buffer out = CPU.allocate(red == Reduction.NONE ? n : 1);
            CPU.mseForward(buffer(x), buffer(t), n, red, out);
            if (red == Reduction.NONE) {
                assertSameBits("mse none", each, read(out));
            } else {
                double want = red == Reduction.MEAN ? sum / n : sum;
                Close.assertClose(new double[] {want}, read(out),
                        tolerance(new double[] {want}, 1e-6), 0, "mse " + red);
            }
            Buffer gradIn = CPU.allocate(n);
            Buffer gradOut = buffer(red == Reduction.NONE ? g : new float[] {g[0]});
            CPU.mseBackward(buffer(x), buffer(t), gradOut, n, red, gradIn);
            assertSameBits("mse backward " + red, grad, read(gradIn));
        }
    }

    @Test
    void sgdFollowsPyTorchsUpdateRules() {
        Random r = new Random(52);
        SgdParams[] settings = {
            new SgdParams(0.01f, 0f, 0f, 0f, false, false),
            new SgdParams(0.1f, 0f, 0f, 0.01f, false, true),
            new SgdParams(0.05f, 0.9f, 0.1f, 0.001f, false, false),
            new SgdParams(0.05f, 0.9f, 0f, 0f, true, false),
            new SgdParams(0.01f, 0.9f, 0f, 0f, false, false),
            new SgdParams(0.01f, 0.5f, 0.25f, 0f, false, false),
        };
        for (SgdParams p : settings) {
            for (boolean first : new boolean[] {true, false}) {
                float[] w = random(r, 1001);
                float[] g = random(r, w.length);
                float[] buf = random(r, w.length);
                float[] wantW = w.clone();
                float[] wantBuf = buf.clone();
                for (int i = 0; i < w.length; i++) {
                    float d = p.maximize() ? -g[i] : g[i];
                    if (p.weightDecay() != 0f) {
                        d += p.weightDecay() * w[i];
                    }
                    if (p.momentum() != 0f) {
                        wantBuf[i] = first ? d : p.momentum() * buf[i] + (1f - p.dampening()) * d;
                        d = p.nesterov() ? d + p.momentum() * wantBuf[i] : wantBuf[i];
                    }
                    wantW[i] = w[i] - p.lr() * d;
                }
                Buffer wb = buffer(w);
                Buffer bb = p.momentum() != 0f ? buffer(buf) : null;
                CPU.sgdStep(p, wb, buffer(g), bb, first);
                assertSameBits("sgd " + p + " first=" + first, wantW, read(wb));
                if (bb != null) {
                    assertSameBits("momentum buffer " + p, wantBuf, read(bb));
                }
            }
        }
    }
}
