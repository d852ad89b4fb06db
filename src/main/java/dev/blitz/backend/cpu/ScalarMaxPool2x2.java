package dev.blitz.backend.cpu;

/**
 * The portable {@link MaxPool2x2}. It keeps data-dependent branches off the common case (on activations they
 * mispredict half the time): forward takes the maximum of four, asking {@link #winner} only where that is zero
 * or NaN (for the sign of zero, or which NaN); backward takes the first cell equal to the forward output.
 */
final class ScalarMaxPool2x2 extends MaxPool2x2 {
    static final ScalarMaxPool2x2 INSTANCE = new ScalarMaxPool2x2();

    private ScalarMaxPool2x2() {
    }

    @Override
    void forward(float[] x, float[] y, int h, int w, int from, int to) {
        windows(x, y, null, null, h, w, from, to);
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int h, int w, int from, int to) {
        java.util.Arrays.fill(dx, from * h * w, to * h * w, 0f);
        windows(x, y, dy, dx, h, w, from, to);
    }

    /** Forward for {@code count} windows of one row pair: the window at {@code x[p + 2j]} writes {@code y[o + j]}. */
    static void windowsForward(float[] x, float[] y, int p, int w, int o, int count) {
        for (int j = 0; j < count; j++, p += 2, o++) {
            y[o] = x[winner(x, p, w)];
        }
    }

    /**
     * Backward for {@code count} windows of one row pair: the window at {@code x[p + 2j]} takes output {@code o + j};
     * all four cells are written (the gradient to the winner, 0 to the others).
     */
    static void windowsBackward(float[] x, float[] dy, float[] dx, int p, int w, int o, int count) {
        for (int j = 0; j < count; j++, p += 2, o++) {
            dx[p] = 0f;
            dx[p + 1] = 0f;
            dx[p + w] = 0f;
            dx[p + w + 1] = 0f;
            dx[winner(x, p, w)] = dy[o];
        }
    }

    /** Zeroes the cells no window covers: the last column of an odd width, the last row of an odd height. */
    static void zeroUnpooled(float[] dx, int h, int w, int from, int to) {
        for (int plane = from; plane < to; plane++) {
            int at = plane * h * w;
            if (w % 2 != 0) {
                for (int r = 0; r < h; r++) {
                    dx[at + r * w + w - 1] = 0f;
                }
            }
            if (h % 2 != 0) {
                java.util.Arrays.fill(dx, at + (h - 1) * w, at + h * w, 0f);
            }
        }
    }

    /** Forward when {@code dy} is null (writes y), else backward (reads y, writes dx). */
    private static void windows(float[] x, float[] y, float[] dy, float[] dx, int h, int w, int from, int to) {
        int oh = h / 2;
        int ow = w / 2;
        for (int plane = from; plane < to; plane++) {
            for (int i = 0; i < oh; i++) {
                int o = (plane * oh + i) * ow;
                int p = (plane * h + 2 * i) * w;
                for (int j = 0; j < ow; j++, o++, p += 2) {
                    if (dy == null) {
                        float m = Math.max(Math.max(x[p], x[p + 1]), Math.max(x[p + w], x[p + w + 1]));
                        y[o] = m == 0f | m != m ? x[winner(x, p, w)] : m;
                        continue;
                    }
                    float m = y[o];
                    int win;
                    if (m != m) {
                        win = winner(x, p, w);
                    } else {
                        win = x[p + w] == m ? p + w : p + w + 1;
                        win = x[p + 1] == m ? p + 1 : win;
                        win = x[p] == m ? p : win;
                    }
                    dx[win] = dy[o];
                }
            }
        }
    }
}
