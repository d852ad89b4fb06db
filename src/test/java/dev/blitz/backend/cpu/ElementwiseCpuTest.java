package dev.blitz.backend.cpu;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
import dev.blitz.backend.Buffer;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameBits;
import static dev.blitz.backend.cpu.ReferenceKernels.buffer;
import static dev.blitz.backend.cpu.ReferenceKernels.random;
import static dev.blitz.backend.cpu.ReferenceKernels.read;

class ElementwiseCpuTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 3e-39f, -2.5f};

    @Test
    void broadcastingBinaryOpsMatchIndexArithmetic() {
        Random r = new Random(31);
        int[][][] pairs = {
            {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{3, 1, 5}, {4, 1}}, {{1}, {2, 3}}, {{}, {5}}, {{2, 3, 4}, {}},
            {{70000}, {70000}}, {{300, 240}, {240}}, {{2, 1}, {1, 3}}, {{0, 3}, {3}}
        };
        for (int[][] p : pairs) {
            Shape a = Shape.of(p[0]);
            Shape b = Shape.of(p[1]);
            Shape out = Shape.broadcast(a, b, "test");
            float[] x = random(r, a.numel());
            float[] y = random(r, b.numel());
            for (BinaryOp op : BinaryOp.values()) {
                Buffer o = CPU.allocate(out.numel());
                CPU.binary(op, new Strided(buffer(x), 0, a.broadcastStrides(out)), new Strided(buffer(y), 0, b.broadcastStrides(out)), o, out);
                assertSameBits(op + " " + a + " " + b, expected(op, x, a, y, b, out), read(o));
            }
        }
    }

    @Test
    void binaryMayWriteIntoItsFirstOperand() {
        Shape s = Shape.of(4, 3);
        Buffer a = buffer(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Buffer bias = buffer(new float[] {100, 200, 300});
        CPU.binary(BinaryOp.ADD, new Strided(a, 0, s.broadcastStrides(s)), new Strided(bias, 0, Shape.of(3).broadcastStrides(s)), a, s);
        assertSameBits("in place", new float[] {101, 202, 303, 104, 205, 306, 107, 208, 309, 110, 211, 312},
                read(a));
    }

    @Test
    void affineAxpyAndReluKeepSpecialValues() {
        Random r = new Random(32);
        float[] x = withSpecials(r, 70001);
        float[] y = withSpecials(r, x.length);
        float[] g = random(r, x.length);
        float[] affine = new float[x.length];
        float[] axpy = new float[x.length];
        float[] relu = new float[x.length];
        float[] reluGrad = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            affine[i] = 0.75f * x[i] - 2f;
            axpy[i] = y[i] + -1.5f * x[i];
            relu[i] = x[i] > 0f ? x[i] : (Float.isNaN(x[i]) ? x[i] : 0f);
            reluGrad[i] = y[i] > 0f ? g[i] : 0f;
        }
        Buffer out = CPU.allocate(x.length);
        CPU.affine(buffer(x), 0.75f, -2f, out);
        assertSameBits("affine", affine, read(out));
        Buffer acc = buffer(y);
        CPU.axpy(-1.5f, buffer(x), acc);
        assertSameBits("axpy", axpy, read(acc));
        CPU.reluForward(buffer(x), out);
        assertSameBits("relu", relu, read(out));
        CPU.reluBackward(buffer(y), buffer(g), out);
        assertSameBits("relu backward", reluGrad, read(out));
    }

    @Test
    void reluBackwardPassesNanGradientsOnlyWhereTheOutputIsPositive() {
        float nan = Float.NaN;
        Buffer dx = CPU.allocate(4);
        CPU.reluBackward(buffer(new float[] {1f, 0f, -0f, nan}), buffer(new float[] {nan, nan,
            -0f, 2f}), dx);
        assertSameBits("relu backward", new float[] {nan, 0f, 0f, 0f}, read(dx));
    }

    private static float[] withSpecials(Random r, int n) {
        float[] a = random(r, n);
        for (int i = 0; i < n; i += 7) {
            a[i] = SPECIAL[r.nextInt(SPECIAL.length)];
        }
        return a;
    }

    private static float[] expected(BinaryOp op, float[] x, Shape a, float[] y, Shape b, Shape out) {
        float[] o = new float[out.numel()];
        int[] dims = out.dims();
        for (int i = 0; i < o.length; i++) {
            int rest = i;
            int[] idx = new int[dims.length];
            for (int d = dims.length - 1; d >= 0; d--) {
                idx[d] = rest % dims[d];
                rest /= dims[d];
            }
            o[i] = op.apply(x[flat(idx, a)], y[flat(idx, b)]);
        }
        return o;
    }

    /** Row-major index into {@code s} of an output index, trailing-aligned, size-1 dimensions pinned to 0. */
    private static int flat(int[] idx, Shape s) {
        int offset = idx.length - s.rank();
        int at = 0;
        for (int d = 0; d < s.rank(); d++) {
            at = at * s.dim(d) + (s.dim(d) == 1 ? 0 : idx[d + offset]);
        }
        return at;
    }
}
