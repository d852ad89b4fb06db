package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Smooth L1 error, as {@code nn.SmoothL1Loss}: with {@code z = |x - y|}, {@code 0.5 * z^2 / beta} where
 * {@code z < beta}, else {@code z - 0.5 * beta}; quadratic near the target, linear far from it.
 */
public class SmoothL1Loss extends Loss {
    private final double beta;

    /** The mean smooth L1 error with {@code beta = 1}, as {@code nn.SmoothL1Loss()}. */
    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * The mean smooth L1 error, as {@code nn.SmoothL1Loss(beta=...)}.
     *
     * @param beta where the quadratic part ends, {@code >= 0} (checked by {@link #forward}); 0 is the L1 error
     */
    public SmoothL1Loss(double beta) {
        this(Reduction.MEAN, beta);
    }

    /**
     * Reduced as asked, as {@code nn.SmoothL1Loss(reduction=..., beta=...)}.
     *
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     * @param beta where the quadratic part ends, {@code >= 0} (checked by {@link #forward})
     */
    public SmoothL1Loss(Reduction reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    /**
     * The loss of a prediction.
     *
     * @param input the prediction, float32 or float64
     * @param target the expected values, of the same shape (no broadcasting)
     * @return the loss
     * @throws IllegalArgumentException if beta is negative, or the shapes, dtypes or devices differ
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.smoothL1Loss(input, target, reduction(), beta);
    }
}
