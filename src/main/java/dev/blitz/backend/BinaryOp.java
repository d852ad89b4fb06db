package dev.blitz.backend;

/**
 * The elementwise operations of {@link Backend#binary}. Both operands have one dtype; the result has it too,
 * except for the comparisons, whose result is bool.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** Division; on int64, truncating (the tensor layer promotes to float for PyTorch's true division). */
    DIV,
    /**
     * {@code a ^ b}; on int64 a negative exponent gives PyTorch's integer result: 1 for base 1, 1 or -1 for base -1
     * (even or odd exponent), else 0.
     */
    POW,
    /** The larger, NaN if either is NaN ({@code torch.maximum}). */
    MAXIMUM,
    /** The smaller, NaN if either is NaN ({@code torch.minimum}). */
    MINIMUM,
    /** {@code a == b}. */
    EQ,
    /** {@code a != b}. */
    NE,
    /** {@code a < b}. */
    LT,
    /** {@code a <= b}. */
    LE,
    /** {@code a > b}. */
    GT,
    /** {@code a >= b}. */
    GE;

    /** {@return whether the result is bool} */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }

    /**
     * The float32 result, for arithmetic ops ({@code 1} or {@code 0} for comparisons).
     *
     * @param a the left operand
     * @param b the right operand
     * @return {@code a op b}
     */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) pow(a, b);
            case MAXIMUM -> a != a || b != b ? Float.NaN : Math.max(a, b);
            case MINIMUM -> a != a || b != b ? Float.NaN : Math.min(a, b);
            default -> test(a, b) ? 1f : 0f;
        };
    }

    /**
     * The float64 result, for arithmetic ops ({@code 1} or {@code 0} for comparisons).
     *
     * @param a the left operand
     * @param b the right operand
     * @return {@code a op b}
     */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> pow(a, b);
            case MAXIMUM -> a != a || b != b ? Double.NaN : Math.max(a, b);
            case MINIMUM -> a != a || b != b ? Double.NaN : Math.min(a, b);
            default -> test(a, b) ? 1 : 0;
        };
    }

    /**
     * The int64 result, for arithmetic ops ({@code 1} or {@code 0} for comparisons). Division truncates toward
     * zero, and division by zero gives 0 (the tensor layer rejects it first, as PyTorch does).
     *
     * @param a the left operand
     * @param b the right operand
     * @return {@code a op b}
     */
    public long apply(long a, long b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> b == 0 ? 0 : a / b;
            case POW -> powLong(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    /**
     * A comparison's result; NaN compares unequal to everything, as IEEE and PyTorch say.
     *
     * @param a the left operand
     * @param b the right operand
     * @return whether {@code a op b} holds
     * @throws IllegalStateException for an arithmetic op
     */
    public boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            default -> throw new IllegalStateException(this + " is not a comparison");
        };
    }

    /**
     * C's {@code pow}, which PyTorch computes: Java's {@link Math#pow} but 1 for a base of 1 (whatever the
     * exponent, NaN included) and for -1 to an infinite power.
     *
     * @param x the base
     * @param y the exponent
     * @return {@code x ^ y}
     */
    public static double pow(double x, double y) {
        return x == 1 || (x == -1 && Double.isInfinite(y)) ? 1 : Math.pow(x, y);
    }

    private static long powLong(long base, long exp) {
        if (exp < 0) {
            return base == 1 ? 1 : base == -1 ? (exp % 2 == 0 ? 1 : -1) : 0;
        }
        long result = 1;
        for (long e = exp; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }
}
