package dev.blitz.backend.cuda;

/**
 * The bits of adam_f32's {@code flags} parameter: the table of record, which kernels/blitz.cu mirrors as
 * {@code #define ADAM_<NAME> <bit>} (KernelTableTest checks both ways).
 */
enum AdamFlag {
    MAXIMIZE(1),
    /** Decoupled weight decay (AdamW). */
    DECOUPLED(2),
    /** A max_exp_avg_sq buffer is passed (without it, maxExpAvgSq is unused and may be null). */
    AMSGRAD(4);

    final int bit;

    AdamFlag(int bit) {
        this.bit = bit;
    }

    /** This flag's bit when {@code on}, else 0: OR these together for the kernel's {@code flags}. */
    int when(boolean on) {
        return on ? bit : 0;
    }
}
