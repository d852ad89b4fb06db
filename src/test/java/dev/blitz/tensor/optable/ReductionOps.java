package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.tensor.Tensor;

import java.util.List;
import java.util.function.UnaryOperator;

import static dev.blitz.tensor.optable.OpInfo.Domain.DISTINCT;

/**
 * The reductions' rows: over all elements, along one dimension and along several, with and without keepdim.
 * Max, min, argmax and the inf norm take {@link OpInfo.Domain#DISTINCT} inputs, so no finite-difference step
 * crosses a tie. Rows of one op share its name, which its dtype errors name.
 */
final class ReductionOps {
    private static final DType[] ALL = DType.values();
    private static final int[][] MATRIX = {{3, 4}};
    private static final int[][] CUBE = {{2, 3, 2}};
    private static final int[][] SCALAR = {{}};
    private static final int[][] EMPTY = {{0, 3}};

    private ReductionOps() {
    }

    static List<OpInfo> rows() {
        UnaryOperator<DType> sumType = d -> d.isFloatingPoint() ? d : DType.INT64;
        return List.of(
                OpInfo.unary("sum", Tensor::sum).dtypes(ALL).resultType(sumType),
                along("sum", t -> t.sum(1, false)).samples(EMPTY).dtypes(ALL).resultType(sumType),
                along("sum", t -> t.sum(-1, true)).samples(EMPTY).dtypes(ALL).resultType(sumType),
                OpInfo.of("sum", t -> t[0].sum(new int[] {0, 2}, false)).onlySamples(CUBE).dtypes(ALL)
                        .resultType(sumType),
                OpInfo.of("sum", t -> t[0].sum(new int[] {-1, 0}, true)).onlySamples(MATRIX, CUBE).dtypes(ALL)
                        .resultType(sumType),
                OpInfo.unary("mean", Tensor::mean),
                along("mean", t -> t.mean(1, false)).samples(EMPTY),
                OpInfo.of("mean", t -> t[0].mean(new int[] {0, 2}, true)).onlySamples(CUBE),

                OpInfo.of("max", t -> t[0].max()).onlySamples(MATRIX, CUBE, SCALAR).domain(DISTINCT).dtypes(ALL),
                along("max", t -> t.max(1, false).values()).domain(DISTINCT).dtypes(ALL),
                along("max", t -> t.max(-1, true).values()).domain(DISTINCT).dtypes(ALL),
                along("max", t -> t.max(0, true).indices()).domain(DISTINCT).dtypes(ALL).notDifferentiable()
                        .resultType(d -> DType.INT64),
                OpInfo.of("min", t -> t[0].min()).onlySamples(MATRIX, CUBE, SCALAR).domain(DISTINCT).dtypes(ALL),
                along("min", t -> t.min(0, false).values()).domain(DISTINCT).dtypes(ALL),
                along("min", t -> t.min(1, true).indices()).domain(DISTINCT).dtypes(ALL).notDifferentiable()
                        .resultType(d -> DType.INT64),
                OpInfo.of("argmax", t -> t[0].argmax()).onlySamples(MATRIX, CUBE, SCALAR).domain(DISTINCT)
                        .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64).notDifferentiable()
                        .resultType(d -> DType.INT64),
                along("argmax", t -> t.argmax(1, true)).domain(DISTINCT)
                        .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64).notDifferentiable()
                        .resultType(d -> DType.INT64),
                along("argmin", t -> t.argmin(-1, false)).domain(DISTINCT)
                        .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64).notDifferentiable()
                        .resultType(d -> DType.INT64),

                OpInfo.of("var", t -> t[0].var()).onlySamples(MATRIX, CUBE),
                along("var", t -> t.var(1, true)),
                OpInfo.of("var", t -> t[0].var(new int[] {0, 2}, 0, false)).onlySamples(CUBE),
                OpInfo.of("std", t -> t[0].std()).onlySamples(MATRIX, CUBE),
                along("std", t -> t.std(0, false)),
                OpInfo.of("std", t -> t[0].std(new int[] {-1, 1}, 0, true)).onlySamples(CUBE),

                OpInfo.unary("norm", Tensor::norm),
                along("norm", t -> t.norm(1, new int[] {1}, false)).samples(EMPTY),
                along("norm", t -> t.norm(3, new int[] {0}, true)).samples(EMPTY),
                along("norm", t -> t.norm(1.5, new int[] {-1}, false)),
                along("norm", t -> t.norm(0.5, new int[] {1}, true)),
                OpInfo.of("norm", t -> t[0].norm(Double.POSITIVE_INFINITY)).onlySamples(MATRIX, CUBE, SCALAR)
                        .domain(DISTINCT),
                along("norm", t -> t.norm(Double.POSITIVE_INFINITY, new int[] {1}, false)).domain(DISTINCT),
                OpInfo.of("norm", t -> t[0].norm(2, new int[] {0, 2}, true)).onlySamples(CUBE),

                OpInfo.unary("softmax", t -> t.softmax(-1)),
                along("softmax", t -> t.softmax(0)),
                OpInfo.unary("log_softmax", t -> t.logSoftmax(-1)),
                along("log_softmax", t -> t.logSoftmax(1)),

                OpInfo.unary("all", Tensor::all).dtypes(ALL).notDifferentiable().resultType(d -> DType.BOOL),
                along("all", t -> t.all(1, true)).samples(EMPTY).dtypes(ALL).notDifferentiable()
                        .resultType(d -> DType.BOOL),
                OpInfo.unary("any", Tensor::any).dtypes(ALL).notDifferentiable().resultType(d -> DType.BOOL),
                along("any", t -> t.any(0, false)).samples(EMPTY).dtypes(ALL).notDifferentiable()
                        .resultType(d -> DType.BOOL));
    }

    /** A row for a reduction along dimension 0, 1 or -1: sampled on a matrix and a 3-D tensor. */
    private static OpInfo along(String name, UnaryOperator<Tensor> op) {
        return OpInfo.of(name, t -> op.apply(t[0])).onlySamples(MATRIX, CUBE);
    }
}
