package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameValues;
import static dev.blitz.backend.cpu.ReferenceKernels.contiguous;
import static dev.blitz.backend.cpu.ReferenceKernels.exact;
import static dev.blitz.backend.cpu.ReferenceKernels.upload;
import static dev.blitz.backend.cpu.ReferenceKernels.values;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IndexCpuTest {
    @Test
    void indexSelectTakesRowsOrColumns() {
        // x = [[1, 2], [3, 4], [5, 6]]: rows 2, 0, 2 (dim 0: outer 1, size 3, inner 2) ...
        Buffer x = upload(DType.FLOAT32, 1, 2, 3, 4, 5, 6);
        assertSameValues("rows", new double[] {5, 6, 1, 2, 5, 6}, indexSelect(x, 1, 3, 2, 2, 0, 2));
        // ... and columns 1, 1, 0 (dim 1: outer 3, size 2, inner 1).
        assertSameValues("columns", new double[] {2, 2, 1, 4, 4, 3, 6, 6, 5}, indexSelect(x, 3, 2, 1, 1, 1, 0));
        assertSameValues("no indices", new double[0], indexSelect(x, 3, 2, 1));
    }

    @Test
    void indexSelectTakesEveryDtype() {
        Random r = new Random(91);
        int outer = 3;
        int size = 4;
        int inner = 5;
        long[] index = {3, 0, 3, 1, 2, 2};
        for (DType t : DType.values()) {
            double[] x = exact(r, t, outer * size * inner);
            double[] want = new double[outer * index.length * inner];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < index.length; j++) {
                    for (int i = 0; i < inner; i++) {
                        want[(o * index.length + j) * inner + i] = x[(o * size + (int) index[j]) * inner + i];
                    }
                }
            }
            assertSameValues("indexSelect " + t, want, indexSelect(upload(t, x), outer, size, inner, index));
        }
    }

    @Test
    void indexAddSumsRepeatedIndicesInIncreasingOrder() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            // out rows 1 and 3 get src rows 0 + 2 and 1; rows 0 and 2 keep their values.
            Buffer out = upload(t, 1, 1, 1, 1, 1, 1, 1, 1);
            CPU.indexAdd(upload(t, 10, 20, 30, 40, 50, 60), 1, 4, 2, CPU.upload(new long[] {1, 3, 1}), out);
            assertSameValues("indexAdd " + t, new double[] {1, 1, 61, 81, 1, 1, 31, 41}, values(out));
        }
        // The order shows in float32: (1e8 + 1) - 1e8 is 0, 1e8 + (1 - 1e8) would be 1.
        Buffer out = upload(DType.FLOAT32, 1e8);
        CPU.indexAdd(upload(DType.FLOAT32, 1, -1e8), 1, 1, 1, CPU.upload(new long[] {0, 0}), out);
        assertSameValues("in increasing j", new double[] {0}, values(out));
    }

    @Test
    void indexAddOverOuterDimensionsAndLongRows() {
        Random r = new Random(92);
        int outer = 3;
        int size = 5;
        int inner = 2500; // more than one task's lanes
        long[] index = {4, 0, 4, 4, 2};
        double[] src = exact(r, DType.FLOAT64, outer * index.length * inner);
        double[] base = exact(r, DType.FLOAT64, outer * size * inner);
        double[] want = base.clone();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < index.length; j++) {
                for (int i = 0; i < inner; i++) {
                    want[(o * size + (int) index[j]) * inner + i] += src[(o * index.length + j) * inner + i];
                }
            }
        }
        Buffer out = upload(DType.FLOAT64, base);
        CPU.indexAdd(upload(DType.FLOAT64, src), outer, size, inner, CPU.upload(index), out);
        assertSameValues("indexAdd", want, values(out));
        assertThrows(IllegalArgumentException.class, () -> CPU.indexAdd(upload(DType.INT64, 1), 1, 1, 1,
                CPU.upload(new long[] {0}), upload(DType.INT64, 0)));
    }

    @Test
    void gatherAsInPyTorchsDocs() {
        // torch.gather(torch.tensor([[1, 2], [3, 4]]), 1, torch.tensor([[0, 0], [1, 0]])) = [[1, 1], [4, 3]]
        Buffer t = upload(DType.INT64, 1, 2, 3, 4);
        Buffer out = CPU.allocate(DType.INT64, 4);
        CPU.gather(t, new int[] {2, 2}, CPU.upload(new long[] {0, 0, 1, 0}), new int[] {2, 2}, 1, out);
        assertSameValues("dim 1", new double[] {1, 1, 4, 3}, values(out));
        CPU.gather(t, new int[] {2, 2}, CPU.upload(new long[] {1, 0, 0, 0}), new int[] {2, 2}, 0, out);
        assertSameValues("dim 0", new double[] {3, 2, 1, 2}, values(out));
    }

    @Test
    void gatherWithASmallerIndexForEveryDtype() {
        Random r = new Random(93);
        int[] xDims = {4, 5, 6};
        // Smaller than x in the other dimensions, longer along dim (positions repeat).
        int[] indexDims = {3, 5, 2};
        for (int dim = 0; dim < 3; dim++) {
            int[] id = indexDims.clone();
            id[dim] = 7;
            long[] index = new long[id[0] * id[1] * id[2]];
            for (int i = 0; i < index.length; i++) {
                index[i] = r.nextInt(xDims[dim]);
            }
            for (DType t : DType.values()) {
                double[] x = exact(r, t, xDims[0] * xDims[1] * xDims[2]);
                double[] want = new double[index.length];
                int[] xs = contiguous(xDims);
                for (int p = 0; p < index.length; p++) {
                    int[] c = coordinates(p, id);
                    c[dim] = (int) index[p];
                    want[p] = x[c[0] * xs[0] + c[1] * xs[1] + c[2] * xs[2]];
                }
                Buffer out = CPU.allocate(t, index.length);
                CPU.gather(upload(t, x), xDims, CPU.upload(index), id, dim, out);
                assertSameValues("gather dim " + dim + " " + t, want, values(out));
            }
        }
    }

    @Test
    void gatherOfScalarsAndEmptyIndices() {
        Buffer out = CPU.allocate(DType.FLOAT64, 1);
        CPU.gather(upload(DType.FLOAT64, 2.5), new int[0], CPU.upload(new long[] {0}), new int[0], 0, out);
        assertSameValues("0-d", new double[] {2.5}, values(out));
        Buffer none = CPU.allocate(DType.FLOAT64, 0);
        CPU.gather(upload(DType.FLOAT64, 1, 2), new int[] {2}, CPU.upload(new long[0]), new int[] {0}, 0, none);
    }

    @Test
    void scatterAsInPyTorchsDocs() {
        // torch.zeros(3, 5).scatter_(0, torch.tensor([[0, 1, 2, 0]]), torch.arange(1, 11.).reshape(2, 5))
        Buffer src = upload(DType.FLOAT32, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        Buffer out = CPU.allocate(15);
        CPU.fill(out, 0);
        CPU.scatter(src, new int[] {2, 5}, CPU.upload(new long[] {0, 1, 2, 0}), new int[] {1, 4}, 0, out,
                new int[] {3, 5}, false);
        assertSameValues("scatter", new double[] {1, 0, 0, 4, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0}, values(out));
    }

    @Test
    void repeatedIndicesKeepTheLastWriteOrAddInOrder() {
        Buffer index = CPU.upload(new long[] {0, 2, 0, 0});
        Buffer out = upload(DType.INT64, 9, 9, 9);
        CPU.scatter(upload(DType.INT64, 1, 2, 3, 4), new int[] {4}, index, new int[] {4}, 0, out, new int[] {3},
                false);
        assertSameValues("last write wins", new double[] {4, 9, 2}, values(out));
        // In float32, ((1e8 - 1e8) + 1) + 1 is 2; adding the ones first would lose them against 1e8 and give 0.
        Buffer sums = upload(DType.FLOAT32, 1e8, 0, 0);
        CPU.scatter(upload(DType.FLOAT32, -1e8, 5, 1, 1), new int[] {4}, index, new int[] {4}, 0, sums,
                new int[] {3}, true);
        assertSameValues("adds in increasing position", new double[] {2, 0, 5}, values(sums));
        assertThrows(IllegalArgumentException.class, () -> CPU.scatter(upload(DType.INT64, 1), new int[] {1},
                CPU.upload(new long[] {0}), new int[] {1}, 0, upload(DType.INT64, 0), new int[] {1}, true));
    }

    @Test
    void scatterMatchesARowMajorLoopForEveryDtype() {
        Random r = new Random(94);
        int[] indexDims = {3, 4, 2};
        int[] srcDims = {4, 5, 3};
        for (int dim = 0; dim < 3; dim++) {
            int[] outDims = {5, 6, 4};
            outDims[dim] = 3; // few targets, so indices repeat
            long[] index = new long[24];
            for (int i = 0; i < index.length; i++) {
                index[i] = r.nextInt(outDims[dim]);
            }
            for (DType t : DType.values()) {
                for (boolean add : t.isFloatingPoint() ? new boolean[] {false, true} : new boolean[] {false}) {
                    double[] src = exact(r, t, 60);
                    double[] base = exact(r, t, outDims[0] * outDims[1] * outDims[2]);
                    double[] want = base.clone();
                    int[] ss = contiguous(srcDims);
                    int[] os = contiguous(outDims);
                    for (int p = 0; p < index.length; p++) {
                        int[] c = coordinates(p, indexDims);
                        double v = src[c[0] * ss[0] + c[1] * ss[1] + c[2] * ss[2]];
                        c[dim] = (int) index[p];
                        int at = c[0] * os[0] + c[1] * os[1] + c[2] * os[2];
                        want[at] = add ? want[at] + v : v;
                    }
                    Buffer out = upload(t, base);
                    CPU.scatter(upload(t, src), srcDims, CPU.upload(index), indexDims, dim, out, outDims, add);
                    assertSameValues("scatter dim " + dim + " " + t + (add ? " add" : ""), want, values(out));
                }
            }
        }
    }

    @Test
    void largeScatterAddsDoNotDependOnTheThreads() {
        Random r = new Random(95);
        int rows = 400;
        int cols = 300;
        long[] index = new long[rows * cols];
        float[] src = new float[rows * cols];
        for (int i = 0; i < index.length; i++) {
            index[i] = r.nextInt(7);
            src[i] = (float) r.nextGaussian();
        }
        for (int dim = 0; dim < 2; dim++) {
            int[] outDims = dim == 0 ? new int[] {7, cols} : new int[] {rows, 7};
            int d = dim;
            double[][] got = new double[2][];
            for (int run = 0; run < 2; run++) {
                Buffer out = CPU.allocate(outDims[0] * outDims[1]);
                CPU.fill(out, 0);
                Runnable scatter = () -> CPU.scatter(CPU.upload(src), new int[] {rows, cols}, CPU.upload(index),
                        new int[] {rows, cols}, d, out, outDims, true);
                if (run == 0) {
                    Parallel.serially(scatter);
                } else {
                    scatter.run();
                }
                got[run] = values(out);
            }
            assertSameValues("dim " + dim, got[0], got[1]);
        }
    }

    private static double[] indexSelect(Buffer x, int outer, int size, int inner, long... index) {
        Buffer out = CPU.allocate(x.dtype(), outer * index.length * inner);
        CPU.indexSelect(x, outer, size, inner, CPU.upload(index), out);
        return values(out);
    }

    private static int[] coordinates(int flat, int[] dims) {
        int[] c = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            c[d] = flat % dims[d];
            flat /= dims[d];
        }
        return c;
    }
}
