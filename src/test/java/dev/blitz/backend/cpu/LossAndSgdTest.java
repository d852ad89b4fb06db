package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.SgdParams;
import dev.blitz.core.Reduction;
import org.junit.jupiter.api.Test;

import java.util.Random;

class LossAndSgdTest {
    @Test
    void mseAndItsGradientForEveryReduction() {
        Random r = new Random(51);
        int n = 2561;
        float[] x = Oracle.random(r, n);
        float[] t = Oracle.random(r, n);
        float[] g = Oracle.random(r, n);
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
            Buffer out = Oracle.CPU.allocate(red == Reduction.NONE ? n : 1);
            Oracle.CPU.mseForward(Oracle.buffer(x), Oracle.buffer(t), n, red, out);
            if (red == Reduction.NONE) {
                Oracle.assertSameBits("mse none", each, Oracle.read(out));
            } else {
                double want = red == Reduction.MEAN ? sum / n : sum;
                Oracle.assertClose("mse " + red, new double[] {want}, new double[] {want}, Oracle.read(out), 1e-6);
            }
            Buffer gradIn = Oracle.CPU.allocate(n);
            Buffer gradOut = Oracle.buffer(red == Reduction.NONE ? g : new float[] {g[0]});
            Oracle.CPU.mseBackward(Oracle.buffer(x), Oracle.buffer(t), gradOut, n, red, gradIn);
            Oracle.assertSameBits("mse backward " + red, grad, Oracle.read(gradIn));
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
        };
        for (SgdParams p : settings) {
            for (boolean first : new boolean[] {true, false}) {
                float[] w = Oracle.random(r, 1001);
                float[] g = Oracle.random(r, w.length);
                float[] buf = Oracle.random(r, w.length);
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
                Buffer wb = Oracle.buffer(w);
                Buffer bb = p.momentum() != 0f ? Oracle.buffer(buf) : null;
                Oracle.CPU.sgdStep(p, wb, Oracle.buffer(g), bb, first);
                Oracle.assertSameBits("sgd " + p + " first=" + first, wantW, Oracle.read(wb));
                if (bb != null) {
                    Oracle.assertSameBits("momentum buffer " + p, wantBuf, Oracle.read(bb));
                }
            }
        }
    }
}
