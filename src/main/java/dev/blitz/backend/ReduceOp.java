package dev.blitz.backend;

import dev.blitz.core.DType;

/**
 * The reductions of {@link Backend#reduce}, along the middle axis of an [outer, size, inner] view.
 */
public enum ReduceOp {
    /** The sum; int64 for int64 and bool input (as PyTorch), 0 over no elements. */
    SUM,
    /** The product; int64 for int64 and bool input, 1 over no elements. */
    PROD,
    /** The largest value; NaN if any is NaN. Needs {@code size >= 1}. */
    MAX,
    /** The smallest value; NaN if any is NaN. Needs {@code size >= 1}. */
    MIN,
    /** The int64 index of the first largest value (the first NaN, if any). Needs {@code size >= 1}. */
    ARGMAX,
    /** The int64 index of the first smallest value (the first NaN, if any). Needs {@code size >= 1}. */
    ARGMIN,
    /** Whether every value is nonzero (bool); true over no elements. */
    ALL,
    /** Whether some value is nonzero (bool); false over no elements. */
    ANY;

    /**
     * The dtype of the result for an input of {@code input}'s dtype.
     *
     * @param input the input's dtype
     * @return the output's dtype
     */
    public DType resultType(DType input) {
        return switch (this) {
            case SUM, PROD -> input.isFloatingPoint() ? input : DType.INT64;
            case MAX, MIN -> input;
            case ARGMAX, ARGMIN -> DType.INT64;
            case ALL, ANY -> DType.BOOL;
        };
    }
}
