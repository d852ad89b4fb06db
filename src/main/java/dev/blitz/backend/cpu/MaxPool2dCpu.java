package dev.blitz.backend.cpu;

import dev.blitz.backend.PoolGeometry;

/**
 * Max pooling, split over the (image, channel) planes. Each window's winner is its first maximum in row-major
 * order, where a NaN wins and ends the scan of its window row (as the reference kernel does); backward routes
 * each output gradient to that winner. The common 2×2, stride 2, unpadded window goes to a {@link MaxPool2x2};
 * other windows to the plain scan here.
 */
final class MaxPool2dCpu {
    private MaxPool2dCpu() {
    }

    static void forward(PoolGeometry g, float[] x, float[] y) {
        forward(g, x, y, MaxPool2x2.BEST);
    }

    static void backward(PoolGeometry g, float[] x, float[] y, float[] dy, float[] dx) {
        backward(g, x, y, dy, dx, MaxPool2x2.BEST);
    }

    /** With a given kernel for 2×2 windows (tests run both). */
    static void forward(PoolGeometry g, float[] x, float[] y, MaxPool2x2 twoByTwo) {
        boolean fast = isTwoByTwo(g);
        forPlanes(g, (from, to) -> {
            if (fast) {
                twoByTwo.forward(x, y, g.inH(), g.inW(), from, to);
                return;
            }
            for (int plane = from; plane < to; plane++) {
                scanPlane(g, x, plane, y, null, null);
            }
        });
    }

    static void backward(PoolGeometry g, float[] x, float[] y, float[] dy, float[] dx, MaxPool2x2 twoByTwo) {
        boolean fast = isTwoByTwo(g);
        int inPlane = g.inH() * g.inW();
        forPlanes(g, (from, to) -> {
            if (fast) {
                twoByTwo.backward(x, y, dy, dx, g.inH(), g.inW(), from, to);
                return;
            }
            java.util.Arrays.fill(dx, from * inPlane, to * inPlane, 0f);
            for (int plane = from; plane < to; plane++) {
                scanPlane(g, x, plane, null, dy, dx);
            }
        });
    }

    private interface Planes {
        void run(int from, int to);
    }

    /** Splits the planes over threads. */
    private static void forPlanes(PoolGeometry g, Planes body) {
        long work = g.inH() * g.inW() + (long) g.outH() * g.outW() * g.kernelH() * g.kernelW();
        Parallel.forRange(g.batch() * g.channels(), work, (part, from, to) -> body.run(from, to));
    }

    private static boolean isTwoByTwo(PoolGeometry g) {
        return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0
                && g.padW() == 0;
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
