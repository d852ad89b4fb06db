package dev.blitz.backend.cuda;

/**
 * The kernels of kernels/blitz.cu, by their PTX entry names: the table of record. The general kernels come once
 * per dtype they take, suffixed f32, f64, i64 or b8 (bool). {@link Kernels} loads every constant's function from
 * the module and launches it as {@code Kernel.NAME}; KernelTableTest holds this table against the {@code .entry}
 * names of kernels/blitz.ptx and against the launches in this package, both ways.
 */
enum Kernel {
    AFFINE("affine_f32"),
    AXPY("axpy_f32"),
    SUM_TO("sum_to_f32"),
    MSE_NONE("mse_none_f32"),
    MSE_PARTIAL("mse_partial_f32"),
    SUM_FINISH("sum_finish_f32"),
    MSE_BACKWARD("mse_backward_f32"),
    SGD("sgd_f32"),
    LOG_SOFTMAX("log_softmax_f32"),
    CROSS_ENTROPY("cross_entropy_f32"),
    CROSS_ENTROPY_MEAN("cross_entropy_mean_f32"),
    CROSS_ENTROPY_BACKWARD("cross_entropy_backward_f32"),
    ADAM("adam_f32"),
    COPY_STRIDED_F32("copy_strided_f32"),
    COPY_STRIDED_F64("copy_strided_f64"),
    COPY_STRIDED_I64("copy_strided_i64"),
    COPY_STRIDED_B8("copy_strided_b8"),
    CAST_F32("cast_f32"),
    CAST_F64("cast_f64"),
    CAST_I64("cast_i64"),
    CAST_B8("cast_b8"),
    FILL_F64("fill_f64"),
    FILL_I64("fill_i64"),
    BINARY_F32("binary_f32"),
    BINARY_F64("binary_f64"),
    BINARY_I64("binary_i64"),
    COMPARE_F32("compare_f32"),
    COMPARE_F64("compare_f64"),
    COMPARE_I64("compare_i64"),
    COMPARE_B8("compare_b8"),
    UNARY_F32("unary_f32"),
    UNARY_F64("unary_f64"),
    UNARY_I64("unary_i64"),
    UNARY_B8("unary_b8"),
    WHERE_F32("where_f32"),
    WHERE_F64("where_f64"),
    WHERE_I64("where_i64"),
    WHERE_B8("where_b8"),
    REDUCE_F32("reduce_f32"),
    REDUCE_F64("reduce_f64"),
    REDUCE_I64("reduce_i64"),
    REDUCE_B8("reduce_b8"),
    INDEX_SELECT_F32("index_select_f32"),
    INDEX_SELECT_F64("index_select_f64"),
    INDEX_SELECT_I64("index_select_i64"),
    INDEX_SELECT_B8("index_select_b8"),
    INDEX_ADD_F32("index_add_f32"),
    INDEX_ADD_F64("index_add_f64"),
    GATHER_F32("gather_f32"),
    GATHER_F64("gather_f64"),
    GATHER_I64("gather_i64"),
    GATHER_B8("gather_b8"),
    SCATTER_F32("scatter_f32"),
    SCATTER_F64("scatter_f64"),
    SCATTER_I64("scatter_i64"),
    SCATTER_B8("scatter_b8");

    /** The {@code extern "C"} name in blitz.cu, which is the PTX entry's name. */
    final String ptxName;

    Kernel(String ptxName) {
        this.ptxName = ptxName;
    }
}
