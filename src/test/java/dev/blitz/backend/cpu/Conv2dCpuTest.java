package dev.blitz.backend.cpu;

import dev.blitz.Close;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.ConvGeometry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.buffer;
import static dev.blitz.backend.cpu.ReferenceKernels.random;
import static dev.blitz.backend.cpu.ReferenceKernels.read;
import static dev.blitz.backend.cpu.ReferenceKernels.tolerance;

class Conv2dCpuTest {
    /**
     * batch, in channels, H, W, out channels, kH, kW, strideH, strideW, padH, padW[, dilationH, dilationW,
     * groups]. Stride 1 without padding takes the wide layout, the rest the exact one; both with dilation and
     * groups.
     */
    private static final int[][] GEOMETRIES = {
        {2, 1, 32, 32, 6, 5, 5, 1, 1, 0, 0},
        {3, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0},
        {1, 3, 7, 9, 4, 3, 2, 2, 1, 1, 0},
        {2, 2, 5, 6, 3, 1, 1, 1, 1, 0, 0},
        {2, 2, 8, 7, 5, 3, 3, 3, 2, 2, 1},
        {1, 1, 4, 4, 1, 4, 4, 1, 1, 0, 0},
        {40, 2, 9, 9, 7, 3, 3, 1, 1, 1, 1},
        {2, 4, 9, 8, 6, 3, 3, 1, 1, 0, 0, 2, 2, 1},
        {2, 4, 9, 8, 6, 3, 3, 1, 1, 0, 0, 1, 1, 2},
        {2, 3, 10, 9, 6, 2, 3, 1, 1, 0, 0, 3, 2, 3},
        {1, 6, 11, 10, 9, 3, 2, 2, 1, 2, 1, 2, 3, 3},
        {3, 4, 7, 7, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4},
        {2, 4, 6, 13, 8, 1, 3, 1, 2, 0, 3, 1, 4, 2},
        {40, 4, 9, 9, 8, 3, 3, 1, 1, 0, 0, 2, 1, 2},
        {2, 6, 16, 15, 5, 3, 3, 1, 1, 1, 2, 2, 1, 1},
        {2, 12, 7, 7, 4, 3, 3, 1, 1, 1, 1},
        {2, 11, 9, 13, 5, 2, 4, 1, 1, 1, 3, 3, 2, 1},
        {2, 64, 8, 8, 64, 5, 5, 1, 1, 0, 0}, // filter gradient's partial sums in two passes of output channels
        {2, 96, 8, 8, 96, 5, 5, 1, 1, 0, 0, 1, 1, 2}, // ... the first pass ending inside the second group
        {70, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0},
    };

    @Test
    void forwardMatchesDirectLoops() {
        Random r = new Random(11);
        for (int[] s : GEOMETRIES) {
            ConvGeometry g = geometry(s);
            float[] x = random(r, g.inputNumel());
            float[] w = random(r, g.weightNumel());
            float[] b = random(r, g.outChannels());
            for (boolean bias : new boolean[] {true, false}) {
                Buffer y = CPU.allocate(g.outputNumel());
                CPU.conv2dForward(g, buffer(x), buffer(w), bias ? buffer(b) : null, y);
                double[][] want = forward(g, x, w, bias ? b : null);
                Close.assertClose(want[0], read(y), tolerance(want[1], 1e-5), 0,
                        "forward " + g + " bias=" + bias);
            }
        }
    }

    @Test
    void backwardMatchesDirectLoops() {
        Random r = new Random(12);
        for (int[] s : GEOMETRIES) {
            ConvGeometry g = geometry(s);
            float[] x = random(r, g.inputNumel());
            float[] w = random(r, g.weightNumel());
            float[] dy = random(r, g.outputNumel());
            double[][][] want = backward(g, x, w, dy);
            Buffer dx = buffer(random(r, g.inputNumel()));
            Buffer dw = buffer(random(r, g.weightNumel()));
            Buffer db = buffer(random(r, g.outChannels()));
            CPU.conv2dBackwardData(g, buffer(w), buffer(dy), dx);
            CPU.conv2dBackwardFilter(g, buffer(x), buffer(dy), dw);
            CPU.conv2dBackwardBias(g, buffer(dy), db);
            Close.assertClose(want[0][0], read(dx), tolerance(want[0][1], 1e-5), 0,
                    "backward data " + g);
            Close.assertClose(want[1][0], read(dw), tolerance(want[1][1], 1e-5), 0,
                    "backward filter " + g);
            Close.assertClose(want[2][0], read(db), tolerance(want[2][1], 1e-5), 0,
                    "backward bias " + g);
        }
    }

    @Test
    void nonFiniteValuesSpreadExactlyAsInTheDirectLoops() {
        Random r = new Random(14);
        int[][] geometries = {{3, 2, 9, 8, 3, 3, 2, 1, 1, 0, 0}, {3, 2, 9, 8, 4, 3, 2, 1, 1, 0, 0, 2, 3, 2},
            {3, 6, 9, 8, 3, 3, 2, 1, 1, 1, 0}};
        for (int[] s : geometries) {
            ConvGeometry g = geometry(s);
            float[] x = random(r, g.inputNumel());
            float[] w = random(r, g.weightNumel());
            float[] dy = random(r, g.outputNumel());
            x[g.inputNumel() / 2 + 7] = Float.POSITIVE_INFINITY;
            x[2 * 9 * 8 - 1] = Float.NaN;
            w[5] = Float.NaN;
            double[][][] want = backward(g, x, w, dy);
            Buffer dx = CPU.allocate(g.inputNumel());
            Buffer dw = CPU.allocate(g.weightNumel());
            CPU.conv2dBackwardData(g, buffer(w), buffer(dy), dx);
            CPU.conv2dBackwardFilter(g, buffer(x), buffer(dy), dw);
            assertSameNonFinite("backward data " + g, want[0][0], read(dx));
            assertSameNonFinite("backward filter " + g, want[1][0], read(dw));
        }
    }

    /** NaN exactly where the oracle has NaN, the same infinities, and finite values close. */
    private static void assertSameNonFinite(String what, double[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            boolean same = Double.isNaN(want[i]) ? Float.isNaN(got[i])
                    : Double.isInfinite(want[i]) ? want[i] == got[i]
                    : Float.isFinite(got[i]) && Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i]));
            if (!same) {
                org.junit.jupiter.api.Assertions.fail(what + ": element " + i + " is " + got[i] + ", expected "
                        + want[i]);
            }
        }
    }

    /**
     * The pool's split (parts summed in another order) against the calling thread alone, within float rounding of
     * each output's terms: their absolute values' sums, from the same kernels on |x|, |w| and |dy|.
     */
    @Test
    void oneThreadAndManyAgree() {
        Random r = new Random(13);
        for (int[] s : new int[][] {GEOMETRIES[GEOMETRIES.length - 1], GEOMETRIES[GEOMETRIES.length - 2]}) {
            ConvGeometry g = geometry(s);
            float[] x = random(r, g.inputNumel());
            float[] w = random(r, g.weightNumel());
            float[] dy = random(r, g.outputNumel());
            float[] many = allThree(g, x, w, dy, false);
            float[] one = allThree(g, x, w, dy, true);
            float[] magnitudes = allThree(g, abs(x), abs(w), abs(dy), true);
            double[] want = new double[one.length];
            double[] scale = new double[one.length];
            for (int i = 0; i < one.length; i++) {
                want[i] = one[i];
                scale[i] = magnitudes[i] + 1;
            }
            Close.assertClose(want, many, tolerance(scale, 1e-5), 0, "threads vs one thread " + g);
        }
    }

    /** Forward, backward-data and backward-filter outputs end to end, on the pool or on the calling thread. */
    private static float[] allThree(ConvGeometry g, float[] x, float[] w, float[] dy, boolean serially) {
        Buffer y = CPU.allocate(g.outputNumel());
        Buffer dx = CPU.allocate(g.inputNumel());
        Buffer dw = CPU.allocate(g.weightNumel());
        Runnable all = () -> {
            CPU.conv2dForward(g, buffer(x), buffer(w), null, y);
            CPU.conv2dBackwardData(g, buffer(w), buffer(dy), dx);
            CPU.conv2dBackwardFilter(g, buffer(x), buffer(dy), dw);
        };
        if (serially) {
            Parallel.serially(all);
        } else {
            all.run();
        }
        float[] a = read(y);
        float[] b = read(dx);
        float[] c = read(dw);
        float[] joined = new float[a.length + b.length + c.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        System.arraycopy(c, 0, joined, a.length + b.length, c.length);
        return joined;
    }

    private static float[] abs(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }

    private static ConvGeometry geometry(int[] s) {
        if (s.length == 11) {
            return new ConvGeometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
        }
        return new ConvGeometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12],
                s[13]);
    }

    private static int in(ConvGeometry g, int n, int c, int h, int w) {
        return ((n * g.inChannels() + c) * g.inH() + h) * g.inW() + w;
    }

    /** Weight element (o, c, p, q); c counts within o's group. */
    private static int wt(ConvGeometry g, int o, int c, int p, int q) {
        return ((o * g.groupInChannels() + c) * g.kernelH() + p) * g.kernelW() + q;
    }

    private static int out(ConvGeometry g, int n, int o, int i, int j) {
        return ((n * g.outChannels() + o) * g.outH() + i) * g.outW() + j;
    }

    /**
     * Calls {@code visit(inIndex, weightIndex, outIndex)} for every product the convolution sums: output channel
     * o reads the input channels of its group, {@code o / (outChannels / groups)}, through taps dilated apart.
     */
    private static void forEachTap(ConvGeometry g, TapVisitor visit) {
        int cg = g.inChannels() / g.groups();
        int og = g.outChannels() / g.groups();
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int i = 0; i < g.outH(); i++) {
                    for (int j = 0; j < g.outW(); j++) {
                        for (int c = 0; c < cg; c++) {
                            for (int p = 0; p < g.kernelH(); p++) {
                                for (int q = 0; q < g.kernelW(); q++) {
                                    int h = i * g.strideH() - g.padH() + p * g.dilationH();
                                    int w = j * g.strideW() - g.padW() + q * g.dilationW();
                                    if (h >= 0 && h < g.inH() && w >= 0 && w < g.inW()) {
                                        visit.tap(in(g, n, o / og * cg + c, h, w), wt(g, o, c, p, q),
                                                out(g, n, o, i, j));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private interface TapVisitor {
        void tap(int in, int weight, int out);
    }

    private static double[][] forward(ConvGeometry g, float[] x, float[] w, float[] b) {
        double[] y = new double[g.outputNumel()];
        double[] scale = new double[y.length];
        forEachTap(g, (i, k, o) -> {
            y[o] += (double) x[i] * w[k];
            scale[o] += Math.abs((double) x[i] * w[k]);
        });
        if (b != null) {
            int plane = g.outH() * g.outW();
            for (int o = 0; o < y.length; o++) {
                y[o] += b[o / plane % g.outChannels()];
                scale[o] += Math.abs(b[o / plane % g.outChannels()]);
            }
        }
        return new double[][] {y, scale};
    }

    private static double[][][] backward(ConvGeometry g, float[] x, float[] w, float[] dy) {
        double[][] dx = new double[2][g.inputNumel()];
        double[][] dw = new double[2][g.weightNumel()];
        double[][] db = new double[2][g.outChannels()];
        forEachTap(g, (i, k, o) -> {
            dx[0][i] += (double) dy[o] * w[k];
            dx[1][i] += Math.abs((double) dy[o] * w[k]);
            dw[0][k] += (double) dy[o] * x[i];
            dw[1][k] += Math.abs((double) dy[o] * x[i]);
        });
        int plane = g.outH() * g.outW();
        for (int o = 0; o < dy.length; o++) {
            db[0][o / plane % g.outChannels()] += dy[o];
            db[1][o / plane % g.outChannels()] += Math.abs(dy[o]);
        }
        return new double[][][] {dx, dw, db};
    }
}
