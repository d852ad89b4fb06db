package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.Strided;
import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameValues;
import static dev.blitz.backend.cpu.ReferenceKernels.element;
import static dev.blitz.backend.cpu.ReferenceKernels.exact;
import static dev.blitz.backend.cpu.ReferenceKernels.upload;
import static dev.blitz.backend.cpu.ReferenceKernels.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CopyCpuTest {
    @Test
    void contiguousIsWhatATransposedViewReads() {
        // [[0, 1, 2], [3, 4, 5]] read as its 3 x 2 transpose.
        Buffer src = upload(DType.FLOAT32, 0, 1, 2, 3, 4, 5);
        Buffer dst = CPU.allocate(6);
        CPU.copyStrided(new Strided(src, 0, new int[] {1, 3}), Strided.contiguous(dst, 3, 2), new int[] {3, 2});
        assertSameValues("transpose", new double[] {0, 3, 1, 4, 2, 5}, values(dst));
    }

    @Test
    void expandReadsOneRowManyTimes() {
        Buffer src = upload(DType.INT64, 7, 8);
        Buffer dst = CPU.allocate(DType.INT64, 6);
        CPU.copyStrided(new Strided(src, 0, new int[] {0, 1}), Strided.contiguous(dst, 3, 2), new int[] {3, 2});
        assertSameValues("expand", new double[] {7, 8, 7, 8, 7, 8}, values(dst));
    }

    @Test
    void writingIntoASliceLeavesTheRestAlone() {
        // dst[:, 1:3] = src, with dst 3 x 4 and src 3 x 2 starting at element 1 of its buffer.
        Buffer dst = CPU.allocate(DType.FLOAT64, 12);
        CPU.fill(dst, 0);
        Buffer src = upload(DType.FLOAT64, -1, 1, 2, 3, 4, 5, 6);
        CPU.copyStrided(new Strided(src, 1, new int[] {2, 1}), new Strided(dst, 1, new int[] {4, 1}), new int[] {3, 2});
        assertSameValues("slice", new double[] {0, 1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0}, values(dst));
    }

    @Test
    void scalarsAndEmptyShapes() {
        Buffer src = upload(DType.BOOL, 0, 0, 1);
        Buffer dst = upload(DType.BOOL, 0, 0);
        // A 0-d view is one element at the offset.
        CPU.copyStrided(new Strided(src, 2, new int[0]), new Strided(dst, 1, new int[0]), new int[0]);
        assertSameValues("0-d", new double[] {0, 1}, values(dst));
        // Nothing to copy: the destination is untouched, whatever the other sizes.
        for (int[] dims : new int[][] {{0}, {0, 3}, {4, 0, 2}}) {
            CPU.copyStrided(new Strided(src, 0, new int[dims.length]), Strided.contiguous(dst, dims), dims);
            assertSameValues("empty", new double[] {0, 1}, values(dst));
        }
    }

    @Test
    void everyDtypeThroughPermutedBroadcastAndOffsetViews() {
        Random r = new Random(7);
        int[] base = {3, 4, 5};
        // Views of a 3 x 4 x 5 block starting at element 2 of its buffer: as laid out, permuted, broadcast over a
        // dimension, and a size-1 dimension with an odd stride.
        int[][] dimsOf = {{3, 4, 5}, {5, 3, 4}, {3, 6, 5}, {4, 1, 5}};
        int[][] stridesOf = {{20, 5, 1}, {1, 20, 5}, {20, 0, 1}, {5, 77, 1}};
        for (DType t : DType.values()) {
            double[] data = exact(r, t, 2 + base[0] * base[1] * base[2]);
            Buffer src = upload(t, data);
            for (int v = 0; v < dimsOf.length; v++) {
                int[] dims = dimsOf[v];
                int n = dims[0] * dims[1] * dims[2];
                // Into a destination with its own offset and a padded row, so rows are not contiguous there.
                int[] dstStrides = {dims[1] * (dims[2] + 1), dims[2] + 1, 1};
                Buffer dst = upload(t, new double[3 + dims[0] * dstStrides[0]]);
                CPU.copyStrided(new Strided(src, 2, stridesOf[v]), new Strided(dst, 3, dstStrides), dims);
                double[] want = new double[dst.length()];
                for (int i = 0; i < n; i++) {
                    want[element(i, dims, 3, dstStrides)] = data[element(i, dims, 2, stridesOf[v])];
                }
                assertSameValues(t + " view " + v, want, values(dst));
            }
        }
    }

    @Test
    void largeCopiesSplitOverThreadsGiveTheSameElements() {
        Random r = new Random(8);
        int rows = 300;
        int cols = 517;
        double[] data = exact(r, DType.FLOAT32, rows * cols);
        Buffer src = upload(DType.FLOAT32, data);
        Buffer dst = CPU.allocate(rows * cols);
        CPU.copyStrided(new Strided(src, 0, new int[] {1, cols}), Strided.contiguous(dst, cols, rows),
                new int[] {cols, rows});
        double[] want = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                want[j * rows + i] = data[i * cols + j];
            }
        }
        assertSameValues("transpose", want, values(dst));
    }

    @Test
    void copyStridedRefusesTwoDtypes() {
        assertThrows(IllegalArgumentException.class, () -> CPU.copyStrided(Strided.contiguous(CPU.allocate(1), 1),
                Strided.contiguous(CPU.allocate(DType.FLOAT64, 1), 1), new int[] {1}));
    }

    @Test
    void castFollowsPyTorchsConversions() {
        Buffer floats = CPU.upload(new float[] {-1.5f, -0f, 2.75f, Float.NaN, 3e9f});
        assertSameValues("float32 -> int64 truncates toward zero (NaN: Java's 0)", new double[] {-1, 0, 2, 0, 3e9},
                values(cast(floats, DType.INT64)));
        assertSameValues("float32 -> bool is nonzero, NaN too", new double[] {1, 0, 1, 1, 1},
                values(cast(floats, DType.BOOL)));
        assertSameValues("float32 -> float64 is exact", new double[] {-1.5, -0.0, 2.75, Double.NaN, 3e9},
                values(cast(floats, DType.FLOAT64)));

        Buffer doubles = CPU.upload(new double[] {0.1, 1e300, -2.5, -0.0});
        assertSameValues("float64 -> float32 rounds", new double[] {0.1f, Double.POSITIVE_INFINITY, -2.5, -0.0},
                values(cast(doubles, DType.FLOAT32)));
        assertSameValues("float64 -> int64", new double[] {0, Long.MAX_VALUE, -2, 0},
                values(cast(doubles, DType.INT64)));
        assertSameValues("float64 -> bool", new double[] {1, 1, 1, 0}, values(cast(doubles, DType.BOOL)));

        // 2^60 + 2^36 + 1 rounds to float once (up, past the halfway point); through double it would land
        // exactly halfway and round down to even.
        long big = (1L << 60) + (1L << 36) + 1;
        Buffer longs = CPU.upload(new long[] {big, -3, 0});
        assertSameValues("int64 -> float32 rounds once", new double[] {(float) big, -3, 0},
                values(cast(longs, DType.FLOAT32)));
        assertEquals((1L << 60) + (1L << 37), (long) CPU.read(cast(longs, DType.FLOAT32), 0));
        assertSameValues("int64 -> float64", new double[] {(double) big, -3, 0}, values(cast(longs, DType.FLOAT64)));
        assertSameValues("int64 -> bool", new double[] {1, 1, 0}, values(cast(longs, DType.BOOL)));

        Buffer bools = CPU.upload(new boolean[] {true, false});
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            assertSameValues("bool -> " + t + " is 1 and 0", new double[] {1, 0}, values(cast(bools, t)));
        }
    }

    @Test
    void castToTheSameDtypeCopiesAndLargeCastsSplitOverThreads() {
        Random r = new Random(9);
        int n = 100_003;
        for (DType from : DType.values()) {
            double[] data = exact(r, from, n);
            for (DType to : DType.values()) {
                double[] want = new double[n];
                for (int i = 0; i < n; i++) {
                    want[i] = to == DType.BOOL ? (data[i] != 0 ? 1 : 0) : to == DType.INT64 ? (long) data[i] : data[i];
                }
                assertSameValues(from + " -> " + to, want, values(cast(upload(from, data), to)));
            }
            assertEquals(0, cast(upload(from), DType.FLOAT32).length());
        }
    }

    @Test
    void largeContiguousCopyKeepsEveryBit() {
        int n = 70_001;
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = Float.intBitsToFloat(0x7fc00000 | i); // NaNs with distinct payloads
        }
        Buffer dst = CPU.allocate(n);
        CPU.copyStrided(Strided.contiguous(CPU.upload(data), n), Strided.contiguous(dst, n), new int[] {n});
        float[] back = ReferenceKernels.read(dst);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(data[i]), Float.floatToRawIntBits(back[i]), "element " + i);
        }
    }

    private static Buffer cast(Buffer src, DType to) {
        Buffer dst = CPU.allocate(to, src.length());
        CPU.cast(src, dst);
        return dst;
    }
}
