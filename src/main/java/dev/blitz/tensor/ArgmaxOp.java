package dev.blitz.tensor;

import dev.blitz.backend.ReduceOp;
import dev.blitz.core.DType;

/**
 * Positions of the largest and smallest elements, as {@code torch.argmax} and {@code torch.argmin}: int64
 * indices, the first extreme winning ties and the first NaN winning over every number. Not differentiable.
 */
public final class ArgmaxOp {
    private ArgmaxOp() {
    }

    /**
     * The flat index of the largest element, as {@code torch.argmax(x)}.
     *
     * @param x a non-empty float32, float64 or int64 tensor
     * @return a 0-dimensional int64 tensor
     * @throws IllegalArgumentException if {@code x} is empty or bool
     */
    public static Tensor argmax(Tensor x) {
        return ofAll(ReduceOp.ARGMAX, x);
    }

    /**
     * The indices of the largest elements along {@code dim}, as {@code torch.argmax(x, dim, keepdim)}.
     *
     * @param x a float32, float64 or int64 tensor
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new int64 tensor
     * @throws IllegalArgumentException if {@code x} is bool, or {@code dim} is out of range or has size 0
     */
    public static Tensor argmax(Tensor x, int dim, boolean keepdim) {
        return alongDim(ReduceOp.ARGMAX, x, dim, keepdim);
    }

    /**
     * The flat index of the smallest element, as {@code torch.argmin(x)}.
     *
     * @param x a non-empty float32, float64 or int64 tensor
     * @return a 0-dimensional int64 tensor
     * @throws IllegalArgumentException if {@code x} is empty or bool
     */
    public static Tensor argmin(Tensor x) {
        return ofAll(ReduceOp.ARGMIN, x);
    }

    /**
     * The indices of the smallest elements along {@code dim}, as {@code torch.argmin(x, dim, keepdim)}.
     *
     * @param x a float32, float64 or int64 tensor
     * @param dim the dimension to reduce; negative counts from the end
     * @param keepdim whether {@code dim} stays, with size 1
     * @return a new int64 tensor
     * @throws IllegalArgumentException if {@code x} is bool, or {@code dim} is out of range or has size 0
     */
    public static Tensor argmin(Tensor x, int dim, boolean keepdim) {
        return alongDim(ReduceOp.ARGMIN, x, dim, keepdim);
    }

    private static Tensor ofAll(ReduceOp op, Tensor x) {
        String name = checkDtype(op, x);
        if (x.numel() == 0) {
            throw new IllegalArgumentException(name + "(): Expected reduction dim to be specified for input.numel() =="
                    + " 0 (shape " + x.shape() + ").");
        }
        // The flat index: the dense input read as one axis.
        return ReductionOp.reduce(op, x, ReductionOp.all(x.shape()), false);
    }

    private static Tensor alongDim(ReduceOp op, Tensor x, int dim, boolean keepdim) {
        String name = checkDtype(op, x);
        boolean[] reduced = ReductionOp.dims(name, x.shape(), dim);
        ReductionOp.checkNonEmpty(name, x.shape(), reduced);
        return ReductionOp.reduce(op, x, reduced, keepdim);
    }

    /** PyTorch has no argmax or argmin of bool ("argmax_cpu" not implemented for 'Bool'). */
    private static String checkDtype(ReduceOp op, Tensor x) {
        String name = op == ReduceOp.ARGMAX ? "argmax" : "argmin";
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name + "(): not implemented for " + x.dtype() + " (PyTorch's \""
                    + name + "_cpu\" not implemented for 'Bool'); convert it with to(DType.INT64)");
        }
        return name;
    }
}
