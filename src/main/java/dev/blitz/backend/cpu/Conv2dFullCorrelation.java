package dev.blitz.backend.cpu;

import dev.blitz.backend.ConvGeometry;

/**
 * The input gradient of a stride-1 convolution as a full correlation: the output gradient, zero-padded by
 * {@code span - 1 - pad} on each side, correlated with the kernel flipped in both directions and with its
 * channels swapped. {@code dx[c][y][x] = sum over (o, i, j) of w[o][c][kH-1-i][kW-1-j] * pad[o][y + i*dH][x + j*dW]}
 * is one GEMM per image, A = the flipped weights (C × O·kH·kW), B = the padded planes read in place, row
 * {@code (o, i, j)} starting at that tap ({@link GemmKernel#tileOverRows}), output cells in the padded plane's
 * row pitch (the cells past a row's end are dropped). Its K is O·kH·kW (400 for LeNet's conv2) where the column
 * form has K = O (16): the micro-kernel runs long instead of storing C every few steps, and nothing is folded
 * (LeNet's 256x6x14x14 on one thread: 3.3 -> 2.3 ms). Images are split over threads, each computed whole by one.
 * The padding's zeros multiply every weight, so a non-finite weight would spread where the direct loops have
 * nothing to multiply: callers keep this for finite weights.
 */
final class Conv2dFullCorrelation {
    private Conv2dFullCorrelation() {
    }

    /**
     * Stride 1, one group, padding under the kernel's span, and input channels that fill the micro-kernel's rows
     * well (LeNet's conv1, one channel, would waste five rows in six).
     */
    static boolean suits(ConvGeometry g, GemmKernel kernel) {
        int c = g.inChannels();
        return g.strideH() == 1 && g.strideW() == 1 && g.groups() == 1 && g.padH() < g.spanH()
                && g.padW() < g.spanW() && 3 * BlockedGemm.roundUp(c, kernel.mr) <= 4 * c;
    }

    static void backwardData(ConvGeometry g, float[] w, float[] dy, float[] dx) {
        GemmKernel kernel = GemmCpu.kernel();
        int c = g.inChannels();
        int o = g.outChannels();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int taps = o * kh * kw;
        int padH = g.spanH() - 1 - g.padH();
        int padW = g.spanW() - 1 - g.padW();
        int oh = g.outH();
        int ow = g.outW();
        int h = g.inH();
        int width = g.inW();
        int pitch = ow + 2 * padW;
        int plane = (oh + 2 * padH) * pitch;
        int cols = BlockedGemm.roundUp((h - 1) * pitch + width, kernel.nr);
        int rows = BlockedGemm.roundUp(c, kernel.mr);
        // A tile's rows read up to `cols` cells past the last tap of the last plane.
        int padded = o * plane + cols;
        float[] a = ArrayPool.take(rows * taps);
        java.util.Arrays.fill(a, c * taps, rows * taps, 0f);
        int[] offsets = new int[taps];
        for (int oc = 0; oc < o; oc++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int tap = (oc * kh + i) * kw + j;
                    offsets[tap] = oc * plane + i * g.dilationH() * pitch + j * g.dilationW();
                    for (int ci = 0; ci < c; ci++) {
                        a[ci * taps + tap] = w[((oc * c + ci) * kh + kh - 1 - i) * kw + kw - 1 - j];
                    }
                }
            }
        }
        long work = 2L * rows * cols * taps / Parallel.FLOPS_PER_UNIT;
        Parallel.forRange(g.batch(), work, (part, from, to) -> {
            float[] pad = Scratch.get(Scratch.COLUMNS, padded);
            float[] out = Scratch.get(Scratch.ROWS, rows * cols);
            // Only the planes' inner cells change from image to image: the zeros around them are written once.
            java.util.Arrays.fill(pad, 0, padded, 0f);
            for (int n = from; n < to; n++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int y = 0; y < oh; y++) {
                        System.arraycopy(dy, ((n * o + oc) * oh + y) * ow, pad, oc * plane + (y + padH) * pitch + padW,
                                ow);
                    }
                }
                for (int r = 0; r < rows; r += kernel.mr) {
                    for (int j = 0; j < cols; j += kernel.nr) {
                        kernel.tileOverRows(taps, a, r * taps, taps, pad, j, offsets, out, r * cols + j, cols);
                    }
                }
                for (int ci = 0; ci < c; ci++) {
                    for (int y = 0; y < h; y++) {
                        System.arraycopy(out, ci * cols + y * pitch, dx, ((n * c + ci) * h + y) * width, width);
                    }
                }
            }
        });
        ArrayPool.give(a);
    }
}
