package dev.blitz.backend.cuda;

import dev.blitz.core.DType;

/**
 * The values of the cast kernels' {@code to} parameter, one per {@link DType} of the same name: the table of
 * record, which kernels/blitz.cu mirrors as {@code #define DTYPE_<NAME> <code>} (KernelTableTest checks both
 * ways).
 */
enum DTypeCode {
    FLOAT32(0),
    FLOAT64(1),
    INT64(2),
    BOOL(3);

    final int code;

    DTypeCode(int code) {
        this.code = code;
    }

    static DTypeCode of(DType dtype) {
        return valueOf(dtype.name());
    }
}
