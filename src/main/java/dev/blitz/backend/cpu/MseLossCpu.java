package dev.blitz.backend.cpu;

import dev.blitz.core.Reduction;

/** Mean squared error and its gradient; the reduced loss is summed in double. */
final class MseLossCpu {
    private MseLossCpu() {
    }

    static void forward(float[] x, float[] t, int n, Reduction reduction, float[] out) {
        if (reduction == Reduction.NONE) {
            for (int i = 0; i < n; i++) {
                float d = x[i] - t[i];
                out[i] = d * d;
            }
            return;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float d = x[i] - t[i];
            sum += d * d;
        }
        out[0] = (float) (reduction == Reduction.MEAN ? sum / n : sum);
    }

    static void backward(float[] x, float[] t, float[] gradOut, int n, Reduction reduction, float[] gradIn) {
        float scale = reduction == Reduction.MEAN ? 2f / n : 2f;
        if (reduction == Reduction.NONE) {
            for (int i = 0; i < n; i++) {
                gradIn[i] = scale * (x[i] - t[i]) * gradOut[i];
            }
        } else {
            float g = gradOut[0];
            for (int i = 0; i < n; i++) {
                gradIn[i] = scale * (x[i] - t[i]) * g;
            }
        }
    }
}
