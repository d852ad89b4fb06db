package dev.blitz.tensor;

import dev.blitz.core.DType;

import java.util.function.UnaryOperator;

/**
 * The history a base gets when an in-place op writes through one of its views, as PyTorch's {@code CopySlices}:
 * the new base is the old one with the view's elements replaced by the op's result. Its inputs are the base's old
 * history and the op's out-of-place result (whose own graph holds the op's backward, down to the view's old value
 * and the op's other inputs). Backward hands the base's old history the gradient with the view's elements zeroed,
 * since they were overwritten, and the result the gradient of those elements; the gradient of the view's old
 * value then reaches the old base through the result's graph, so the old base gets what PyTorch's CopySlices
 * gives it.
 */
final class CopySlices extends Function {
    private final UnaryOperator<Tensor> viewFn;
    private final DType resultDtype;

    /**
     * Records the write of {@code result} into the view {@code viewFn} picks out of {@code base}.
     *
     * @param base the root base before the write (its history is this node's first input)
     * @param viewFn the written view's geometry from {@code base}, on any tensor of the base's shape
     * @param result the op's out-of-place result, with its history; null for a write that depends on nothing
     *        differentiable (a fill)
     */
    CopySlices(Tensor base, UnaryOperator<Tensor> viewFn, Tensor result) {
        super(base, result);
        this.viewFn = viewFn;
        this.resultDtype = result == null ? null : result.dtype();
    }

    @Override
    public String name() {
        return "CopySlices";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor gradResult = null;
        if (needsGrad(1)) {
            try (Tensor slot = viewFn.apply(g)) {
                gradResult = slot.dtype() == resultDtype ? slot.copy() : slot.to(resultDtype);
            }
        }
        Tensor gradBase = null;
        if (needsGrad(0)) {
            gradBase = g.copy();
            try (Tensor slot = viewFn.apply(gradBase)) {
                slot.fillInPlace(0);
            }
        }
        return new Tensor[] {gradBase, gradResult};
    }
}
