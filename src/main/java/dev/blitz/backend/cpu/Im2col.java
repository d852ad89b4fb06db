package dev.blitz.backend.cpu;

import dev.blitz.backend.ConvGeometry;

/**
 * Unfolds one image into the column matrix a convolution multiplies by, and folds it back. Row
 * {@code (c*kH + ki)*kW + kj} holds, for every output cell, the input value under kernel tap (c, ki, kj), or 0
 * where that tap falls on padding; tap (ki, kj) of output cell (i, j) reads input cell
 * {@code (i*strideH - padH + ki*dilationH, j*strideW - padW + kj*dilationW)}. The matrix may be a slice of a
 * wider one (several images side by side): element (row, cell) lives at {@code col[colOff + row*ld + cell]}.
 * Every channel has its rows, so each group's rows are one contiguous block ({@link #groupRows} of them).
 *
 * <p>Stride-1 unpadded convolutions also have a <em>wide</em> layout: output cell (i, j) sits in column
 * {@code i*inW + j}, the input's own row pitch, so a tap's row is one contiguous run of the input channel
 * starting at {@code ki*inW + kj}, copied (or added back) in one go instead of one short run per output row.
 * The columns with {@code j >= outW} are junk (they wrap to the next input row); callers drop them, or make
 * them contribute zero. The run stops at the last real cell, so it never leaves the image. Dilation only moves
 * where a tap's run starts, so the wide layout takes it too.
 */
final class Im2col {
    private Im2col() {
    }

    static int rows(ConvGeometry g) {
        return g.inChannels() * g.kernelH() * g.kernelW();
    }

    /** Rows of one group's block: the weight's row length, {@code groupInChannels * kH * kW}. */
    static int groupRows(ConvGeometry g) {
        return g.groupInChannels() * g.kernelH() * g.kernelW();
    }

    static int cols(ConvGeometry g) {
        return g.outH() * g.outW();
    }

    /** Whether the wide layout applies: stride 1 and no padding. */
    static boolean isDense(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    /** Columns of one image in the wide layout, up to and including the last real output cell. */
    static int wideCols(ConvGeometry g) {
        return (g.outH() - 1) * g.inW() + g.outW();
    }

    /** Input offset, within one image, of the first cell tap {@code row} reads in the wide layout. */
    static int tapOffset(ConvGeometry g, int row) {
        int kk = g.kernelH() * g.kernelW();
        int c = row / kk;
        int ki = row % kk / g.kernelW();
        int kj = row % g.kernelW();
        return (c * g.inH() + ki * g.dilationH()) * g.inW() + kj * g.dilationW();
    }

    /** {@link #tapOffset} of every row. */
    static int[] tapOffsets(ConvGeometry g) {
        int[] taps = new int[rows(g)];
        for (int row = 0; row < taps.length; row++) {
            taps[row] = tapOffset(g, row);
        }
        return taps;
    }

    /** The wide column matrix of the image at {@code x[xOff..]}, each row zero-padded to {@code width} cells. */
    static void unfoldWide(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld, int width) {
        int n = wideCols(g);
        for (int row = 0; row < rows(g); row++) {
            int dst = colOff + row * ld;
            System.arraycopy(x, xOff + tapOffset(g, row), col, dst, n);
            java.util.Arrays.fill(col, dst + n, dst + width, 0f);
        }
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
        int dh = g.dilationH();
        int dw = g.dilationW();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int channel = imgOff + c * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int shift = kj * dw - g.padW();
                    int lo = Math.min(ow, Math.max(0, -Math.floorDiv(shift, sw)));
                    int hi = Math.max(lo, Math.min(ow, Math.floorDiv(w - 1 - shift, sw) + 1));
                    for (int i = 0; i < oh; i++) {
                        int ih = i * sh - g.padH() + ki * dh;
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
