package dev.blitz.backend.cuda;

import dev.blitz.backend.BinaryOp;

/**
 * The values of binary_f32's {@code op} parameter: the table of record, which kernels/blitz.cu mirrors as
 * {@code #define BINARY_<NAME> <code>} (KernelTableTest checks both ways).
 */
enum BinaryOpCode {
    ADD(0),
    SUB(1),
    MUL(2),
    DIV(3);

    final int code;

    BinaryOpCode(int code) {
        this.code = code;
    }

    static BinaryOpCode of(BinaryOp op) {
        return switch (op) {
            case ADD -> ADD;
            case SUB -> SUB;
            case MUL -> MUL;
            case DIV -> DIV;
            default -> throw new UnsupportedOperationException(op.name()); // PLACEHOLDER
        };
    }
}
