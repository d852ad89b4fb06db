package dev.blitz.backend;

/** Elementwise operations on two (broadcast) operands. */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** {@code a / b}. */
    DIV;

    /**
     * This operation on one pair of values, as the CPU kernels compute it.
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
        };
    }
}
