package dev.blitz.backend.cuda;

/**
 * The bits of sgd_f32's {@code flags} parameter: the table of record, which kernels/blitz.cu mirrors as
 * {@code #define SGD_<NAME> <bit>} (KernelTableTest checks both ways).
 */
enum SgdFlag {
    NESTEROV(1),
    MAXIMIZE(2),
    FIRST_STEP(4),
    /** A momentum buffer is passed (without it, buf is unused and may be null). */
    HAS_MOMENTUM(8);

    final int bit;

    SgdFlag(int bit) {
        this.bit = bit;
    }

    /** This flag's bit when {@code on}, else 0: OR these together for the kernel's {@code flags}. */
    int when(boolean on) {
        return on ? bit : 0;
    }
}
