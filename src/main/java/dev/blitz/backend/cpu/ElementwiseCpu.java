package dev.blitz.backend.cpu;

import dev.blitz.backend.BinaryOp;

/** Elementwise kernels: broadcasting binary ops, affine maps and axpy; large arrays split over threads. */
final class ElementwiseCpu {
    private ElementwiseCpu() {
    }

    /** {@code o[i] = op(x[ia], y[ib])} over {@code dims}, one innermost row at a time. */
    static void binary(BinaryOp op, float[] x, int[] xStrides, float[] y, int[] yStrides, float[] o, int[] dims) {
        int rank = dims.length;
        if (rank == 0) {
            o[0] = op.apply(x[0], y[0]);
            return;
        }
        int inner = dims[rank - 1];
        int rows = inner == 0 ? 0 : o.length / inner;
        int sx = xStrides[rank - 1];
        int sy = yStrides[rank - 1];
        Parallel.forRange(rows, inner, (part, from, to) -> {
            int ix = 0;
            int iy = 0;
            int[] idx = new int[rank];
            for (int k = rank - 2, rest = from; k >= 0; k--) {
                idx[k] = rest % dims[k];
                rest /= dims[k];
                ix += idx[k] * xStrides[k];
                iy += idx[k] * yStrides[k];
            }
            for (int r = from; r < to; r++) {
                row(op, x, ix, sx, y, iy, sy, o, r * inner, inner);
                for (int k = rank - 2; k >= 0; k--) {
                    idx[k]++;
                    ix += xStrides[k];
                    iy += yStrides[k];
                    if (idx[k] < dims[k]) {
                        break;
                    }
                    ix -= xStrides[k] * dims[k];
                    iy -= yStrides[k] * dims[k];
                    idx[k] = 0;
                }
            }
        });
    }

    private static void row(BinaryOp op, float[] x, int ix, int sx, float[] y, int iy, int sy, float[] o, int io,
                            int len) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < len; i++) {
                    o[io + i] = x[ix + i * sx] + y[iy + i * sy];
                }
            }
            case SUB -> {
                for (int i = 0; i < len; i++) {
                    o[io + i] = x[ix + i * sx] - y[iy + i * sy];
                }
            }
            case MUL -> {
                for (int i = 0; i < len; i++) {
                    o[io + i] = x[ix + i * sx] * y[iy + i * sy];
                }
            }
            case DIV -> {
                for (int i = 0; i < len; i++) {
                    o[io + i] = x[ix + i * sx] / y[iy + i * sy];
                }
            }
        }
    }

    static void affine(float[] x, float alpha, float beta, float[] o) {
        Parallel.forRange(o.length, 1, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                o[i] = alpha * x[i] + beta;
            }
        });
    }

    static void axpy(float alpha, float[] x, float[] y) {
        Parallel.forRange(y.length, 1, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] += alpha * x[i];
            }
        });
    }
}
