package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/**
 * Huber error, as {@code nn.HuberLoss}: with {@code z = |x - y|}, {@code 0.5 * z^2} where {@code z < delta},
 * else {@code delta * (z - 0.5 * delta)}; {@code delta} times {@link SmoothL1Loss} with {@code beta = delta}.
 */
public class HuberLoss extends Loss {
    private final double delta;

    /** The mean Huber error with {@code delta = 1}, as {@code nn.HuberLoss()}. */
    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * The mean Huber error, as {@code nn.HuberLoss(delta=...)}.
     *
     * @param delta where the quadratic part ends, {@code > 0} (checked by {@link #forward})
     */
    public HuberLoss(double delta) {
        this(Reduction.MEAN, delta);
    }

    /**
     * Reduced as asked, as {@code nn.HuberLoss(reduction=..., delta=...)}.
     *
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     * @param delta where the quadratic part ends, {@code > 0} (checked by {@link #forward})
     */
    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    /**
     * The loss of a prediction.
     *
     * @param input the prediction, float32 or float64
     * @param target the expected values, of the same shape (no broadcasting)
     * @return the loss
     * @throws IllegalArgumentException if delta is not positive, or the shapes, dtypes or devices differ
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.huberLoss(input, target, reduction(), delta);
    }
}
