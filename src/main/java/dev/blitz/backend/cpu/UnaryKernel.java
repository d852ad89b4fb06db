package dev.blitz.backend.cpu;

import dev.blitz.backend.UnaryOp;

/**
 * The float ops of {@link UnaryOp} (all but the bool ones) over contiguous runs of float32, each op a loop of its
 * own. {@link UnaryCpu} hands it rows, gathering strided ones first. Every element goes through the same code
 * whatever the run's length and start, so results never depend on how a tensor is cut into rows or over threads.
 */
abstract class UnaryKernel {
    /** The Vector API kernel when the JVM has the module, else the scalar one. */
    static final UnaryKernel BEST = VectorApi.load("VectorUnary", UnaryKernel.class, ScalarUnary.INSTANCE);

    /**
     * {@code o[io + i] = op(x[ix + i]; alpha, beta)} for {@code i < n}; {@code o} may be {@code x} when
     * {@code io == ix}.
     */
    abstract void floats(UnaryOp op, float[] x, int ix, float[] o, int io, int n, double alpha, double beta);
}
