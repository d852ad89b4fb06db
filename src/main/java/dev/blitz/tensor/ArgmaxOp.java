package dev.blitz.tensor;

import dev.blitz.core.Shape;

/** Indices of the maxima along one dimension, as {@code torch.argmax(x, dim)}; not differentiable. */
public final class ArgmaxOp {
    private ArgmaxOp() {
    }

    /**
     * What {@code Tensor.argmax(dim)} computes: the first maximum wins ties, NaN counts as the maximum.
     *
     * @param x the input
     * @param dim the dimension to reduce; negative counts from the end
     * @return a new tensor with {@code dim} removed, holding the indices as floats
     * @throws IllegalArgumentException if {@code dim} is out of range or has size 0
     */
    public static Tensor apply(Tensor x, int dim) {
        x = Tensor.float32Input("argmax", x);
        Shape shape = x.shape();
        int d = shape.normalize(dim);
        int[] dims = shape.dims();
        if (dims[d] == 0) {
            throw new IllegalArgumentException("argmax(" + dim + "): dimension " + d + " of shape " + shape
                    + " is empty; expected at least one element to choose from");
        }
        int outer = 1;
        int inner = 1;
        int[] outDims = new int[dims.length - 1];
        for (int i = 0; i < dims.length; i++) {
            if (i < d) {
                outer *= dims[i];
                outDims[i] = dims[i];
            } else if (i > d) {
                inner *= dims[i];
                outDims[i - 1] = dims[i];
            }
        }
        Tensor out = Tensor.empty(Shape.of(outDims), x.device());
        x.backend().argmax(x.buffer(), outer, dims[d], inner, out.buffer());
        return out;
    }
}
