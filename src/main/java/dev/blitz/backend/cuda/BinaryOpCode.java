package dev.blitz.backend.cuda;

import dev.blitz.backend.BinaryOp;

/**
 * The values of the {@code op} parameter of the binary and compare kernels, one per {@link BinaryOp} of the same
 * name: the table of record, which kernels/blitz.cu mirrors as {@code #define BINARY_<NAME> <code>}
 * (KernelTableTest checks both ways).
 */
enum BinaryOpCode {
    ADD(0),
    SUB(1),
    MUL(2),
    DIV(3),
    POW(4),
    MAXIMUM(5),
    MINIMUM(6),
    EQ(7),
    NE(8),
    LT(9),
    LE(10),
    GT(11),
    GE(12);

    final int code;

    BinaryOpCode(int code) {
        this.code = code;
    }

    static BinaryOpCode of(BinaryOp op) {
        return valueOf(op.name());
    }
}
