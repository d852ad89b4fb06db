package dev.blitz.backend.cpu;

import dev.blitz.backend.ConvGeometry;

/**
 * Unfolds one image into the column matrix a convolution multiplies by, and folds it back. Row
 * {@code (c*kH + ki)*kW + kj} holds, for every output cell, the input value under kernel tap (c, ki, kj), or 0
 * where that tap falls on padding. The matrix may be a slice of a wider one (several images side by side):
 * element (row, cell) lives at {@code col[colOff + row*ld + cell]}.
 */
final class Im2col {
    private Im2col() {
    }

    static int rows(ConvGeometry g) {
        return g.inChannels() * g.kernelH() * g.kernelW();
    }

    static int cols(ConvGeometry g) {
        return g.outH() * g.outW();
    }

    /** Writes the column matrix of the image at {@code x[xOff..]}. */
    static void unfold(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        walk(g, x, xOff, col, colOff, ld, false);
    }

    /** The adjoint of {@link #unfold}: overwrites the image at {@code dx[dxOff..]} with the folded sums. */
    static void fold(ConvGeometry g, float[] col, int colOff, int ld, float[] dx, int dxOff) {
        java.util.Arrays.fill(dx, dxOff, dxOff + g.inChannels() * g.inH() * g.inW(), 0f);
        walk(g, dx, dxOff, col, colOff, ld, true);
    }

    /** Visits every (tap, output row) segment once: copies image → col, or adds col → image. */
    private static void walk(ConvGeometry g, float[] img, int imgOff, float[] col, int colOff, int ld,
                             boolean fold) {
        int h = g.inH();
        int w = g.inW();
        int oh = g.outH();
        int ow = g.outW();
        int sh = g.strideH();
        int sw = g.strideW();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int channel = imgOff + c * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int shift = kj - g.padW();
                    int lo = Math.min(ow, Math.max(0, -Math.floorDiv(shift, sw)));
                    int hi = Math.max(lo, Math.min(ow, Math.floorDiv(w - 1 - shift, sw) + 1));
                    for (int i = 0; i < oh; i++) {
                        int ih = i * sh - g.padH() + ki;
                        int dst = colOff + row * ld + i * ow;
                        if (ih < 0 || ih >= h) {
                            if (!fold) {
                                java.util.Arrays.fill(col, dst, dst + ow, 0f);
                            }
                            continue;
                        }
                        int src = channel + ih * w + shift;
                        if (fold) {
                            addSegment(col, dst, img, src, lo, hi, sw);
                        } else {
                            copySegment(img, src, col, dst, lo, hi, ow, sw);
                        }
                    }
                }
            }
        }
    }

    private static void copySegment(float[] img, int src, float[] col, int dst, int lo, int hi, int ow, int sw) {
        java.util.Arrays.fill(col, dst, dst + lo, 0f);
        if (sw == 1) {
            System.arraycopy(img, src + lo, col, dst + lo, hi - lo);
        } else {
            for (int j = lo; j < hi; j++) {
                col[dst + j] = img[src + j * sw];
            }
        }
        java.util.Arrays.fill(col, dst + hi, dst + ow, 0f);
    }

    private static void addSegment(float[] col, int dst, float[] img, int src, int lo, int hi, int sw) {
        if (sw == 1) {
            for (int j = lo; j < hi; j++) {
                img[src + j] += col[dst + j];
            }
        } else {
            for (int j = lo; j < hi; j++) {
                img[src + j * sw] += col[dst + j];
            }
        }
    }
}
