package dev.blitz.backend.cpu;

import dev.blitz.core.Reduction;

/** Log-softmax and cross-entropy (with label smoothing) over rows of a row-major matrix of logits. */
final class CrossEntropyCpu {
    private CrossEntropyCpu() {
    }

    static void logSoftmax(float[] x, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[base + j]);
            }
            // A row of -inf (or +inf) has no finite shift; subtracting 0 keeps PyTorch's NaN/-inf results.
            float shift = Float.isInfinite(max) ? 0f : max;
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[base + j] - shift);
            }
            float logSum = (float) Math.log(sum);
            for (int j = 0; j < cols; j++) {
                out[base + j] = x[base + j] - shift - logSum;
            }
        }
    }

    static void forward(float[] logp, float[] target, int n, int c, float eps, Reduction reduction, float[] out) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            int base = i * c;
            double loss = -(1.0 - eps) * logp[base + (int) target[i]];
            if (eps != 0f) {
                double sum = 0;
                for (int j = 0; j < c; j++) {
                    sum += logp[base + j];
                }
                loss -= eps * sum / c;
            }
            if (reduction == Reduction.NONE) {
                out[i] = (float) loss;
            } else {
                total += loss;
            }
        }
        if (reduction != Reduction.NONE) {
            out[0] = (float) (reduction == Reduction.MEAN ? total / n : total);
        }
    }

    static void backward(float[] logp, float[] target, float[] gradOut, int n, int c, float eps, Reduction reduction,
                         float[] gradIn) {
        float scale = reduction == Reduction.MEAN ? 1f / n : 1f;
        float off = eps / c;
        float on = 1f - eps + off;
        for (int i = 0; i < n; i++) {
            float g = (reduction == Reduction.NONE ? gradOut[i] : gradOut[0]) * scale;
            int base = i * c;
            int t = (int) target[i];
            for (int j = 0; j < c; j++) {
                float q = j == t ? on : off;
                gradIn[base + j] = g * ((float) Math.exp(logp[base + j]) - q);
            }
        }
    }
}
