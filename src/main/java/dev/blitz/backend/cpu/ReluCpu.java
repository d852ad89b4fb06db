package dev.blitz.backend.cpu;

/**
 * ReLU forward and backward; large arrays split over threads. Each part runs as calls over blocks of
 * {@link #BLOCK}: a method the JIT sees called often is compiled within a few steps, where a part's single long
 * loop waited for on-stack replacement (LeNet's ReLUs took 2 ms a step, ten times their compiled time, up to
 * step 30).
 */
final class ReluCpu {
    static final int BLOCK = 2048;
    /** The backward of a block, {@code dx[i] = y[i] > 0 ? dy[i] : +0} for {@code from <= i < to}. */
    interface Backward {
        void backward(float[] y, float[] dy, float[] dx, int from, int to);
    }

    static final Backward SCALAR = ReluCpu::backward;
    private static final Backward BEST = VectorApi.load("VectorRelu", Backward.class, SCALAR);

    private ReluCpu() {
    }

    /** {@code max(x, 0)}, keeping NaN ({@code Math.max} propagates it) and turning -0 into +0. */
    static void forward(float[] x, float[] y) {
        Parallel.forRange(y.length, 1, (part, from, to) -> {
            for (int i = from; i < to; i += BLOCK) {
                forward(x, y, i, Math.min(to, i + BLOCK));
            }
        });
    }

    private static void forward(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = Math.max(x[i], 0f);
        }
    }

    /**
     * {@code dx = y > 0 ? dy : 0}, as a bit mask: {@code y > 0} exactly when its bits, as an int, lie in
     * {@code (0, +inf]}, i.e. when {@code bits - 1} is unsigned-below {@code 0x7F800000}. Written this way the
     * loop has no data-dependent branch (a plain ternary mispredicts on every other activation).
     */
    static void backward(float[] y, float[] dy, float[] dx) {
        Parallel.forRange(dx.length, 1, (part, from, to) -> {
            for (int i = from; i < to; i += BLOCK) {
                BEST.backward(y, dy, dx, i, Math.min(to, i + BLOCK));
            }
        });
    }

    private static void backward(float[] y, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            int below = (Float.floatToRawIntBits(y[i]) - 1) ^ Integer.MIN_VALUE;
            int mask = below < (0x7F800000 ^ Integer.MIN_VALUE) ? -1 : 0;
            dx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & mask);
        }
    }
}
