package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;

/**
 * The elementwise math of one tensor (abs, exp, log, sin, tanh, sigmoid, clamp, pow, isnan, ...): the backend's
 * {@link UnaryOp} forward with PyTorch's dtype rules, and the derivative written with tensor ops, as PyTorch's
 * derivatives.yaml writes it.
 */
public final class UnaryMathOp extends Function {
    private final UnaryOp op;
    private final double alpha;
    private final double beta;
    private final String name;
    /** The input, for the derivatives that read it (abs, log, sin, cos, clamp, pow); else null. */
    private final Tensor input;
    /** The result, for the derivatives that read it (exp, sqrt, rsqrt, tanh, sigmoid, relu); else null. */
    private final Tensor output;

    private UnaryMathOp(UnaryOp op, double alpha, double beta, String name, Tensor input, Tensor output) {
        super(input);
        this.op = op;
        this.alpha = alpha;
        this.beta = beta;
        this.name = name;
        this.input = switch (op) {
            case ABS, LOG, SIN, COS, CLAMP, POW -> save(input);
            default -> null;
        };
        this.output = switch (op) {
            case EXP, SQRT, RSQRT, TANH, SIGMOID, RELU -> save(output);
            default -> null;
        };
    }

    /**
     * One of the ops without parameters: {@code NEG, ABS, SIGN, EXP, LOG, SQRT, RSQRT, SIN, COS, TANH, SIGMOID,
     * RELU, ISNAN, ISFINITE, LOGICAL_NOT}. The float ops (exp, log, sqrt, rsqrt, sin, cos, tanh, sigmoid) give
     * float32 for int64 input, as PyTorch does; every op but sign, isnan, isfinite and logicalNot refuses bool.
     *
     * @param op the operation
     * @param x the input, any layout
     * @return a new contiguous tensor of {@code x}'s shape, recording e.g. {@code ExpBackward0} (the bool ops
     *         record nothing)
     * @throws IllegalArgumentException if {@code x}'s dtype is refused, naming the op and the dtype
     */
    public static Tensor apply(UnaryOp op, Tensor x) {
        String opName = opName(op);
        switch (op) {
            case POW, CLAMP, AFFINE -> throw new IllegalArgumentException("apply(" + op + "): this op takes"
                    + " parameters; use UnaryMathOp.pow or clamp (affine is Tensor.mul and add)");
            case ISNAN, ISFINITE -> {
                if (!x.dtype().isFloatingPoint()) {
                    // Integers and bools are never NaN and always finite.
                    return Tensor.full(x.shape(), op == UnaryOp.ISFINITE ? 1 : 0, DType.BOOL, x.device());
                }
            }
            case LOGICAL_NOT -> {
                // any dtype
            }
            case SIGN -> {
                if (x.dtype() == DType.BOOL) {
                    return x.copy(); // PyTorch's sign of a bool is the bool itself
                }
            }
            case NEG -> {
                if (x.dtype() == DType.BOOL) {
                    throw new IllegalArgumentException("neg(): negation, the `-` operator, on a " + DType.BOOL
                            + " tensor is not supported. If you are trying to invert a mask, use logicalNot()"
                            + " instead");
                }
            }
            default -> {
                refuseBool(opName, x);
                if (!op.takesIntegers() && x.dtype() == DType.INT64) {
                    x = x.to(DType.FLOAT32); // torch.exp of an int64 tensor is float32
                }
            }
        }
        return run(op, x, 0, 0, gradName(op));
    }

    /**
     * {@code x ^ exponent}, as {@code torch.pow(x, exponent)}: {@code x ^ 2} is exactly {@code x * x}. An int64 or
     * bool tensor with a whole exponent gives int64, with a fraction float32.
     *
     * @param x the base, any layout
     * @param exponent the power
     * @return a new tensor of {@code x}'s shape, recording {@code PowBackward0}
     * @throws IllegalArgumentException for an integer tensor and a negative whole exponent
     */
    public static Tensor pow(Tensor x, double exponent) {
        if (!x.dtype().isFloatingPoint()) {
            if (exponent < 0 && exponent == Math.rint(exponent) && exponent > -0x1p63) {
                throw new IllegalArgumentException("pow(): Integers to negative integer powers are not allowed (a "
                        + x.dtype() + " tensor to the power " + (long) exponent + "); convert it with"
                        + " to(DType.FLOAT32) first");
            }
            return ElementwiseOp.scalar(BinaryOp.POW, x, exponent);
        }
        if (exponent == 2) {
            // PyTorch squares by multiplying, which a pow kernel need not match to the bit.
            Tensor out = Tensor.empty(x.shape(), x.dtype(), x.device());
            x.backend().binary(BinaryOp.MUL, x.strided(), x.strided(), out.buffer(), x.shape());
            return new UnaryMathOp(UnaryOp.POW, 2, 0, "PowBackward0", x, out).record(out);
        }
        return run(UnaryOp.POW, x, exponent, 0, "PowBackward0");
    }

    /**
     * {@code min(max(x, min), max)}, as {@code torch.clamp}, {@code clamp_min} and {@code clamp_max}; NaN stays
     * NaN. An int64 tensor stays int64 when the bounds are whole numbers (or infinite: no bound), else it gives
     * float32, as PyTorch promotes.
     *
     * @param x the input, any layout
     * @param min the lower bound, or -infinity for none
     * @param max the upper bound, or +infinity for none
     * @param opName {@code clamp}, {@code clampMin} or {@code clampMax}: for messages and the {@code grad_fn} name
     * @return a new tensor of {@code x}'s shape, recording {@code ClampBackward1}, {@code ClampMinBackward0} or
     *         {@code ClampMaxBackward0}
     * @throws IllegalArgumentException for a bool tensor
     */
    public static Tensor clamp(Tensor x, double min, double max, String opName) {
        refuseBool(opName, x);
        // Math.rint keeps infinities, so a missing bound keeps int64 too.
        if (x.dtype() == DType.INT64 && !(min == Math.rint(min) && max == Math.rint(max))) {
            x = x.to(DType.FLOAT32);
        }
        String grad = switch (opName) {
            case "clampMin" -> "ClampMinBackward0";
            case "clampMax" -> "ClampMaxBackward0";
            default -> "ClampBackward1";
        };
        return run(UnaryOp.CLAMP, x, min, max, grad);
    }

    private static Tensor run(UnaryOp op, Tensor x, double alpha, double beta, String gradName) {
        Shape shape = x.shape();
        Tensor out = Tensor.empty(shape, op.resultIsBool() ? DType.BOOL : x.dtype(), x.device());
        x.backend().unary(op, x.strided(), alpha, beta, out.buffer(), shape);
        if (op.resultIsBool() || !x.dtype().isFloatingPoint()) {
            return out;
        }
        return new UnaryMathOp(op, alpha, beta, gradName, x, out).record(out);
    }

    private static void refuseBool(String opName, Tensor x) {
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(opName + "(): not supported for " + DType.BOOL + " tensors (shape "
                    + x.shape() + "); expected a floating point or int64 tensor, e.g. x.to(DType.FLOAT32)");
        }
    }

    private static String opName(UnaryOp op) {
        return op == UnaryOp.LOGICAL_NOT ? "logicalNot" : op.name().toLowerCase();
    }

    private static String gradName(UnaryOp op) {
        String lower = op.name().toLowerCase();
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1) + "Backward0";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(input.sign());
            case SIGN -> Tensor.zerosLike(g);
            case EXP -> g.mul(output);
            case LOG -> g.div(input);
            case SQRT -> g.div(output.mul(2));
            case RSQRT -> g.mul(-0.5).mul(output.pow(3));
            case SIN -> g.mul(input.cos());
            case COS -> g.mul(input.sin().neg());
            case TANH -> g.mul(output.mul(output).neg().add(1));
            case SIGMOID -> g.mul(output.neg().add(1)).mul(output);
            case RELU -> WhereOp.maskedFill(g, output.le(0), 0); // PyTorch's threshold_backward: NaN passes
            case POW -> alpha == 0 ? Tensor.zerosLike(g) : g.mul(input.pow(alpha - 1).mul(alpha));
            case CLAMP -> WhereOp.keep(clampMask(), g);
            default -> throw new IllegalStateException(op + " has no derivative");
        };
        return new Tensor[] {dx};
    }

    /** Where the gradient passes: {@code min <= x <= max}, a missing (infinite) bound not tested, as PyTorch. */
    private Tensor clampMask() {
        Tensor aboveMin = alpha == Double.NEGATIVE_INFINITY ? null : input.ge(alpha);
        Tensor belowMax = beta == Double.POSITIVE_INFINITY ? null : input.le(beta);
        if (aboveMin == null || belowMax == null) {
            return aboveMin != null ? aboveMin : belowMax != null ? belowMax : input.eq(input);
        }
        return WhereOp.apply(aboveMin, belowMax, aboveMin);
    }
}
