package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;

/** Mean absolute error {@code |x - y|} between an input and a target of the same shape, as {@code nn.L1Loss}. */
public class L1Loss extends Loss {

    /** The mean absolute error, as {@code nn.L1Loss()}. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /**
     * The absolute error reduced as asked, as {@code nn.L1Loss(reduction=...)}.
     *
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    /**
     * The loss of a prediction.
     *
     * @param input the prediction, float32 or float64
     * @param target the expected values, of the same shape (no broadcasting)
     * @return the loss
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.l1Loss(input, target, reduction());
    }
}
