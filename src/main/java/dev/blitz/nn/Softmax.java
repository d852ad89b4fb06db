package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** Softmax along one dimension as a layer, as {@code nn.Softmax(dim)}. */
public class Softmax extends Module {
    private final int dim;

    /**
     * Softmax along {@code dim}, as {@code nn.Softmax(dim=dim)}.
     *
     * @param dim the dimension whose slices sum to 1; negative counts from the end (checked by {@link #forward})
     */
    public Softmax(int dim) {
        this.dim = dim;
    }

    /**
     * Applies {@code exp(x) / sum(exp(x))} along the dimension.
     *
     * @param input float32 or float64
     * @return a new tensor of its shape
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.softmax(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
