package dev.blitz.backend.cpu;

/** {@code argmax} along the middle axis of [outer, size, inner]: first maximum wins, NaN beats every number. */
final class ArgmaxCpu {
    private ArgmaxCpu() {
    }

    static void argmax(float[] x, int outer, int size, int inner, float[] out) {
        for (int o = 0; o < outer; o++) {
            int base = o * size * inner;
            for (int i = 0; i < inner; i++) {
                int best = 0;
                float bestValue = x[base + i];
                for (int k = 1; k < size && !Float.isNaN(bestValue); k++) {
                    float v = x[base + k * inner + i];
                    if (v > bestValue || Float.isNaN(v)) {
                        best = k;
                        bestValue = v;
                    }
                }
                out[o * inner + i] = best;
            }
        }
    }
}
