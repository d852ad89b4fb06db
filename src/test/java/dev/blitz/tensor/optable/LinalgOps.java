package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;

import java.util.List;

/** The matrix products' rows: matmul in each of PyTorch's cases (dot, mv, mm, batched, broadcast), mm, bmm, dot. */
final class LinalgOps {
    private LinalgOps() {
    }

    static List<OpInfo> rows() {
        return List.of(
                OpInfo.of("matmul", t -> t[0].matmul(t[1])).onlySamples(
                        new int[][] {{4}, {4}},
                        new int[][] {{3, 4}, {4, 5}},
                        new int[][] {{4}, {4, 5}},
                        new int[][] {{3, 4}, {4}},
                        new int[][] {{2, 3, 4}, {2, 4, 5}},
                        new int[][] {{2, 3, 4}, {4, 5}},
                        new int[][] {{4}, {2, 4, 3}},
                        new int[][] {{2, 1, 3, 4}, {3, 4, 2}},
                        new int[][] {{2, 3, 4}, {4}},
                        new int[][] {{0, 4}, {4, 3}},
                        new int[][] {{2, 0}, {0, 3}}),
                // Operands stored transposed reach the GEMM as they are, with its transpose flags.
                OpInfo.of("matmul", t -> t[0].mT().matmul(t[1].mT())).onlySamples(
                        new int[][] {{4, 3}, {5, 4}},
                        new int[][] {{2, 4, 3}, {5, 4}}),
                // out=: not differentiable, as in PyTorch.
                OpInfo.of("matmul", t -> t[0].matmul(t[1], Tensor.empty(Shape.of(3, 5), t[0].dtype(), t[0].device())))
                        .onlySamples(new int[][] {{3, 4}, {4, 5}}).notDifferentiable(),
                OpInfo.of("mm", t -> t[0].mm(t[1])).onlySamples(new int[][] {{3, 4}, {4, 2}}),
                OpInfo.of("bmm", t -> t[0].bmm(t[1])).onlySamples(new int[][] {{2, 3, 4}, {2, 4, 2}}),
                OpInfo.of("dot", t -> t[0].dot(t[1])).onlySamples(new int[][] {{5}, {5}}),
                OpInfo.of("outer", t -> t[0].outer(t[1])).onlySamples(new int[][] {{3}, {4}})
                        .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL));
    }
}
