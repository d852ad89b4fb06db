package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** Log-softmax along one dimension as a layer, as {@code nn.LogSoftmax(dim)}; {@link NLLLoss} takes its output. */
public class LogSoftmax extends Module {
    private final int dim;

    /**
     * Log-softmax along {@code dim}, as {@code nn.LogSoftmax(dim=dim)}.
     *
     * @param dim the dimension to normalise along; negative counts from the end (checked by {@link #forward})
     */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    /**
     * Applies {@code x - log(sum(exp(x)))} along the dimension, computed stably.
     *
     * @param input float32 or float64
     * @return a new tensor of its shape
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.logSoftmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
