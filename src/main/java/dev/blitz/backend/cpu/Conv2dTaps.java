package dev.blitz.backend.cpu;

import dev.blitz.backend.ConvGeometry;

/**
 * Stride-1 convolutions as one GEMM per image whose B rows are read in place ({@link GemmKernel#tileOverRows}): the
 * image's planes are copied into a zero-bordered scratch, and row {@code (c, i, j)} of B is that scratch from tap
 * (c, i, j) on, in the padded planes' row pitch, so there is no column matrix to write or fold; output cells past
 * a row's end are computed and dropped. Forward correlates the input, padded by the convolution's padding, with
 * the weights (A = O × C·kH·kW). Backward-data is the full correlation: the output gradient, padded by
 * {@code span - 1 - pad}, with the kernel flipped in both directions and its channels swapped (A = C × O·kH·kW);
 * its K is then O·kH·kW (400 for LeNet's conv2) where the column form has O (16), so the micro-kernel runs long
 * instead of storing C every few steps (LeNet's 256x6x14x14 on one thread: 3.1 -> 2.1 ms). Images are split over
 * threads, each computed whole by one. The border's zeros multiply weights the direct loops never reach, so with a
 * non-finite weight (and padding, or in backward) callers take the column form.
 */
final class Conv2dTaps {
    private Conv2dTaps() {
    }

    /**
     * Stride 1, one group, A's rows (output channels) filling the micro-kernel's rows well. A short K is no bar
     * since the tiles are copied out a vector at a time ({@link GemmKernel#copyPlus}): LeNet's conv1 (K = 25) at
     * batch 256 on two threads, 0.69 ms in the column form, 0.32 ms here.
     */
    static boolean suitsForward(ConvGeometry g, GemmKernel kernel) {
        return g.strideH() == 1 && g.strideW() == 1 && g.groups() == 1 && fills(g.outChannels(), kernel)
                && wide(g.outH(), g.outW(), g.inW() + 2 * g.padW(), kernel);
    }

    /** As {@link #suitsForward}, with input channels for A's rows, and padding under the kernel's span. */
    static boolean suitsBackwardData(ConvGeometry g, GemmKernel kernel) {
        return g.strideH() == 1 && g.strideW() == 1 && g.groups() == 1 && g.padH() < g.spanH()
                && g.padW() < g.spanW() && fills(g.inChannels(), kernel)
                && wide(g.inH(), g.inW(), g.outW() + 2 * (g.spanW() - 1 - g.padW()), kernel);
    }

    /** LeNet's conv1 backward, one input channel, would waste five rows of six. */
    private static boolean fills(int rows, GemmKernel kernel) {
        return 3 * BlockedGemm.roundUp(rows, kernel.mr) <= 4 * rows;
    }

    /**
     * Whether an image's output, in the padded row pitch, spans at least four tiles: below that, a GEMM per image
     * is mostly edges and junk columns, and the column form's GEMMs over several images win (ResNet's 256 × 8 × 8
     * layers, 3×3, padding 1: backward-data 7.9 against 11.9 ms for 16 images; its 32 × 32 and 16 × 16 layers, and
     * LeNet's, gain).
     */
    private static boolean wide(int outH, int outW, int pitch, GemmKernel kernel) {
        return (outH - 1) * pitch + outW >= 4 * kernel.nr;
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int c = g.inChannels();
        int o = g.outChannels();
        int taps = c * g.kernelH() * g.kernelW();
        Planes in = new Planes(c, g.inH(), g.inW(), g.padH(), g.padW(), g);
        float[] a = rowsOfA(o, taps);
        System.arraycopy(w, 0, a, 0, o * taps);
        correlate(g.batch(), in, x, a, o, taps, g.outH(), g.outW(), y, bias);
        ArrayPool.give(a);
    }

    static void backwardData(ConvGeometry g, float[] w, float[] dy, float[] dx) {
        int c = g.inChannels();
        int o = g.outChannels();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int taps = o * kh * kw;
        Planes in = new Planes(o, g.outH(), g.outW(), g.spanH() - 1 - g.padH(), g.spanW() - 1 - g.padW(), g);
        float[] a = rowsOfA(c, taps);
        for (int oc = 0; oc < o; oc++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    for (int ci = 0; ci < c; ci++) {
                        a[ci * taps + (oc * kh + i) * kw + j] = w[((oc * c + ci) * kh + kh - 1 - i) * kw + kw - 1 - j];
                    }
                }
            }
        }
        correlate(g.batch(), in, dy, a, c, taps, g.inH(), g.inW(), dx, null);
        ArrayPool.give(a);
    }

    /** A pooled A of {@code rows} rows padded to the micro-kernel's, the padding rows zero. */
    private static float[] rowsOfA(int rows, int taps) {
        int padded = BlockedGemm.roundUp(rows, GemmCpu.kernel().mr);
        float[] a = ArrayPool.take(padded * taps);
        java.util.Arrays.fill(a, rows * taps, padded * taps, 0f);
        return a;
    }

    /**
     * {@code dst[n][r][y][x] = sum_t a[r][t] * padded(src[n])[offset(t) + y*pitch + x] (+ bias[r])} for r < rows,
     * y < outH, x < outW, each image n on one thread.
     */
    private static void correlate(int batch, Planes in, float[] src, float[] a, int rows, int taps, int outH, int outW,
                                  float[] dst, float[] bias) {
        GemmKernel kernel = GemmCpu.kernel();
        int tileRows = BlockedGemm.roundUp(rows, kernel.mr);
        int cols = BlockedGemm.roundUp((outH - 1) * in.pitch + outW, kernel.nr);
        // A tile reads up to `cols` cells past the last plane's last tap.
        int padded = in.count * in.plane + cols;
        int[] offsets = in.offsets(taps);
        long work = 2L * tileRows * cols * taps / Parallel.FLOPS_PER_UNIT;
        Parallel.forRange(batch, work, (part, from, to) -> {
            float[] pad = Scratch.get(Scratch.COLUMNS, padded);
            float[] out = Scratch.get(Scratch.ROWS, tileRows * cols);
            // Only the planes' inner cells change from image to image: the zeros around them are written once.
            java.util.Arrays.fill(pad, 0, padded, 0f);
            for (int n = from; n < to; n++) {
                in.copy(src, n, pad);
                for (int r = 0; r < tileRows; r += kernel.mr) {
                    for (int j = 0; j < cols; j += kernel.nr) {
                        kernel.tileOverRows(taps, a, r * taps, taps, pad, j, offsets, out, r * cols + j, cols);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    kernel.copyPlus(out, r * cols, in.pitch, outH, outW, bias == null ? 0f : bias[r], dst,
                            (n * rows + r) * outH * outW, outW);
                }
            }
        });
    }

    /**
     * An image's {@code count} planes of {@code h × w} cells, with {@code top} zero rows and {@code left} zero
     * columns around each (as many again at the bottom and right), and where the convolution's taps fall in them.
     */
    private static final class Planes {
        final int count;
        final int h;
        final int w;
        final int top;
        final int left;
        final int pitch;
        final int plane;
        final ConvGeometry g;

        Planes(int count, int h, int w, int top, int left, ConvGeometry g) {
            this.count = count;
            this.h = h;
            this.w = w;
            this.top = top;
            this.left = left;
            this.pitch = w + 2 * left;
            this.plane = (h + 2 * top) * pitch;
            this.g = g;
        }

        /** Where tap (plane, i, j) starts, for each of the {@code taps} taps in weight order. */
        int[] offsets(int taps) {
            int kh = g.kernelH();
            int kw = g.kernelW();
            int[] offsets = new int[taps];
            for (int t = 0; t < taps; t++) {
                int i = t / kw % kh;
                int j = t % kw;
                offsets[t] = t / (kh * kw) * plane + i * g.dilationH() * pitch + j * g.dilationW();
            }
            return offsets;
        }

        /** Image n's planes of {@code src} into their places in {@code pad}. */
        void copy(float[] src, int n, float[] pad) {
            for (int p = 0; p < count; p++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(src, ((n * count + p) * h + y) * w, pad, p * plane + (y + top) * pitch + left, w);
                }
            }
        }
    }
}
