package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.tensor.Tensor;

import java.util.List;

import static dev.blitz.tensor.optable.OpInfo.Domain.ANY;
import static dev.blitz.tensor.optable.OpInfo.Domain.POSITIVE;

/** The elementwise ops' rows: arithmetic with broadcasting and PyTorch's type promotion. */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static List<OpInfo> rows() {
        return List.of(
                OpInfo.binary("add", Tensor::add).dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64),
                OpInfo.binary("sub", Tensor::sub).dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64),
                OpInfo.binary("mul", Tensor::mul).dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64),
                OpInfo.binary("div", Tensor::div).domain(ANY, POSITIVE)
                        .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64)
                        .resultType(d -> d.isFloatingPoint() ? d : DType.FLOAT32),
                OpInfo.unary("neg", Tensor::neg).dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64),
                OpInfo.unary("mul_scalar", t -> t.mul(2.5)).dtypes(DType.FLOAT32, DType.FLOAT64),
                OpInfo.unary("add_scalar", t -> t.add(-1.5)).dtypes(DType.FLOAT32, DType.FLOAT64));
    }
}
