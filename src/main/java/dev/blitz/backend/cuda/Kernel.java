package dev.blitz.backend.cuda;

/**
 * The kernels of kernels/blitz.cu, by their PTX entry names: the table of record. {@link Kernels} loads every
 * constant's function from the module and launches it as {@code Kernel.NAME}; KernelTableTest holds this table
 * against the {@code .entry} names of kernels/blitz.ptx and against the launches in this package, both ways.
 */
enum Kernel {
    AFFINE("affine_f32"),
    AXPY("axpy_f32"),
    BINARY("binary_f32"),
    SUM_TO("sum_to_f32"),
    MSE_NONE("mse_none_f32"),
    MSE_PARTIAL("mse_partial_f32"),
    SUM_FINISH("sum_finish_f32"),
    MSE_BACKWARD("mse_backward_f32"),
    SGD("sgd_f32"),
    ARGMAX("argmax_f32"),
    LOG_SOFTMAX("log_softmax_f32"),
    CROSS_ENTROPY("cross_entropy_f32"),
    CROSS_ENTROPY_BACKWARD("cross_entropy_backward_f32"),
    ADAM("adam_f32");

    /** The {@code extern "C"} name in blitz.cu, which is the PTX entry's name. */
    final String ptxName;

    Kernel(String ptxName) {
        this.ptxName = ptxName;
    }
}
