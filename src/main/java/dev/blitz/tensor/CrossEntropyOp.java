package dev.blitz.tensor;

import dev.blitz.core.DType;

import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;

/**
 * Cross-entropy of [N, C] logits against N class indices: a stable log-softmax, then the negative log-likelihood
 * (with optional label smoothing), as {@code F.cross_entropy}. Backward needs only the saved log-probabilities.
 */
public final class CrossEntropyOp extends Function {
    private final Reduction reduction;
    private final float labelSmoothing;
    private final Tensor logp;
    private final Tensor target;

    private CrossEntropyOp(Tensor input, Tensor logp, Tensor target, Reduction reduction, float labelSmoothing) {
        super(input);
        this.logp = save(logp);
        this.target = save(target);
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    /**
     * {@code F.cross_entropy(input, target, reduction=..., label_smoothing=...)} with class-index targets.
     * On the CPU the targets are checked here, and must all be class indices (F.crossEntropy routes a batch
     * holding -100, PyTorch's default {@code ignore_index}, to its composed form); on CUDA the kernel checks them,
     * so that the step does not wait for the GPU: it ignores a target of -100 (its row adds 0, and the mean
     * divides by the other rows), and the next read of a result names a bad one
     * ({@code Backend.crossEntropyForward}).
     *
     * @param input [N, C] logits
     * @param target [N] int64 class indices in {@code [0, C)}, as PyTorch takes them; float32 whole numbers are
     *        taken too
     * @param reduction {@code NONE} gives [N] losses, {@code MEAN} and {@code SUM} a scalar
     * @param labelSmoothing in {@code [0, 1]}; 0 for plain cross-entropy
     * @return the loss
     * @throws IllegalArgumentException if a shape, a target value or {@code labelSmoothing} is invalid, or the
     *     tensors are on different devices (a bad target on CUDA: at the next read of a result)
     */
    public static Tensor apply(Tensor input, Tensor target, Reduction reduction, double labelSmoothing) {
        input = Tensor.float32Input("cross_entropy", input);
        Tensor labels = target;
        // Class indices are int64 in PyTorch; the kernels read them as floats (exact below 2^24 classes).
        target = Tensor.float32Input("cross_entropy", target.dtype() == DType.INT64 ? target.to(DType.FLOAT32) : target);
        if (input.dim() != 2 || input.size(1) < 1) {
            throw new IllegalArgumentException("cross_entropy: expected input of shape [N, C] (logits, C >= 1), got "
                    + input.shape());
        }
        int n = input.size(0);
        int c = input.size(1);
        if (target.dim() != 1 || target.size(0) != n) {
            throw new IllegalArgumentException("cross_entropy: expected target of shape [" + n + "] (one class index"
                    + " per row of input " + input.shape() + "), got " + target.shape());
        }
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        input.checkSameDevice("cross_entropy", target);
        // On CUDA this copy would wait for the GPU every step; the kernel checks instead.
        if (!input.device().isCuda()) {
            checkClassIndices(labels, input.shape());
        }
        Tensor logp = Tensor.empty(input.shape(), input.device());
        input.backend().logSoftmax(input.buffer(), n, c, logp.buffer());
        Tensor out = Tensor.empty(reduction == Reduction.NONE ? Shape.of(n) : Shape.of(), input.device());
        float eps = (float) labelSmoothing;
        input.backend().crossEntropyForward(logp.buffer(), target.buffer(), n, c, eps, reduction, out.buffer());
        try (logp) { // backward keeps its own view of it, or nothing under no-grad
            return new CrossEntropyOp(input, logp, target, reduction, eps).record(out);
        }
    }

    private static void checkClassIndices(Tensor labels, Shape inputShape) {
        int c = inputShape.dim(1);
        // A host copy in the labels' own dtype: int64 labels are compared exactly, with no conversion pass.
        if (labels.dtype() == DType.INT64) {
            long[] target = labels.toLongArray();
            for (int i = 0; i < target.length; i++) {
                if (target[i] < 0 || target[i] >= c) {
                    throw badTarget(i, String.valueOf(target[i]), c, inputShape);
                }
            }
            return;
        }
        float[] target = labels.toFloatArray();
        for (int i = 0; i < target.length; i++) {
            float t = target[i];
            if (!(t >= 0 && t < c && t == Math.rint(t))) {
                throw badTarget(i, String.valueOf(t), c, inputShape);
            }
        }
    }

    private static IllegalArgumentException badTarget(int i, String value, int c, Shape inputShape) {
        return new IllegalArgumentException("cross_entropy: target[" + i + "] = " + value + " is not a class index;"
                + " expected an integer in [0, " + c + ") for input of shape " + inputShape);
    }

    @Override
    public String name() {
        return labelSmoothing == 0f ? "NllLossBackward0" : "AddBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = Tensor.empty(logp.shape(), g.device());
        g.backend().crossEntropyBackward(logp.buffer(), target.buffer(), g.buffer(), logp.size(0), logp.size(1),
                labelSmoothing, reduction, dx.buffer());
        return new Tensor[] {dx};
    }

}
