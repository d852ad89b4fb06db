package dev.blitz.tensor;

import dev.blitz.backend.Strided;
import dev.blitz.core.Shape;

import java.util.Arrays;

/**
 * A tensor tiled, as {@code Tensor.repeat}: one copy whose source reads the input with stride 0 along each
 * tiling, seen as [times0, size0, times1, size1, ...]; the gradient sums the tiles.
 */
public final class RepeatOp extends Function {
    private final Shape inputShape;
    private final int[] times;

    private RepeatOp(Tensor input, int[] times) {
        super(input);
        this.inputShape = input.shape();
        this.times = times;
    }

    /**
     * {@code input} repeated {@code times[i]} times along each dimension, as {@code Tensor.repeat}; with more
     * counts than dimensions, the input is seen with leading dimensions of size 1.
     *
     * @param input any tensor
     * @param times one count per dimension, at least {@code input.dim()} of them, each {@code >= 0}
     * @return a new tensor of sizes {@code size[i] * times[i]}, recording {@code RepeatBackward0}
     * @throws IllegalArgumentException if there are fewer counts than dimensions, or a count is negative
     */
    public static Tensor apply(Tensor input, int... times) {
        if (times.length < input.dim()) {
            throw new IllegalArgumentException("repeat: Number of dimensions of repeat dims can not be smaller than"
                    + " number of dimensions of tensor (got " + Arrays.toString(times) + " for shape "
                    + input.shape() + ")");
        }
        int rank = times.length;
        int lead = rank - input.dim();
        int[] outDims = new int[rank];
        int[] tiled = new int[2 * rank];
        int[] srcStrides = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            int size = i < lead ? 1 : input.size(i - lead);
            if (times[i] < 0) {
                throw new IllegalArgumentException("repeat: Trying to create tensor with negative dimension "
                        + times[i] + ": " + Arrays.toString(times));
            }
            outDims[i] = size * times[i];
            tiled[2 * i] = times[i];
            tiled[2 * i + 1] = size;
            srcStrides[2 * i + 1] = i < lead ? 0 : input.stride(i - lead);
        }
        Tensor out = Tensor.empty(Shape.of(outDims), input.dtype(), input.device());
        if (out.numel() > 0) {
            Strided src = input.strided();
            input.backend().copyStrided(new Strided(src.buffer(), src.offset(), srcStrides),
                    Strided.contiguous(out.buffer(), tiled), tiled);
        }
        return new RepeatOp(input, times.clone()).record(out);
    }

    @Override
    public String name() {
        return "RepeatBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int rank = times.length;
        int lead = rank - inputShape.rank();
        int[] tiled = new int[2 * rank];
        int[] kept = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            int size = i < lead ? 1 : inputShape.dim(i - lead);
            tiled[2 * i] = times[i];
            tiled[2 * i + 1] = size;
            kept[2 * i] = 1;
            kept[2 * i + 1] = size;
        }
        if (g.numel() == 0) {
            return new Tensor[] {Tensor.zeros(inputShape, g.dtype(), g.device())};
        }
        try (Tensor tiles = g.reshape(tiled)) {
            Tensor summed = SumOp.sumTo(tiles, Shape.of(kept));
            if (summed == tiles) {
                return new Tensor[] {tiles.reshape(inputShape.dims())};
            }
            try (summed) {
                return new Tensor[] {summed.reshape(inputShape.dims())};
            }
        }
    }
}
