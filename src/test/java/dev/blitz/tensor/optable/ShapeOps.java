package dev.blitz.tensor.optable;

import dev.blitz.core.DType;

import java.util.List;

/** The view and layout ops' rows: views share memory, so their gradient goes back into the base's shape. */
final class ShapeOps {
    private ShapeOps() {
    }

    static List<OpInfo> rows() {
        DType[] all = DType.values();
        return List.of(
                OpInfo.of("view", t -> t[0].view(4, 3)).onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("reshape", t -> t[0].reshape(-1)).onlySamples(new int[][] {{3, 4}}, new int[][] {{}})
                        .dtypes(all),
                OpInfo.of("select", t -> t[0].select(1, -1)).onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("slice", t -> t[0].slice(0, 1, 10, 2)).onlySamples(new int[][] {{5, 2}}).dtypes(all),
                OpInfo.of("narrow", t -> t[0].narrow(-1, 1, 2)).onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("transpose", t -> t[0].transpose(0, 2)).onlySamples(new int[][] {{2, 3, 4}}).dtypes(all),
                OpInfo.of("permute", t -> t[0].permute(2, 0, 1)).onlySamples(new int[][] {{2, 3, 4}}).dtypes(all),
                OpInfo.of("T", t -> t[0].T()).onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("expand", t -> t[0].expand(2, 3, 4)).onlySamples(new int[][] {{3, 1}}).dtypes(all),
                OpInfo.of("squeeze", t -> t[0].squeeze()).onlySamples(new int[][] {{3, 1, 4}}).dtypes(all),
                OpInfo.of("unsqueeze", t -> t[0].unsqueeze(1)).onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("flatten", t -> t[0].flatten()).onlySamples(new int[][] {{2, 3, 2}}).dtypes(all),
                OpInfo.of("unflatten", t -> t[0].unflatten(1, 2, 2)).onlySamples(new int[][] {{3, 4}}).dtypes(all),
                OpInfo.of("contiguous", t -> t[0].T().contiguous()).onlySamples(new int[][] {{3, 4}}).dtypes(all),
                // float64 is exact for every dtype, so the float64 gradient check sees the identity.
                OpInfo.of("to", t -> t[0].to(DType.FLOAT64)).onlySamples(new int[][] {{3, 4}}).dtypes(all)
                        .resultType(d -> DType.FLOAT64));
    }
}
