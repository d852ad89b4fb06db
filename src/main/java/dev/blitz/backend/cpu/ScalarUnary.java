package dev.blitz.backend.cpu;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;

/**
 * The portable {@link UnaryKernel}, and the float64 loops of every JVM: the formulas of {@link UnaryOp#apply}
 * exactly, float32 rounding each result once (CLAMP, RELU, SQRT and x^2 in float arithmetic, which gives the same
 * bits), POW with exponent 2 exactly {@code x * x}. The op is chosen once per run, not per element, so the cheap
 * ops are plain loops. float64 keeps {@link Math}'s functions (the same bits in every JIT tier of a JDK).
 */
final class ScalarUnary extends UnaryKernel {
    static final ScalarUnary INSTANCE = new ScalarUnary();

    private ScalarUnary() {
    }

    @Override
    void floats(UnaryOp op, float[] x, int ix, float[] o, int io, int n, double alpha, double beta) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = -x[ix + i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.abs(x[ix + i]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    float v = x[ix + i];
                    o[io + i] = v > 0 ? 1 : v < 0 ? -1 : v == 0 ? 0 : v;
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) Math.exp(x[ix + i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) Math.log(x[ix + i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) Math.sqrt(x[ix + i]);
                }
            }
            case RSQRT -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) (1 / Math.sqrt(x[ix + i]));
                }
            }
            case SIN -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) Math.sin(x[ix + i]);
                }
            }
            case COS -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) Math.cos(x[ix + i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) Math.tanh(x[ix + i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) (1 / (1 + Math.exp(-(double) x[ix + i])));
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.max(x[ix + i], 0f); // Math.max keeps NaN
                }
            }
            case POW -> {
                if (alpha == 2) {
                    for (int i = 0; i < n; i++) {
                        float v = x[ix + i];
                        o[io + i] = v * v;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[io + i] = (float) BinaryOp.pow(x[ix + i], alpha);
                    }
                }
            }
            case CLAMP -> {
                // Rounding is monotonic, so clamping to the rounded bounds is the float64 clamp rounded.
                float lo = (float) alpha;
                float hi = (float) beta;
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.min(Math.max(x[ix + i], lo), hi);
                }
            }
            case AFFINE -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = (float) (alpha * x[ix + i] + beta);
                }
            }
            default -> throw new IllegalArgumentException(op + " does not give " + DType.FLOAT32);
        }
    }

    /** {@code o[io + i] = op(x[ix + i]; alpha, beta)} in float64 for {@code i < n}; {@code o} may be {@code x}. */
    static void doubles(UnaryOp op, double[] x, int ix, double[] o, int io, int n, double alpha, double beta) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = -x[ix + i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.abs(x[ix + i]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    double v = x[ix + i];
                    o[io + i] = v > 0 ? 1 : v < 0 ? -1 : v == 0 ? 0 : v;
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.exp(x[ix + i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.log(x[ix + i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.sqrt(x[ix + i]);
                }
            }
            case RSQRT -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = 1 / Math.sqrt(x[ix + i]);
                }
            }
            case SIN -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.sin(x[ix + i]);
                }
            }
            case COS -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.cos(x[ix + i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.tanh(x[ix + i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = 1 / (1 + Math.exp(-x[ix + i]));
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.max(x[ix + i], 0);
                }
            }
            case POW -> {
                if (alpha == 2) {
                    for (int i = 0; i < n; i++) {
                        double v = x[ix + i];
                        o[io + i] = v * v;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[io + i] = BinaryOp.pow(x[ix + i], alpha);
                    }
                }
            }
            case CLAMP -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = Math.min(Math.max(x[ix + i], alpha), beta);
                }
            }
            case AFFINE -> {
                for (int i = 0; i < n; i++) {
                    o[io + i] = alpha * x[ix + i] + beta;
                }
            }
            default -> throw new IllegalArgumentException(op + " does not give " + DType.FLOAT64);
        }
    }
}
