package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.tensor.Tensor;

import java.util.List;

/**
 * Joining, splitting and tiling (cat, stack, split, chunk, repeat) and the ops that index with int64 tensors
 * (index_select, gather, scatter, scatter_add, masked_select); their index tensors are fixed, built in the row.
 */
final class JoinIndexOps {
    private JoinIndexOps() {
    }

    private static Tensor index(Tensor like, long[] values, int... shape) {
        return Tensor.of(values, shape).to(like.device());
    }

    static List<OpInfo> rows() {
        DType[] all = DType.values();
        return List.of(
                OpInfo.of("cat", t -> Tensor.cat(List.of(t[0], t[1], t[2]), 1))
                        .onlySamples(new int[][] {{2, 3}, {2, 1}, {2, 2}}, new int[][] {{2, 0}, {2, 2}, {2, 1}})
                        .dtypes(all),
                OpInfo.of("cat", t -> Tensor.cat(t[0], t[1])).onlySamples(new int[][] {{1, 3}, {2, 3}},
                        new int[][] {{2, 3}, {0}}).dtypes(all),
                OpInfo.of("stack", t -> Tensor.stack(List.of(t[0], t[1], t[2]), 1))
                        .onlySamples(new int[][] {{2, 3}, {2, 3}, {2, 3}}).dtypes(all),
                OpInfo.of("split", t -> t[0].split(2, 1).get(1)).onlySamples(new int[][] {{3, 5}}).dtypes(all),
                OpInfo.of("split", t -> t[0].split(new int[] {1, 3, 1}, -1).get(1)).onlySamples(new int[][] {{3, 5}})
                        .dtypes(all),
                OpInfo.of("chunk", t -> t[0].chunk(3, 0).get(2)).onlySamples(new int[][] {{5, 2}}).dtypes(all),
                OpInfo.of("repeat", t -> t[0].repeat(2, 1, 3)).onlySamples(new int[][] {{2, 3}}, new int[][] {{}})
                        .dtypes(all),
                OpInfo.of("index_select", t -> t[0].indexSelect(0, index(t[0], new long[] {2, 0, 2}, 3)))
                        .onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("index_select", t -> t[0].indexSelect(-1, index(t[0], new long[] {1, 1, 3, 0}, 4)))
                        .onlySamples(new int[][] {{2, 3, 4}}).dtypes(all),
                OpInfo.of("gather", t -> t[0].gather(1, index(t[0], new long[] {0, 0, 3, 1, 2, 2}, 3, 2)))
                        .onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("gather", t -> t[0].gather(0, index(t[0], new long[] {2, 0, 1, 1}, 1, 2, 2)))
                        .onlySamples(new int[][] {{3, 2, 3}}).dtypes(all),
                // Distinct positions per column: with repeats only the last write reaches the result.
                OpInfo.of("scatter", t -> t[0].scatter(0, index(t[0], new long[] {2, 0, 1, 0, 0, 1, 2, 2}, 2, 4),
                        t[1])).onlySamples(new int[][] {{3, 4}, {2, 4}}, new int[][] {{3, 4}, {3, 5}}).dtypes(all),
                OpInfo.of("scatter", t -> t[0].scatter(1, index(t[0], new long[] {3, 0, 1}, 3, 1), 2.5))
                        .onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("scatter_add", t -> t[0].scatterAdd(0, index(t[0], new long[] {2, 0, 2, 0, 2, 2, 1, 0},
                        2, 4), t[1])).onlySamples(new int[][] {{3, 4}, {2, 4}}, new int[][] {{3, 4}, {3, 5}}),
                OpInfo.of("masked_select", t -> t[0].maskedSelect(Tensor.of(new boolean[] {true, false, true, true},
                        4).to(t[0].device()))).onlySamples(new int[][] {{3, 4}}, new int[][] {{}}).dtypes(all),
                OpInfo.of("masked_select", t -> t[0].maskedSelect(Tensor.of(new boolean[] {true, false, false, true,
                        true, false}, 3, 2).to(t[0].device()))).onlySamples(new int[][] {{2}}).dtypes(all));
    }
}
