package dev.blitz.backend.cuda;

import dev.blitz.backend.ReduceOp;

/**
 * The values of the reduce kernels' {@code op} parameter, one per {@link ReduceOp} of the same name: the table of
 * record, which kernels/blitz.cu mirrors as {@code #define REDUCE_<NAME> <code>} (KernelTableTest checks both
 * ways).
 */
enum ReduceOpCode {
    SUM(0),
    PROD(1),
    MAX(2),
    MIN(3),
    ARGMAX(4),
    ARGMIN(5),
    ALL(6),
    ANY(7);

    final int code;

    ReduceOpCode(int code) {
        this.code = code;
    }

    static ReduceOpCode of(ReduceOp op) {
        return valueOf(op.name());
    }
}
