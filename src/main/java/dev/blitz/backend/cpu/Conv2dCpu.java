package dev.blitz.backend.cpu;

import dev.blitz.backend.ConvGeometry;

/**
 * Convolution as GEMMs over column matrices ({@link Im2col}). Images go in chunks laid side by side, so one
 * GEMM covers several images: with {@code K = C*kH*kW}, {@code P} columns per image and G images per chunk,
 * forward {@code Y (O × GP) = W (O×K) · COL (K × GP) + b}; backward-data {@code COL = W^T · dY}, folded back
 * per image; backward-filter {@code dW += dY · COL^T}. Chunks are split over threads; each thread works in
 * its own reusable scratch arrays. Stride-1 convolutions that suit it skip the column matrix: {@link Conv2dTaps}
 * (forward and backward-data) and the filter gradient read their taps where they lie.
 *
 * <p>With groups, each group is the same product on its own blocks: its rows of W (all of W's columns, which
 * are {@code Kg = K / groups} long), its {@code Kg} rows of COL and its rows of Y; one GEMM per group. With
 * one group that is the single GEMM above, with the same arguments.
 *
 * <p>Stride-1 unpadded convolutions use the wide column layout, whose junk columns must not reach a result: forward
 * drops them; backward-data (where {@link Conv2dTaps} does not take it) gives them zero gradient, which
 * stays zero through finite weights (with a non-finite weight it takes the exact layout), and its GEMM adds each
 * tap's row straight into the input gradient instead of writing a column matrix to fold; the filter gradient
 * multiplies zero gradients by whatever the junk input cells hold, which is exact unless one of them is infinite or
 * NaN, so a non-finite filter gradient is recomputed in the exact layout.
 */
final class Conv2dCpu {
    /** Floats of partial sums the filter gradient keeps per thread (4 MB): LeNet's conv2 needs 38,416. */
    private static final int LANES_FLOATS = 1 << 20;
    /** Floats in a chunk's matrices: enough images to amortise a GEMM's edges, few enough to stay in L2. */
    private static final int CHUNK_FLOATS = 1 << 16;
    /** The filter gradient reduces its dot products once per chunk, so it takes longer rows. */
    private static final int FILTER_CHUNK_FLOATS = 1 << 18;

    private Conv2dCpu() {
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        if (Conv2dTaps.suitsForward(g, GemmCpu.kernel()) && (g.padH() == 0 && g.padW() == 0 || allFinite(w))) {
            Conv2dTaps.forward(g, x, w, bias, y);
            return;
        }
        Layout ch = new Layout(g, Im2col.isDense(g), CHUNK_FLOATS);
        Parallel.forRange(ch.count, ch.work, (part, from, to) -> {
            for (int c = from; c < to; c++) {
                int n0 = ch.first(c);
                int ld = ch.width(c);
                float[] col = ch.unfold(x, n0, ld);
                float[] out = Scratch.get(Scratch.ROWS, ch.o * ld);
                for (int gi = 0; gi < ch.groups; gi++) {
                    GemmCpu.gemm(false, false, ch.og, ld, ch.kg, 1f, w, gi * ch.og * ch.kg, col, gi * ch.kg * ld,
                            0f, out, gi * ch.og * ld);
                }
                ch.scatter(out, ld, y, n0, bias);
            }
        });
    }

    static void backwardData(ConvGeometry g, float[] w, float[] dy, float[] dx) {
        boolean finite = allFinite(w);
        if (finite && Conv2dTaps.suitsBackwardData(g, GemmCpu.kernel())) {
            Conv2dTaps.backwardData(g, w, dy, dx);
            return;
        }
        Layout ch = new Layout(g, Im2col.isDense(g) && finite, CHUNK_FLOATS);
        int[][] taps = groupTaps(g);
        Parallel.forRange(ch.count, ch.work, (part, from, to) -> {
            for (int c = from; c < to; c++) {
                int n0 = ch.first(c);
                int ld = ch.width(c);
                float[] rows = ch.gather(dy, n0, ld);
                if (!ch.wide) {
                    float[] col = Scratch.get(Scratch.COLUMNS, ch.k * ld);
                    for (int gi = 0; gi < ch.groups; gi++) {
                        GemmCpu.gemm(true, false, ch.kg, ld, ch.og, 1f, w, gi * ch.og * ch.kg, rows, gi * ch.og * ld,
                                0f, col, gi * ch.kg * ld);
                    }
                    for (int i = 0; i < ld / ch.per; i++) {
                        Im2col.fold(g, col, i * ch.per, ld, dx, (n0 + i) * ch.inImage);
                    }
                    continue;
                }
                // Each row of W^T · dY is one kernel tap's gradient, added straight into dx at the tap's offset.
                for (int i = 0; i < ld / ch.per; i++) {
                    int image = (n0 + i) * ch.inImage;
                    java.util.Arrays.fill(dx, image, image + ch.inImage, 0f);
                    for (int gi = 0; gi < ch.groups; gi++) {
                        BlockedGemm.gemmIntoRows(GemmCpu.kernel(), true, false, ch.kg, Im2col.wideCols(g), ch.og, 1f,
                                w, gi * ch.og * ch.kg, ch.kg, rows, gi * ch.og * ld + i * ch.per, ld, 1f, dx, taps[gi],
                                image);
                    }
                }
            }
        });
    }

    static void backwardFilter(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        boolean wide = Im2col.isDense(g);
        backwardFilter(new Layout(g, wide, FILTER_CHUNK_FLOATS), x, dy, dw);
        if (wide && !allFinite(dw)) {
            backwardFilter(new Layout(g, false, FILTER_CHUNK_FLOATS), x, dy, dw);
        }
    }

    /**
     * Each part of the batch sums into its own slice (part 0 into dw, part i into slice i - 1 of one pooled
     * array); the parts are added in order.
     */
    private static void backwardFilter(Layout ch, float[] x, float[] dy, float[] dw) {
        if (ch.count == 0) {
            java.util.Arrays.fill(dw, 0f);
            return;
        }
        // The tap form keeps a part's partial sums in lanes that it zeroes and folds once per part, which costs
        // as much as a few images: one part per thread, the images shared evenly (LeNet's conv2 at batch 64 had
        // seven parts of ten images or fewer).
        int parts = ch.wide ? Math.min(Parallel.threads(), Parallel.parts(ch.g.batch(), ch.work / ch.size))
                : Parallel.parts(ch.count, ch.work);
        int len = dw.length;
        float[] partials = ArrayPool.take((parts - 1) * len);
        if (ch.wide) {
            backwardFilterInPlace(ch, x, dy, dw, parts, partials);
        } else {
            Parallel.run(parts, ch.count, (part, from, to) -> {
                float[] sum = part == 0 ? dw : partials;
                int at = part == 0 ? 0 : (part - 1) * len;
                for (int c = from; c < to; c++) {
                    int n0 = ch.first(c);
                    int ld = ch.width(c);
                    float[] rows = ch.gather(dy, n0, ld);
                    float[] col = ch.unfold(x, n0, ld);
                    for (int gi = 0; gi < ch.groups; gi++) {
                        GemmCpu.gemm(false, true, ch.og, ch.kg, ld, 1f, rows, gi * ch.og * ld, col, gi * ch.kg * ld,
                                c == from ? 0f : 1f, sum, at + gi * ch.og * ch.kg);
                    }
                }
            });
        }
        for (int i = 1; i < parts; i++) {
            int at = (i - 1) * len;
            for (int j = 0; j < len; j++) {
                dw[j] += partials[at + j];
            }
        }
        ArrayPool.give(partials);
    }

    /**
     * The wide layout straight from the input, no column matrix: {@code dW[o][r] = sum over images i, q < wideCols
     * of dY_i[o][q] * x_i[tap(r) + q]}, a tap's row of the wide column matrix being a run of the input, read where
     * it lies. A part's chunks add their dot products' partial sums ({@link GemmKernel#segmentedDots}) into one
     * per-thread array, with room at its end for those nothing reads; each dot product's lanes are summed once, at
     * the end of the part. (LeNet's conv2 at batch 256, in a training step on two threads: 1.6-2.1 ms with 6 × 2
     * blocks folded after each chunk, 1.3-1.6 ms with 4 × 4 blocks folded once per part.) A layer whose lanes
     * would not fit in {@link #LANES_FLOATS} takes its output channels a few at a time, each pass over the part.
     */
    private static void backwardFilterInPlace(Layout ch, float[] x, float[] dy, float[] dw, int parts,
                                              float[] partials) {
        GemmKernel kernel = GemmCpu.kernel();
        int lanes = kernel.lanes;
        int len = dw.length;
        int[][] taps = groupTaps(ch.g);
        int perPass = Math.max(1, Math.min(ch.o, LANES_FLOATS / (ch.kg * lanes) - 1));
        Parallel.run(parts, ch.g.batch(), (part, from, to) -> {
            float[] sum = part == 0 ? dw : partials;
            int at = part == 0 ? 0 : (part - 1) * len;
            for (int o0 = 0; o0 < ch.o; o0 += perPass) {
                int o1 = Math.min(ch.o, o0 + perPass);
                int dots = (o1 - o0) * ch.kg;
                float[] acc = Scratch.get(Scratch.LANES, (dots + 1) * lanes);
                java.util.Arrays.fill(acc, 0, (dots + 1) * lanes, 0f);
                for (int n0 = from; n0 < to; n0 += ch.size) {
                    int images = Math.min(ch.size, to - n0);
                    int ld = images * ch.per;
                    float[] gathered = ch.gather(dy, n0, ld);
                    // The sums run on to the padded width (the gradient rows are zero there), so no dot product has
                    // a scalar tail, unless that would read past x.
                    int k = (n0 + images - 1) * ch.inImage + Im2col.tapOffset(ch.g, ch.k - 1) + ch.per <= x.length
                            ? ch.per : Im2col.wideCols(ch.g);
                    // Output channels o0..o1 of each group that has some.
                    for (int gi = o0 / ch.og; gi * ch.og < o1; gi++) {
                        int lo = Math.max(o0, gi * ch.og);
                        int hi = Math.min(o1, (gi + 1) * ch.og);
                        DotGemm.segmented(kernel, hi - lo, ch.kg, k, images, gathered, lo * ld, ld, ch.per, x,
                                n0 * ch.inImage, taps[gi], ch.inImage, acc, (lo - o0) * ch.kg * lanes, dots * lanes);
                    }
                }
                for (int j = 0; j < dots; j++) {
                    sum[at + o0 * ch.kg + j] = kernel.sumLanes(acc, j * lanes);
                }
            }
        });
    }

    /**
     * Per channel: the sum of its (image, channel) planes, each plane in eight running float sums
     * ({@link SumCpu#sum}: the adds overlap; 98 terms each for a 28 × 28 plane), the planes added in float64,
     * the channels split over threads. Plain scalar code, fast from the first steps: the product with a vector
     * of ones it replaces (a 6 × 2 block of dot products with one real column) ran boxed until C2 had compiled
     * its fold of vector lanes. Warm, at batch 256 on 2 threads: LeNet's conv1 0.07 -> 0.12 ms, conv2 0.15 ->
     * 0.05 ms.
     */
    static void backwardBias(ConvGeometry g, float[] dy, float[] db) {
        int o = g.outChannels();
        int p = Im2col.cols(g);
        int batch = g.batch();
        Parallel.forRange(o, (long) batch * p, (part, from, to) -> {
            for (int c = from; c < to; c++) {
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    sum += SumCpu.sum(dy, (n * o + c) * p, p);
                }
                db[c] = (float) sum;
            }
        });
    }

    /** Each group's {@link Im2col#tapOffset}s: the rows its block of the wide gradient is added at. */
    private static int[][] groupTaps(ConvGeometry g) {
        int[] all = Im2col.tapOffsets(g);
        int kg = Im2col.groupRows(g);
        int[][] taps = new int[g.groups()][];
        for (int gi = 0; gi < taps.length; gi++) {
            taps[gi] = java.util.Arrays.copyOfRange(all, gi * kg, (gi + 1) * kg);
        }
        return taps;
    }

    private static boolean allFinite(float[] a) {
        float zero = 0f;
        for (float v : a) {
            zero += v - v;
        }
        return zero == 0f;
    }

    /**
     * The batch cut into chunks of {@code size} images and how one image's matrices are laid out: {@code per}
     * columns each, exact ({@code outH*outW}) or wide (padded to a multiple of 16 so dot products need no tail).
     * {@code k} rows of columns and {@code o} output rows in all, {@code kg} and {@code og} of them per group.
     */
    private static final class Layout {
        final ConvGeometry g;
        final boolean wide;
        final int k;
        final int p;
        final int o;
        final int groups;
        final int kg;
        final int og;
        final int per;
        final int inImage;
        final int size;
        final int count;
        final long work;

        Layout(ConvGeometry g, boolean wide, int targetFloats) {
            this.g = g;
            this.wide = wide;
            k = Im2col.rows(g);
            p = Im2col.cols(g);
            o = g.outChannels();
            groups = g.groups();
            kg = Im2col.groupRows(g);
            og = g.groupOutChannels();
            per = wide ? (Im2col.wideCols(g) + 15) / 16 * 16 : p;
            inImage = g.inChannels() * g.inH() * g.inW();
            size = Math.max(1, Math.min(g.batch(), targetFloats / Math.max(1, (k + o) * per)));
            count = (g.batch() + size - 1) / size;
            work = (2L * o * kg / Parallel.FLOPS_PER_UNIT + k + o) * per * size;
        }

        int first(int chunk) {
            return chunk * size;
        }

        /** Columns of the chunk's matrices: {@code per} for each of its images. */
        int width(int chunk) {
            return Math.min(size, g.batch() - chunk * size) * per;
        }

        /** The column matrix (K × ld) of images n0.. in this thread's scratch. */
        float[] unfold(float[] x, int n0, int ld) {
            float[] col = Scratch.get(Scratch.COLUMNS, k * ld);
            for (int i = 0; i < ld / per; i++) {
                if (wide) {
                    Im2col.unfoldWide(g, x, (n0 + i) * inImage, col, i * per, ld, per);
                } else {
                    Im2col.unfold(g, x, (n0 + i) * inImage, col, i * per, ld);
                }
            }
            return col;
        }

        /** The output-gradient rows of images n0.. side by side (O × ld), junk columns zero, in scratch. */
        float[] gather(float[] dy, int n0, int ld) {
            float[] rows = Scratch.get(Scratch.ROWS, o * ld);
            int ow = g.outW();
            for (int i = 0; i < ld / per; i++) {
                for (int c = 0; c < o; c++) {
                    int src = ((n0 + i) * o + c) * p;
                    int dst = c * ld + i * per;
                    if (!wide) {
                        System.arraycopy(dy, src, rows, dst, p);
                        continue;
                    }
                    java.util.Arrays.fill(rows, dst, dst + per, 0f);
                    for (int r = 0; r < g.outH(); r++) {
                        System.arraycopy(dy, src + r * ow, rows, dst + r * g.inW(), ow);
                    }
                }
            }
            return rows;
        }

        /** Copies the real cells of the chunk's output rows (O × ld) into images n0.. of y, adding the bias. */
        void scatter(float[] out, int ld, float[] y, int n0, float[] bias) {
            int ow = g.outW();
            int pitch = wide ? g.inW() : ow;
            for (int i = 0; i < ld / per; i++) {
                for (int c = 0; c < o; c++) {
                    float b = bias == null ? 0f : bias[c];
                    int dst = ((n0 + i) * o + c) * p;
                    int src = c * ld + i * per;
                    for (int r = 0; r < g.outH(); r++, dst += ow) {
                        int s = src + r * pitch;
                        for (int j = 0; j < ow; j++) {
                            y[dst + j] = out[s + j] + b;
                        }
                    }
                }
            }
        }
    }
}
