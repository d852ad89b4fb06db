package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.PoolGeometry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameBits;
import static dev.blitz.backend.cpu.ReferenceKernels.buffer;
import static dev.blitz.backend.cpu.ReferenceKernels.random;
import static dev.blitz.backend.cpu.ReferenceKernels.read;

class MaxPool2dCpuTest {
    /** batch, channels, H, W, kH, kW, strideH, strideW, padH, padW. */
    private static final int[][] GEOMETRIES = {
        {2, 6, 28, 28, 2, 2, 2, 2, 0, 0},
        {3, 2, 7, 9, 2, 2, 2, 2, 0, 0},
        {2, 3, 9, 8, 3, 3, 2, 2, 1, 1},
        {1, 2, 6, 7, 3, 2, 1, 1, 1, 0},
        {1, 1, 5, 5, 5, 5, 1, 1, 0, 0},
        {64, 16, 10, 10, 2, 2, 2, 2, 0, 0},
        {3, 11, 6, 8, 2, 2, 2, 2, 0, 0},
        {1, 40, 5, 5, 2, 2, 2, 2, 0, 0},
        {2, 3, 9, 10, 2, 3, 2, 1, 1, 1},
        {1, 2, 8, 9, 3, 1, 1, 3, 1, 0},
        {2, 2, 7, 11, 1, 4, 3, 2, 0, 2},
        {1, 3, 6, 6, 2, 2, 1, 2, 1, 0},
        {2, 3, 17, 16, 2, 2, 2, 2, 0, 0},
        {1, 2, 5, 19, 2, 2, 2, 2, 0, 0},
        {2, 1, 3, 8, 2, 2, 2, 2, 0, 0},
    };

    @Test
    void matchesTheReferenceScanBitForBit() {
        Random r = new Random(21);
        for (int[] s : GEOMETRIES) {
            PoolGeometry g = new PoolGeometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]);
            float[] x = awkwardValues(r, g.inputNumel());
            float[] dy = random(r, g.outputNumel());
            float[] wantY = new float[g.outputNumel()];
            float[] wantDx = new float[g.inputNumel()];
            reference(g, x, wantY, dy, wantDx);
            Buffer y = CPU.allocate(g.outputNumel());
            CPU.maxPool2dForward(g, buffer(x), y);
            assertSameBits("max_pool2d forward " + g, wantY, read(y));
            Buffer dx = buffer(random(r, g.inputNumel()));
            CPU.maxPool2dBackward(g, buffer(x), y, buffer(dy), dx);
            assertSameBits("max_pool2d backward " + g, wantDx, read(dx));
            for (MaxPool2x2 kernel : new MaxPool2x2[] {ScalarMaxPool2x2.INSTANCE, MaxPool2x2.BEST}) {
                float[] y2 = new float[g.outputNumel()];
                float[] dx2 = random(r, g.inputNumel());
                MaxPool2dCpu.forward(g, x, y2, kernel);
                MaxPool2dCpu.backward(g, x, y2, dy, dx2, kernel);
                assertSameBits(kernel.getClass().getSimpleName() + " forward " + g, wantY, y2);
                assertSameBits(kernel.getClass().getSimpleName() + " backward " + g, wantDx, dx2);
            }
        }
    }

    @Test
    void firstMaximumWinsAndNanPropagates() {
        PoolGeometry g = new PoolGeometry(1, 1, 2, 4, 2, 2, 2, 2, 0, 0);
        float nan = Float.NaN;
        float[] x = {-0f, 0f, 1f, nan, 0f, -0f, nan, 1f};
        Buffer y = CPU.allocate(2);
        CPU.maxPool2dForward(g, buffer(x), y);
        assertSameBits("forward", new float[] {-0f, nan}, read(y));
        Buffer dx = CPU.allocate(8);
        CPU.maxPool2dBackward(g, buffer(x), y, buffer(new float[] {5f, 7f}), dx);
        // window 2: the NaN in the top row wins, then the NaN in the bottom row does.
        assertSameBits("backward", new float[] {5f, 0f, 0f, 0f, 0f, 0f, 7f, 0f}, read(dx));
    }

    @Test
    void aRangeOfPlanesIsWrittenWholeAndNoOtherCell() {
        Random r = new Random(5);
        int planes = 5;
        for (int[] hw : new int[][] {{28, 28}, {10, 10}, {5, 5}, {7, 9}, {4, 40}, {2, 2}, {3, 33}}) {
            int h = hw[0];
            int w = hw[1];
            int plane = h * w;
            float[] x = awkwardValues(r, planes * plane);
            float[] y = new float[planes * (h / 2) * (w / 2)];
            float[] dy = random(r, y.length);
            ScalarMaxPool2x2.INSTANCE.forward(x, y, h, w, 0, planes);
            float[] want = new float[x.length];
            ScalarMaxPool2x2.INSTANCE.backward(x, y, dy, want, h, w, 0, planes);
            for (MaxPool2x2 kernel : new MaxPool2x2[] {ScalarMaxPool2x2.INSTANCE, MaxPool2x2.BEST}) {
                String name = kernel.getClass().getSimpleName() + " on planes 1..2 of " + h + "x" + w;
                float[] y2 = new float[y.length];
                java.util.Arrays.fill(y2, 7f);
                kernel.forward(x, y2, h, w, 1, 3);
                assertOnlyPlanes(name + " forward", y, y2, (h / 2) * (w / 2));
                float[] dx = new float[x.length];
                java.util.Arrays.fill(dx, 7f);
                kernel.backward(x, y, dy, dx, h, w, 1, 3);
                assertOnlyPlanes(name + " backward", want, dx, plane);
            }
        }
    }

    /** Planes 1 and 2 of {@code got} hold {@code want}'s bits; every other cell still holds 7. */
    private static void assertOnlyPlanes(String what, float[] want, float[] got, int plane) {
        for (int i = 0; i < got.length; i++) {
            float expected = i >= plane && i < 3 * plane ? want[i] : 7f;
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(expected)) {
                throw new AssertionError(what + ": cell " + i + " is " + got[i] + ", expected " + expected);
            }
        }
    }

    /** Values with ties, signed zeros and a few NaNs, the cases where "first maximum" matters. */
    private static float[] awkwardValues(Random r, int n) {
        float[] x = new float[n];
        float[] pool = {0f, -0f, 1f, -1f, 0.5f, Float.NaN};
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(4) == 0 ? pool[r.nextInt(r.nextInt(40) == 0 ? 6 : 5)] : r.nextFloat() - 0.5f;
        }
        return x;
    }

    /** The original scan: first maximum in row-major order; a NaN wins and ends the scan of its row. */
    private static void reference(PoolGeometry g, float[] in, float[] out, float[] gy, float[] gx) {
        for (int plane = 0; plane < g.batch() * g.channels(); plane++) {
            int inBase = plane * g.inH() * g.inW();
            for (int i = 0; i < g.outH(); i++) {
                for (int j = 0; j < g.outW(); j++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int bestAt = -1;
                    for (int p = 0; p < g.kernelH(); p++) {
                        int h = i * g.strideH() - g.padH() + p;
                        if (h < 0 || h >= g.inH()) {
                            continue;
                        }
                        for (int q = 0; q < g.kernelW(); q++) {
                            int w = j * g.strideW() - g.padW() + q;
                            if (w < 0 || w >= g.inW()) {
                                continue;
                            }
                            float v = in[inBase + h * g.inW() + w];
                            if (bestAt < 0 || v > best || Float.isNaN(v)) {
                                best = v;
                                bestAt = inBase + h * g.inW() + w;
                                if (Float.isNaN(v)) {
                                    break;
                                }
                            }
                        }
                    }
                    int o = (plane * g.outH() + i) * g.outW() + j;
                    out[o] = best;
                    gx[bestAt] += gy[o];
                }
            }
        }
    }
}
