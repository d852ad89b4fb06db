package dev.blitz.backend.cpu;

import dev.blitz.backend.ConvGeometry;

/**
 * Convolution as GEMMs over column matrices ({@link Im2col}). Images go in chunks laid side by side, so one
 * GEMM covers several images: with {@code K = C*kH*kW}, {@code P = outH*outW} and G images per chunk,
 * forward {@code Y (O × GP) = W (O×K) · COL (K × GP) + b}; backward-data {@code COL = W^T · dY}, folded back
 * per image; backward-filter {@code dW += dY · COL^T}. Chunks are split over threads; each thread works in
 * its own reusable scratch arrays.
 */
final class Conv2dKernels {
    /** Floats in a chunk's matrices: enough images to amortise a GEMM's edges, few enough to stay in L2. */
    private static final int CHUNK_FLOATS = 1 << 16;
    /** The filter gradient reduces its dot products once per chunk, so it takes longer rows. */
    private static final int FILTER_CHUNK_FLOATS = 1 << 18;

    private Conv2dKernels() {
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        Chunks ch = new Chunks(g, CHUNK_FLOATS);
        Parallel.forRange(ch.count, ch.work, (part, from, to) -> {
            for (int c = from; c < to; c++) {
                int n0 = ch.first(c);
                int ld = ch.width(c);
                float[] col = ch.unfold(x, n0, ld);
                float[] out = Scratch.get(Scratch.ROWS, ch.o * ld);
                Gemm.gemm(false, false, ch.o, ld, ch.k, 1f, w, 0, col, 0, 0f, out, 0);
                for (int i = 0; i < ld / ch.p; i++) {
                    for (int o = 0; o < ch.o; o++) {
                        int src = o * ld + i * ch.p;
                        int dst = ((n0 + i) * ch.o + o) * ch.p;
                        float b = bias == null ? 0f : bias[o];
                        for (int j = 0; j < ch.p; j++) {
                            y[dst + j] = out[src + j] + b;
                        }
                    }
                }
            }
        });
    }

    static void backwardData(ConvGeometry g, float[] w, float[] dy, float[] dx) {
        Chunks ch = new Chunks(g, CHUNK_FLOATS);
        Parallel.forRange(ch.count, ch.work, (part, from, to) -> {
            for (int c = from; c < to; c++) {
                int n0 = ch.first(c);
                int ld = ch.width(c);
                float[] rows = ch.gather(dy, n0, ld);
                float[] col = Scratch.get(Scratch.COLUMNS, ch.k * ld);
                Gemm.gemm(true, false, ch.k, ld, ch.o, 1f, w, 0, rows, 0, 0f, col, 0);
                for (int i = 0; i < ld / ch.p; i++) {
                    Im2col.fold(g, col, i * ch.p, ld, dx, (n0 + i) * ch.inImage);
                }
            }
        });
    }

    /** Each part of the batch sums into its own array (part 0 into dw); the parts are added in order. */
    static void backwardFilter(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        Chunks ch = new Chunks(g, FILTER_CHUNK_FLOATS);
        if (ch.count == 0) {
            java.util.Arrays.fill(dw, 0f);
            return;
        }
        int parts = Parallel.parts(ch.count, ch.work);
        float[][] sums = new float[parts][];
        sums[0] = dw;
        for (int i = 1; i < parts; i++) {
            sums[i] = new float[dw.length];
        }
        Parallel.run(parts, ch.count, (part, from, to) -> {
            for (int c = from; c < to; c++) {
                int n0 = ch.first(c);
                int ld = ch.width(c);
                float[] rows = ch.gather(dy, n0, ld);
                float[] col = ch.unfold(x, n0, ld);
                Gemm.gemm(false, true, ch.o, ch.k, ld, 1f, rows, 0, col, 0, c == from ? 0f : 1f, sums[part], 0);
            }
        });
        for (int i = 1; i < parts; i++) {
            float[] s = sums[i];
            for (int j = 0; j < dw.length; j++) {
                dw[j] += s[j];
            }
        }
    }

    /** Per channel: each image's plane summed in float, the planes accumulated in double. */
    static void backwardBias(ConvGeometry g, float[] dy, float[] db) {
        int o = g.outChannels();
        int p = Im2col.cols(g);
        Parallel.forRange(o, (long) g.batch() * p, (part, from, to) -> {
            for (int c = from; c < to; c++) {
                double sum = 0;
                for (int n = 0; n < g.batch(); n++) {
                    sum += ReduceKernels.sum(dy, (n * o + c) * p, p);
                }
                db[c] = (float) sum;
            }
        });
    }

    /** The batch cut into chunks of {@code size} images, and the matrix sizes of one image. */
    private static final class Chunks {
        final ConvGeometry g;
        final int k;
        final int p;
        final int o;
        final int inImage;
        final int size;
        final int count;
        final long work;

        Chunks(ConvGeometry g, int targetFloats) {
            this.g = g;
            k = Im2col.rows(g);
            p = Im2col.cols(g);
            o = g.outChannels();
            inImage = g.inChannels() * g.inH() * g.inW();
            size = Math.max(1, Math.min(g.batch(), targetFloats / Math.max(1, (k + o) * p)));
            count = (g.batch() + size - 1) / size;
            work = 2L * o * k * p * size;
        }

        int first(int chunk) {
            return chunk * size;
        }

        /** Columns of the chunk's matrices: P per image. */
        int width(int chunk) {
            return Math.min(size, g.batch() - chunk * size) * p;
        }

        /** The column matrix (K × ld) of images n0.. in this thread's scratch. */
        float[] unfold(float[] x, int n0, int ld) {
            float[] col = Scratch.get(Scratch.COLUMNS, k * ld);
            for (int i = 0; i < ld / p; i++) {
                Im2col.unfold(g, x, (n0 + i) * inImage, col, i * p, ld);
            }
            return col;
        }

        /** The output-gradient rows of images n0.. side by side (O × ld), in this thread's scratch. */
        float[] gather(float[] dy, int n0, int ld) {
            float[] rows = Scratch.get(Scratch.ROWS, o * ld);
            for (int i = 0; i < ld / p; i++) {
                for (int c = 0; c < o; c++) {
                    System.arraycopy(dy, ((n0 + i) * o + c) * p, rows, c * ld + i * p, p);
                }
            }
            return rows;
        }
    }
}
