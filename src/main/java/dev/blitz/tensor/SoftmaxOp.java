package dev.blitz.tensor;

import dev.blitz.backend.ReduceOp;
import dev.blitz.backend.UnaryOp;

/**
 * Softmax and log-softmax along one dimension, as {@code torch.softmax} and {@code torch.log_softmax}, computed
 * stably: the maximum along the dimension is subtracted before exponentiating, so huge logits do not overflow.
 * Backward uses only the result: softmax {@code y * (g - sum(g * y, dim))}, log-softmax
 * {@code g - exp(y) * sum(g, dim)}.
 */
public final class SoftmaxOp extends Function {
    private final Tensor result;
    private final boolean[] reduced;
    private final boolean log;

    private SoftmaxOp(Tensor input, Tensor result, boolean[] reduced, boolean log) {
        super(input);
        this.result = save(result);
        this.reduced = reduced;
        this.log = log;
    }

    /**
     * {@code exp(x) / sum(exp(x), dim)}, as {@code torch.softmax(x, dim)}.
     *
     * @param x a float32 or float64 tensor
     * @param dim the dimension whose entries sum to 1; negative counts from the end
     * @return a new tensor of {@code x}'s shape, recording {@code SoftmaxBackward0}
     * @throws IllegalArgumentException if {@code x} is not floating point or {@code dim} is out of range
     */
    public static Tensor softmax(Tensor x, int dim) {
        return apply("softmax", x, dim, false);
    }

    /**
     * {@code x - log(sum(exp(x), dim))}, as {@code torch.log_softmax(x, dim)}.
     *
     * @param x a float32 or float64 tensor
     * @param dim the dimension to normalise along; negative counts from the end
     * @return a new tensor of {@code x}'s shape, recording {@code LogSoftmaxBackward0}
     * @throws IllegalArgumentException if {@code x} is not floating point or {@code dim} is out of range
     */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return apply("log_softmax", x, dim, true);
    }

    private static Tensor apply(String name, Tensor x, int dim, boolean log) {
        ReductionOp.checkFloat(name, x);
        boolean[] reduced = ReductionOp.dims(name, x.shape(), dim);
        Tensor out;
        if (x.numel() == 0) {
            out = Tensor.empty(x.shape(), x.dtype(), x.device());
        } else {
            try (var noGrad = GradMode.noGrad();
                 Tensor max = ReductionOp.reduce(ReduceOp.MAX, x, reduced, true);
                 Tensor shifted = x.sub(max);
                 Tensor exp = ReductionOp.map(UnaryOp.EXP, shifted);
                 Tensor sum = ReductionOp.reduce(ReduceOp.SUM, exp, reduced, true)) {
                if (log) {
                    try (Tensor logSum = ReductionOp.map(UnaryOp.LOG, sum)) {
                        out = shifted.sub(logSum);
                    }
                } else {
                    out = exp.div(sum);
                }
            }
        }
        return new SoftmaxOp(x, out, reduced, log).record(out);
    }

    @Override
    public String name() {
        return log ? "LogSoftmaxBackward0" : "SoftmaxBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        if (log) {
            try (Tensor sum = ReductionOp.reduce(ReduceOp.SUM, g, reduced, true);
                 Tensor probs = ReductionOp.map(UnaryOp.EXP, result);
                 Tensor part = probs.mul(sum)) {
                return new Tensor[] {g.sub(part)};
            }
        }
        try (Tensor product = g.mul(result);
             Tensor sum = ReductionOp.reduce(ReduceOp.SUM, product, reduced, true);
             Tensor diff = g.sub(sum)) {
            return new Tensor[] {result.mul(diff)};
        }
    }
}
