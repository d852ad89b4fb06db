package dev.blitz.backend.cpu;

import dev.blitz.backend.PoolGeometry;

/**
 * Max pooling, split over the (image, channel) planes. Each window's winner is its first maximum in row-major
 * order, where a NaN wins and ends the scan of its window row (as the reference kernel does); backward routes
 * each output gradient to that winner. The common 2×2, stride 2, unpadded window has a fast path that keeps
 * data-dependent branches off the common case (they mispredict half the time on activations): the forward
 * value is a max of four, and backward finds the winner as the first cell equal to the forward output.
 */
final class Pool2dKernels {
    private Pool2dKernels() {
    }

    static void forward(PoolGeometry g, float[] x, float[] y) {
        boolean fast = isTwoByTwo(g);
        forPlanes(g, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                if (fast) {
                    forward22(g, x, y, plane);
                } else {
                    scanPlane(g, x, plane, y, null, null);
                }
            }
        });
    }

    static void backward(PoolGeometry g, float[] x, float[] y, float[] dy, float[] dx) {
        boolean fast = isTwoByTwo(g);
        int inPlane = g.inH() * g.inW();
        forPlanes(g, (from, to) -> {
            java.util.Arrays.fill(dx, from * inPlane, to * inPlane, 0f);
            for (int plane = from; plane < to; plane++) {
                if (fast) {
                    backward22(g, x, y, dy, dx, plane);
                } else {
                    scanPlane(g, x, plane, null, dy, dx);
                }
            }
        });
    }

    private interface Planes {
        void run(int from, int to);
    }

    private static void forPlanes(PoolGeometry g, Planes body) {
        long work = g.inH() * g.inW() + (long) g.outH() * g.outW() * g.kernelH() * g.kernelW();
        Parallel.forRange(g.batch() * g.channels(), work, (part, from, to) -> body.run(from, to));
    }

    private static boolean isTwoByTwo(PoolGeometry g) {
        return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0
                && g.padW() == 0;
    }

    /** One plane of 2×2 windows: the maximum of four, or where that is zero or NaN the winner's own value. */
    private static void forward22(PoolGeometry g, float[] x, float[] y, int plane) {
        int w = g.inW();
        for (int i = 0; i < g.outH(); i++) {
            int o = (plane * g.outH() + i) * g.outW();
            int p = (plane * g.inH() + 2 * i) * w;
            for (int j = 0; j < g.outW(); j++, o++, p += 2) {
                float m = Math.max(Math.max(x[p], x[p + 1]), Math.max(x[p + w], x[p + w + 1]));
                y[o] = m == 0f | m != m ? x[winner22(g, x, plane, i, j, m)] : m;
            }
        }
    }

    /**
     * One plane of 2×2 windows backward, into a zeroed plane of dx. Kept apart from {@link #forward22} so the
     * JIT profiles each loop on its own. (Loops of the same shape; see the class comment.)
     */
    private static void backward22(PoolGeometry g, float[] x, float[] y, float[] dy, float[] dx, int plane) {
        int w = g.inW();
        for (int i = 0; i < g.outH(); i++) {
            int o = (plane * g.outH() + i) * g.outW();
            for (int j = 0; j < g.outW(); j++, o++) {
                dx[winner22(g, x, plane, i, j, y[o])] = dy[o];
            }
        }
    }

    /** Index of the winner of 2×2 window (i, j) whose maximum is {@code m}: the first cell equal to it. */
    private static int winner22(PoolGeometry g, float[] x, int plane, int i, int j, float m) {
        if (m != m) {
            return winner(g, x, plane, i, j);
        }
        int p = (plane * g.inH() + 2 * i) * g.inW() + 2 * j;
        int q = p + g.inW();
        int win = x[q] == m ? q : q + 1;
        win = x[p + 1] == m ? p + 1 : win;
        return x[p] == m ? p : win;
    }

    /** Writes each window's maximum to {@code y}, or (when {@code y} is null) adds {@code dy} into {@code dx}. */
    private static void scanPlane(PoolGeometry g, float[] x, int plane, float[] y, float[] dy, float[] dx) {
        for (int i = 0; i < g.outH(); i++) {
            for (int j = 0; j < g.outW(); j++) {
                int o = (plane * g.outH() + i) * g.outW() + j;
                int at = winner(g, x, plane, i, j);
                if (y != null) {
                    y[o] = x[at];
                } else {
                    dx[at] += dy[o];
                }
            }
        }
    }

    /** The reference scan of window (i, j): its first maximum, a NaN winning and ending its row. */
    private static int winner(PoolGeometry g, float[] x, int plane, int i, int j) {
        int w = g.inW();
        int inBase = plane * g.inH() * w;
        int h0 = i * g.strideH() - g.padH();
        int w0 = j * g.strideW() - g.padW();
        int wLo = Math.max(0, w0);
        int wHi = Math.min(w, w0 + g.kernelW());
        float best = Float.NEGATIVE_INFINITY;
        int bestAt = -1;
        for (int h = Math.max(0, h0); h < Math.min(g.inH(), h0 + g.kernelH()); h++) {
            for (int at = inBase + h * w + wLo, end = inBase + h * w + wHi; at < end; at++) {
                float v = x[at];
                if (bestAt < 0 || v > best || v != v) {
                    best = v;
                    bestAt = at;
                    if (v != v) {
                        break;
                    }
                }
            }
        }
        return bestAt;
    }
}
