package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static dev.blitz.core.DType.BOOL;
import static dev.blitz.core.DType.FLOAT32;
import static dev.blitz.core.DType.FLOAT64;
import static dev.blitz.core.DType.INT64;
import static dev.blitz.tensor.optable.OpInfo.Domain.ANY;
import static dev.blitz.tensor.optable.OpInfo.Domain.DISTINCT;
import static dev.blitz.tensor.optable.OpInfo.Domain.POSITIVE;

/**
 * The elementwise ops' rows: arithmetic and math with broadcasting and PyTorch's type promotion, comparisons,
 * where and masked_fill.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    /** Float math on integers gives float32; bool is refused. */
    private static final UnaryOperator<DType> FLOAT_RESULT = d -> d.isFloatingPoint() ? d : FLOAT32;
    /** A whole number with an int64 or bool tensor gives int64. */
    private static final UnaryOperator<DType> INT_RESULT = d -> d.isFloatingPoint() ? d : INT64;

    static List<OpInfo> rows() {
        List<OpInfo> rows = new ArrayList<>(List.of(
                OpInfo.binary("add", Tensor::add).dtypes(DType.values()),
                OpInfo.binary("sub", Tensor::sub).dtypes(FLOAT32, FLOAT64, INT64),
                OpInfo.binary("mul", Tensor::mul).dtypes(DType.values()),
                OpInfo.binary("div", Tensor::div).domain(ANY, POSITIVE).dtypes(DType.values())
                        .resultType(FLOAT_RESULT),
                OpInfo.binary("pow", Tensor::pow).domain(POSITIVE, ANY).dtypes(FLOAT32, FLOAT64, INT64),
                OpInfo.binary("maximum", Tensor::maximum).domain(DISTINCT).dtypes(DType.values()),
                OpInfo.binary("minimum", Tensor::minimum).domain(DISTINCT).dtypes(DType.values()),
                OpInfo.unary("neg", Tensor::neg).dtypes(FLOAT32, FLOAT64, INT64),
                OpInfo.unary("mul_scalar", t -> t.mul(2.5)).dtypes(DType.values()).resultType(FLOAT_RESULT),
                OpInfo.unary("add_scalar", t -> t.add(-1.5)).dtypes(DType.values()).resultType(FLOAT_RESULT),
                OpInfo.unary("sub_scalar", t -> t.sub(2)).dtypes(DType.values()).resultType(INT_RESULT),
                OpInfo.unary("div_scalar", t -> t.div(-4)).dtypes(DType.values()).resultType(FLOAT_RESULT),
                OpInfo.unary("abs", Tensor::abs).domain(DISTINCT).dtypes(FLOAT32, FLOAT64, INT64),
                OpInfo.unary("sign", Tensor::sign).domain(DISTINCT).dtypes(DType.values()),
                OpInfo.unary("relu", Tensor::relu).domain(DISTINCT).dtypes(FLOAT32, FLOAT64, INT64),
                floatMath("exp", Tensor::exp, ANY),
                floatMath("log", Tensor::log, POSITIVE),
                floatMath("sqrt", Tensor::sqrt, POSITIVE),
                floatMath("rsqrt", Tensor::rsqrt, POSITIVE),
                floatMath("sin", Tensor::sin, ANY),
                floatMath("cos", Tensor::cos, ANY),
                floatMath("tanh", Tensor::tanh, ANY),
                floatMath("sigmoid", Tensor::sigmoid, ANY),
                // Bounds 0.1 away from DISTINCT's grid (odd tenths), so no step crosses them.
                OpInfo.unary("clamp", t -> t.clamp(-0.4, 0.6)).domain(DISTINCT).dtypes(FLOAT32, FLOAT64, INT64)
                        .resultType(FLOAT_RESULT),
                OpInfo.unary("clamp", t -> t.clamp(-2, 1)).domain(DISTINCT).dtypes(FLOAT32, FLOAT64, INT64),
                OpInfo.unary("clampMin", t -> t.clampMin(0.2)).domain(DISTINCT).dtypes(FLOAT32, FLOAT64, INT64)
                        .resultType(FLOAT_RESULT),
                OpInfo.unary("clampMax", t -> t.clampMax(-0.2)).domain(DISTINCT).dtypes(FLOAT32, FLOAT64, INT64)
                        .resultType(FLOAT_RESULT),
                OpInfo.unary("pow_scalar", t -> t.pow(2)).dtypes(DType.values()).resultType(INT_RESULT),
                OpInfo.unary("pow_scalar", t -> t.pow(3)).dtypes(DType.values()).resultType(INT_RESULT),
                OpInfo.unary("pow_scalar", t -> t.pow(-1.5)).domain(POSITIVE).dtypes(DType.values())
                        .resultType(FLOAT_RESULT),
                OpInfo.unary("pow_scalar", t -> t.pow(0)).dtypes(DType.values()).resultType(INT_RESULT),
                predicate("isnan", Tensor::isnan),
                predicate("isfinite", Tensor::isfinite),
                predicate("logicalNot", Tensor::logicalNot),
                OpInfo.of("where", t -> Tensor.where(t[2].gt(0), t[0], t[1])).domain(ANY, ANY, DISTINCT)
                        .dtypes(DType.values())
                        .samples(new int[][] {{3, 4}, {3, 4}, {3, 4}}, new int[][] {{3, 4}, {4}, {3, 1}},
                                new int[][] {{}, {2, 3}, {3}}, new int[][] {{2, 1, 4}, {3, 1}, {}},
                                new int[][] {{0, 4}, {4}, {4}}),
                OpInfo.of("where_scalar", t -> Tensor.where(t[1].gt(0), t[0], 0.5)).domain(ANY, DISTINCT)
                        .dtypes(DType.values()).resultType(FLOAT_RESULT)
                        .samples(new int[][] {{3, 4}, {3, 4}}, new int[][] {{3, 1}, {4}}),
                OpInfo.of("maskedFill", t -> t[0].maskedFill(t[1].lt(0), -3)).domain(ANY, DISTINCT)
                        .dtypes(DType.values())
                        .samples(new int[][] {{3, 4}, {3, 4}}, new int[][] {{3, 4}, {4}},
                                new int[][] {{}, {2, 3}}, new int[][] {{0, 4}, {4}})));
        for (String name : new String[] {"eq", "ne", "lt", "le", "gt", "ge"}) {
            rows.add(OpInfo.binary(name, comparison(name)).dtypes(DType.values()).resultType(d -> BOOL)
                    .notDifferentiable());
            rows.add(OpInfo.unary(name + "_scalar", t -> comparison(name).apply(t, null)).dtypes(DType.values())
                    .resultType(d -> BOOL).notDifferentiable());
        }
        return rows;
    }

    private static OpInfo floatMath(String name, UnaryOperator<Tensor> op, OpInfo.Domain domain) {
        return OpInfo.unary(name, op).domain(domain).dtypes(FLOAT32, FLOAT64, INT64).resultType(FLOAT_RESULT);
    }

    private static OpInfo predicate(String name, UnaryOperator<Tensor> op) {
        return OpInfo.unary(name, op).dtypes(DType.values()).resultType(d -> BOOL).notDifferentiable();
    }

    /** The comparison of two tensors, or of a tensor with the number 0.5 when the second is null. */
    private static BinaryOperator<Tensor> comparison(String name) {
        return (a, b) -> switch (name) {
            case "eq" -> b == null ? a.eq(0.5) : a.eq(b);
            case "ne" -> b == null ? a.ne(0.5) : a.ne(b);
            case "lt" -> b == null ? a.lt(0.5) : a.lt(b);
            case "le" -> b == null ? a.le(0.5) : a.le(b);
            case "gt" -> b == null ? a.gt(0.5) : a.gt(b);
            default -> b == null ? a.ge(0.5) : a.ge(b);
        };
    }
}
