package dev.blitz.backend;

/**
 * The elementwise operations of {@link Backend#unary}, each {@code out = f(x; alpha, beta)}. The result has the
 * input's dtype, except where a constant says bool. The float ops take float32 and float64 only; the tensor layer
 * promotes int64 and bool inputs first, as PyTorch does ({@code torch.exp} of an int64 tensor is float32). Kernels
 * follow {@link #apply}, float32 rounding its result once, except that float32 EXP, LOG, TANH and SIGMOID may be
 * within 1 ulp of that (series on the Vector API, as PyTorch's SLEEF functions are; the same bits on every run).
 */
public enum UnaryOp {
    /** {@code -x}; float and int64. */
    NEG,
    /** {@code |x|}; float and int64. */
    ABS,
    /** {@code -1, 0 or 1} (NaN stays NaN); float and int64. */
    SIGN,
    /** {@code e^x}. */
    EXP,
    /** The natural logarithm. */
    LOG,
    /** The square root. */
    SQRT,
    /** {@code 1 / sqrt(x)}. */
    RSQRT,
    /** The sine. */
    SIN,
    /** The cosine. */
    COS,
    /** The hyperbolic tangent. */
    TANH,
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID,
    /** {@code max(x, 0)}, NaN stays NaN; float and int64. */
    RELU,
    /** {@code x ^ alpha}; float only. */
    POW,
    /** {@code min(max(x, alpha), beta)}, NaN stays NaN; pass -inf or +inf for a missing bound; float and int64. */
    CLAMP,
    /** {@code alpha * x + beta}; float and int64 (alpha and beta are whole numbers then). */
    AFFINE,
    /** Whether x is NaN; float in, bool out (false for int64 and bool). */
    ISNAN,
    /** Whether x is neither NaN nor infinite; any dtype in, bool out. */
    ISFINITE,
    /** {@code x == 0}; any dtype in, bool out. */
    LOGICAL_NOT;

    /** {@return whether the result is bool whatever the input} */
    public boolean resultIsBool() {
        return this == ISNAN || this == ISFINITE || this == LOGICAL_NOT;
    }

    /** {@return whether the op is defined on int64 input} */
    public boolean takesIntegers() {
        return switch (this) {
            case NEG, ABS, SIGN, RELU, CLAMP, AFFINE, ISNAN, ISFINITE, LOGICAL_NOT -> true;
            default -> false;
        };
    }

    /**
     * The op on one float64 value (the reference the kernels follow; float32 kernels round the same formula).
     *
     * @param x the input
     * @param alpha the first parameter (POW's exponent, CLAMP's minimum, AFFINE's factor), else unused
     * @param beta the second parameter (CLAMP's maximum, AFFINE's offset), else unused
     * @return the result, 1 or 0 for the bool ops
     */
    public double apply(double x, double alpha, double beta) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case RELU -> x != x ? x : Math.max(x, 0);
            case POW -> BinaryOp.pow(x, alpha);
            case CLAMP -> x != x ? x : Math.min(Math.max(x, alpha), beta);
            case AFFINE -> alpha * x + beta;
            case ISNAN -> x != x ? 1 : 0;
            case ISFINITE -> Double.isFinite(x) ? 1 : 0;
            case LOGICAL_NOT -> x == 0 ? 1 : 0;
        };
    }
}
