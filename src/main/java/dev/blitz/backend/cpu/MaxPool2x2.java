package dev.blitz.backend.cpu;

/**
 * Max pooling with 2×2, stride-2, unpadded windows (LeNet's, and most CNNs'), over whole planes. The winner
 * of a window is its first maximum in row-major order, a NaN winning and ending the scan of its row; the
 * forward output is the winner's value (so its sign of zero), and backward writes each gradient to its
 * winner and 0 to every other cell of the planes of {@code dx}. Windows never overlap.
 */
abstract class MaxPool2x2 {
    /** The Vector API kernel when the JVM has the module, else the scalar one. */
    static final MaxPool2x2 BEST = VectorApi.load("VectorMaxPool2x2", MaxPool2x2.class, ScalarMaxPool2x2.INSTANCE);

    /** Pools planes {@code [from, to)} of {@code x} (each h × w) into {@code y}. */
    abstract void forward(float[] x, float[] y, int h, int w, int from, int to);

    /** Routes {@code dy} of planes {@code [from, to)} to the winners in {@code dx}, writing 0 everywhere else. */
    abstract void backward(float[] x, float[] y, float[] dy, float[] dx, int h, int w, int from, int to);

    /** The reference scan of the window whose top-left cell is {@code x[p]}, in rows of width {@code w}. */
    static int winner(float[] x, int p, int w) {
        int best = p;
        float m = x[p];
        float v = x[p + 1];
        if (m == m && (v > m || v != v)) {
            best = p + 1;
            m = v;
        }
        v = x[p + w];
        if (v > m || v != v) {
            best = p + w;
            m = v;
            if (v != v) {
                return best;
            }
        }
        v = x[p + w + 1];
        return v > m || v != v ? p + w + 1 : best;
    }
}
