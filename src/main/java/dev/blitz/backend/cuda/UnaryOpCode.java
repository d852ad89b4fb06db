package dev.blitz.backend.cuda;

import dev.blitz.backend.UnaryOp;

/**
 * The values of the unary kernels' {@code op} parameter, one per {@link UnaryOp} of the same name: the table of
 * record, which kernels/blitz.cu mirrors as {@code #define UNARY_<NAME> <code>} (KernelTableTest checks both
 * ways).
 */
enum UnaryOpCode {
    NEG(0),
    ABS(1),
    SIGN(2),
    EXP(3),
    LOG(4),
    SQRT(5),
    RSQRT(6),
    SIN(7),
    COS(8),
    TANH(9),
    SIGMOID(10),
    RELU(11),
    POW(12),
    CLAMP(13),
    AFFINE(14),
    ISNAN(15),
    ISFINITE(16),
    LOGICAL_NOT(17);

    final int code;

    UnaryOpCode(int code) {
        this.code = code;
    }

    static UnaryOpCode of(UnaryOp op) {
        return valueOf(op.name());
    }
}
