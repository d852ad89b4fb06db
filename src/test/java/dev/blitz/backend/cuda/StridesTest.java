package dev.blitz.backend.cuda;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
import dev.blitz.backend.Buffer;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.examples.FixtureValues;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packed Strides struct, read the way the layout kernels read it (emulated here in Java), must give what
 * the CPU backend computes from the unpacked strides: merging dimensions changes no element.
 */
class StridesTest {
    private static final Backend CPU = Backends.of(Device.CPU);

    @Test
    void broadcastsSurviveMerging() {
        int[][][] cases = {
            {{2, 3, 4}, {2, 3, 4}},
            {{2, 3, 4}, {4}},
            {{2, 3, 4}, {3, 1}},
            {{64, 120}, {120}},
            {{1}, {5, 1, 7}},
            {{}, {2, 2}},
            {{}, {}},
            {{2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2}, {2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2}},
            {{3, 1, 2, 2, 2, 2, 2, 2, 2, 2}, {1, 4, 1, 1, 1, 1, 1, 1, 1, 2}},
        };
        for (int[][] c : cases) {
            Shape a = Shape.of(c[0]);
            Shape b = Shape.of(c[1]);
            Shape out = Shape.broadcast(a, b, "test");
            float[] x = values(a.numel(), 1);
            float[] y = values(b.numel(), 2);
            Buffer expected = CPU.allocate(out.numel());
            CPU.binary(BinaryOp.SUB, new Strided(CPU.upload(x), 0, a.broadcastStrides(out)), new Strided(CPU.upload(y), 0, b.broadcastStrides(out)), expected, out);
            int[] s = Strides.pack("binary", out.dims(), a.broadcastStrides(out), b.broadcastStrides(out));
            assertEquals(Strides.INTS, s.length);
            float[] got = new float[out.numel()];
            for (int i = 0; i < got.length; i++) {
                int[] off = offsets(s, i);
                got[i] = x[off[0]] - y[off[1]];
            }
            assertArrayEquals(download(expected), got, a + " - " + b);
        }
    }

    @Test
    void sumToReadsDestinationStridesFromA() {
        int[][][] cases = {{{64, 120}, {120}}, {{2, 3, 4}, {3, 1}}, {{2, 3, 4}, {}}, {{5, 1, 6}, {5, 1, 1}}};
        for (int[][] c : cases) {
            Shape src = Shape.of(c[0]);
            Shape dst = Shape.of(c[1]);
            float[] x = values(src.numel(), 3);
            Buffer expected = CPU.allocate(dst.numel());
            CPU.sumTo(CPU.upload(x), src, expected, dst);
            int[] dstStrides = dst.broadcastStrides(src);
            int[] s = Strides.pack("sumTo", src.dims(), dstStrides, new int[dstStrides.length]);
            float[] got = new float[dst.numel()];
            for (int i = 0; i < x.length; i++) {
                got[offsets(s, i)[0]] += x[i];
            }
            assertArrayEquals(download(expected), got, 1e-5f, src + " -> " + dst);
        }
    }

    @Test
    void contiguousDimensionsMergeIntoOne() {
        int[] s = Strides.pack("binary", new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {0, 0, 1});
        assertEquals(2, s[0], "[2*3, 4]: a is contiguous, b broadcasts over the first two dims");
        assertEquals(6, s[1]);
        assertEquals(4, s[2]);
    }

    @Test
    void tooManyDimensionsAfterMergingIsAClearError() {
        int[] dims = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] a = Shape.of(dims).broadcastStrides(Shape.of(dims));
        int[] b = new int[9];
        for (int i = 0; i < 9; i++) {
            b[i] = i % 2 == 0 ? 0 : a[i]; // alternating broadcast: nothing can merge
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Strides.pack("binary ADD", dims, a, b));
        assertTrue(e.getMessage().contains("at most 8 dimensions"), e.getMessage());
        assertTrue(e.getMessage().contains("binary ADD") && e.getMessage().contains(Arrays.toString(dims)),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Strides.exact("gather", dims, 0, a));
        assertTrue(e.getMessage().contains("CUDA gather") && e.getMessage().contains(Arrays.toString(dims)),
                e.getMessage());
    }

    @Test
    void threeOperandsMergeOnlyWhereAllThreeAreContiguous() {
        // where(cond [2, 3, 4] contiguous, a broadcast over dim 0, b a transpose of the last two dims)
        int[] dims = {2, 3, 4};
        int[] s = Strides.pack("where", dims, new int[] {12, 4, 1}, new int[] {0, 4, 1}, new int[] {12, 1, 3});
        assertEquals(Strides.INTS, s.length);
        assertEquals(3, s[0], "nothing merges: b walks dims 1 and 2 out of order");
        s = Strides.pack("where", dims, new int[] {12, 4, 1}, new int[] {0, 4, 1}, new int[] {0, 4, 1});
        assertArrayEquals(new int[] {2, 2, 12}, Arrays.copyOfRange(s, 0, 3), "[2, 3*4]");
        assertArrayEquals(new int[] {12, 1}, Arrays.copyOfRange(s, 1 + Strides.MAX_RANK, 3 + Strides.MAX_RANK));
        assertArrayEquals(new int[] {0, 1}, Arrays.copyOfRange(s, 1 + 3 * Strides.MAX_RANK, 3 + 3 * Strides.MAX_RANK));
    }

    @Test
    void exactKeepsTheIndexedDimensionAndDropsOtherOnes() {
        int[] dims = {1, 5, 1, 3, 1};
        int[] s = Strides.exact("scatter", dims, 2, Strides.contiguous(dims), new int[] {0, 10, 7, 2, 0});
        assertEquals(3, s[0], "dims 1, 2 (kept though 1) and 3");
        assertArrayEquals(new int[] {5, 1, 3}, Arrays.copyOfRange(s, 1, 4));
        assertArrayEquals(new int[] {3, 3, 1}, Arrays.copyOfRange(s, 1 + Strides.MAX_RANK, 4 + Strides.MAX_RANK));
        assertArrayEquals(new int[] {10, 7, 2}, Arrays.copyOfRange(s, 1 + 2 * Strides.MAX_RANK,
                4 + 2 * Strides.MAX_RANK));
        assertEquals(1, Strides.keptAt(dims, 2));
        assertEquals(0, Strides.keptAt(dims, 1));
        assertEquals(2, Strides.keptAt(dims, 4));
    }

    /** Element offsets of a and b for output index i, as the kernels compute them. */
    private static int[] offsets(int[] s, int i) {
        int rank = s[0];
        int ia = 0;
        int ib = 0;
        for (int d = rank - 1; d >= 0; d--) {
            int coord = i % s[1 + d];
            i /= s[1 + d];
            ia += coord * s[1 + Strides.MAX_RANK + d];
            ib += coord * s[1 + 2 * Strides.MAX_RANK + d];
        }
        return new int[] {ia, ib};
    }

    /** The fixtures' rule at scale 1000: integers in [-1000, 1000], so differences and sums are exact. */
    private static float[] values(int n, int seed) {
        return FixtureValues.values(n, seed, 1000);
    }

    private static float[] download(Buffer b) {
        float[] out = new float[b.length()];
        CPU.download(b, out);
        return out;
    }
}
