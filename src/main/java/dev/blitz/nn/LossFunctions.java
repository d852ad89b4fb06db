package dev.blitz.nn;

import dev.blitz.core.DType;
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;
import dev.blitz.tensor.CrossEntropyOp;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;

/**
 * The losses that {@link F} offers beyond the fused {@code mse_loss} and {@code cross_entropy} kernels, composed of
 * tensor ops (so they run on every device, in float32 and float64, and their gradients come from autograd), each
 * written as PyTorch's formula for it.
 */
final class LossFunctions {
    /** PyTorch's {@code ignore_index} default: a class index no target holds by accident. */
    static final long DEFAULT_IGNORE_INDEX = -100;

    private LossFunctions() {
    }

    /**
     * The per-sample pieces of a negative log-likelihood, each of the target's shape: the picked
     * log-probabilities, each sample's weight (0 for an ignored target) and whether it is kept (bool, false for
     * an ignored target).
     */
    private record Picked(Tensor logp, Tensor weight, Tensor kept) {
        /** {@code -weight * logp}, and 0 where ignored even when the gathered log-probability is infinite. */
        Tensor losses() {
            return Tensor.where(kept, logp.mul(weight).neg(), 0);
        }
    }

    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        Picked p = pick("nll_loss", input, target, weight, ignoreIndex);
        Tensor losses = p.losses();
        return reduction == Reduction.MEAN ? losses.sum().div(p.weight().sum()) : FunctionalChecks.reduce(losses, reduction);
    }

    /**
     * FunctionalChecks the inputs of {@code nll_loss} as PyTorch does and gathers {@code input[n, target[n, ...], ...]}.
     * Reads the targets on the host (as {@code gather} does anyway) to check them and mask the ignored ones.
     */
    private static Picked pick(String op, Tensor input, Tensor target, Tensor weight, long ignoreIndex) {
        FunctionalChecks.floating(op, "input", input);
        FunctionalChecks.sameDevice(op, input, target);
        FunctionalChecks.sameDevice(op, input, weight);
        if (input.dim() < 1) {
            throw new IllegalArgumentException(op + ": Expected 1 or more dimensions (got 0)");
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected scalar type Long but found "
                    + scalarType(target.dtype()) + " (a target of " + target.dtype() + "; class indices are int64)");
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        int c = input.size(classDim);
        Shape expected = Shape.of(without(input.size(), classDim));
        if (input.dim() >= 2 && target.dim() >= 1 && target.size(0) != input.size(0)) {
            throw new IllegalArgumentException(op + ": Expected input batch_size (" + input.size(0)
                    + ") to match target batch_size (" + target.size(0) + ").");
        }
        if (!target.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": " + (input.dim() <= 2 && target.dim() > 1
                    ? "0D or 1D target tensor expected, multi-target not supported"
                    : "Expected target size " + expected + ", got " + target.shape()) + " (input " + input.shape()
                    + ")");
        }
        if (weight != null && (weight.dim() != 1 || weight.numel() != c)) {
            throw new IllegalArgumentException(op + ": weight tensor should be defined either for all " + c
                    + " classes or no classes but got weight tensor of shape: " + weight.shape());
        }
        long[] t = target.toLongArray();
        long[] safe = new long[t.length];
        boolean[] keep = new boolean[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] == ignoreIndex) {
                continue; // safe index 0, weight 0
            }
            if (t[i] < 0 || t[i] >= c) {
                throw new IllegalArgumentException(op + ": Target " + t[i] + " is out of bounds.");
            }
            safe[i] = t[i];
            keep[i] = true;
        }
        Tensor x = input.dim() == 1 ? input.unsqueeze(0) : input;
        int[] batched = without(x.size(), 1);
        int[] withClass = x.size();
        withClass[1] = 1;
        Tensor index = Tensor.of(safe, Shape.of(withClass), input.device());
        Tensor logp = x.gather(1, index).squeeze(1);
        Tensor kept = Tensor.of(keep, batched).to(input.device());
        Tensor w = kept.to(input.dtype());
        if (weight != null) {
            Tensor perClass = weight.to(input.dtype()).indexSelect(0, index.flatten()).view(batched);
            w = perClass.mul(w);
        }
        if (input.dim() == 1) {
            return new Picked(logp.squeeze(0), w.squeeze(0), kept.squeeze(0));
        }
        return new Picked(logp, w, kept);
    }

    /** PyTorch's C++ name of a dtype, as its dtype errors print it. */
    private static String scalarType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT64 -> "Long";
            case BOOL -> "Bool";
        };
    }

    private static int[] without(int[] dims, int drop) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != drop) {
                out[j++] = dims[i];
            }
        }
        return out;
    }

    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction,
                               double labelSmoothing) {
        if (fused(input, target, weight, ignoreIndex)) {
            return CrossEntropyOp.apply(input, target, reduction, labelSmoothing);
        }
        String op = "cross_entropy";
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(op + ": label_smoothing must be between 0.0 and 1.0. Got: "
                    + labelSmoothing);
        }
        FunctionalChecks.floating(op, "input", input);
        int classDim = input.dim() == 1 ? 0 : 1;
        Tensor logp = input.logSoftmax(classDim);
        Picked p = pick(op, logp, target, weight, ignoreIndex);
        Tensor nll = p.losses();
        Tensor nllReduced = reduction == Reduction.MEAN ? nll.sum().div(p.weight().sum())
                : FunctionalChecks.reduce(nll, reduction);
        if (labelSmoothing == 0) {
            return nllReduced;
        }
        // PyTorch's cross_entropy_loss_label_smoothing: the uniform part weighs each class by its weight and
        // leaves out ignored targets, and its mean divides by the kept targets' weights (their count unweighted).
        Tensor smooth = logp;
        if (weight != null) {
            int[] classShape = new int[logp.dim()];
            Arrays.fill(classShape, 1);
            classShape[classDim] = weight.numel();
            smooth = smooth.mul(weight.to(input.dtype()).view(classShape));
        }
        Tensor kept = p.kept();
        smooth = Tensor.where(kept, smooth.sum(classDim, false).neg(), 0);
        Tensor smoothReduced = switch (reduction) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> smooth.sum().div(weight != null ? p.weight().sum() : kept.sum().to(input.dtype()));
        };
        int classes = input.size(classDim);
        return nllReduced.mul(1 - labelSmoothing).add(smoothReduced.mul(labelSmoothing / classes));
    }

    /**
     * Whether the fused float32 kernel gives PyTorch's answer: [N, C] logits and no class weights; on the CPU also
     * no target to ignore. On CUDA the targets are not read back (the kernel checks them, so that a step does not
     * wait for the GPU), so there the default {@code ignore_index} takes the kernel, which ignores -100 itself.
     */
    private static boolean fused(Tensor input, Tensor target, Tensor weight, long ignoreIndex) {
        if (weight != null || input.dtype() != DType.FLOAT32 || input.dim() != 2) {
            return false;
        }
        if (input.device().isCuda()) {
            return ignoreIndex == DEFAULT_IGNORE_INDEX;
        }
        if (target.dtype() != DType.INT64) {
            return true; // float32 whole-number targets: the kernel's own form, checked there
        }
        for (long t : target.toLongArray()) {
            if (t == ignoreIndex) {
                return false;
            }
        }
        return true;
    }

    static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String op = "binary_cross_entropy";
        FunctionalChecks.floating(op, "input", input);
        FunctionalChecks.floating(op, "target", target);
        FunctionalChecks.sameDevice(op, input, target);
        FunctionalChecks.sameDevice(op, input, weight);
        if (!target.shape().equals(input.shape())) {
            throw new IllegalArgumentException(op + ": Using a target size (" + target.shape().torchSize()
                    + ") that is different to the input size (" + input.shape().torchSize() + ") is deprecated."
                    + " Please ensure they have the same size.");
        }
        // PyTorch checks the values on the CPU; on CUDA it is a device-side assert, which Blitz leaves out
        // rather than wait for the GPU every step.
        if (!input.device().isCuda()) {
            for (double v : input.toDoubleArray()) {
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException(op + ": all elements of input should be between 0 and 1");
                }
            }
        }
        // PyTorch clamps each log at -100, so a confident wrong answer costs 100 rather than infinity.
        Tensor logX = input.log().clampMin(-100);
        Tensor log1mX = input.neg().add(1).log().clampMin(-100);
        Tensor loss = target.mul(logX).add(target.neg().add(1).mul(log1mX)).neg();
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return FunctionalChecks.reduce(loss, reduction);
    }

    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                               Reduction reduction) {
        String op = "binary_cross_entropy_with_logits";
        FunctionalChecks.floating(op, "input", input);
        FunctionalChecks.floating(op, "target", target);
        FunctionalChecks.sameDevice(op, input, target);
        FunctionalChecks.sameDevice(op, input, weight);
        FunctionalChecks.sameDevice(op, input, posWeight);
        if (!target.shape().equals(input.shape())) {
            throw new IllegalArgumentException(op + ": Target size (" + target.shape().torchSize()
                    + ") must be the same as input size (" + input.shape().torchSize() + ")");
        }
        // log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|)) never overflows; min(x, 0) is written (x - |x|) / 2
        // so that its gradient at 0 is 1/2 and the whole is sigmoid(-x) there too.
        Tensor abs = input.abs();
        Tensor logSigmoid = input.sub(abs).mul(0.5).sub(abs.neg().exp().add(1).log());
        if (posWeight != null) {
            logSigmoid = logSigmoid.mul(posWeight.sub(1).mul(target).add(1));
        }
        Tensor loss = target.neg().add(1).mul(input).sub(logSigmoid);
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return FunctionalChecks.reduce(loss, reduction);
    }

    static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        Tensor diff = difference("l1_loss", input, target);
        return FunctionalChecks.reduce(diff.abs(), reduction);
    }

    static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        String op = "smooth_l1_loss";
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta, got "
                    + PyFloat.repr(beta));
        }
        Tensor z = difference(op, input, target).abs();
        if (beta == 0) { // PyTorch's own shortcut; z^2 / beta would also poison the gradient with 0 * inf
            return FunctionalChecks.reduce(z, reduction);
        }
        Tensor loss = Tensor.where(z.lt(beta), z.mul(z).mul(0.5 / beta), z.sub(0.5 * beta));
        return FunctionalChecks.reduce(loss, reduction);
    }

    static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        String op = "huber_loss";
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber_loss does not support non-positive values for delta, got "
                    + PyFloat.repr(delta));
        }
        Tensor z = difference(op, input, target).abs();
        Tensor loss = Tensor.where(z.lt(delta), z.mul(z).mul(0.5), z.sub(0.5 * delta).mul(delta));
        return FunctionalChecks.reduce(loss, reduction);
    }

    private static Tensor difference(String op, Tensor input, Tensor target) {
        FunctionalChecks.floating(op, "input", input);
        FunctionalChecks.floating(op, "target", target);
        FunctionalChecks.sameDevice(op, input, target);
        FunctionalChecks.sameShape(op, input, target);
        return input.sub(target);
    }
}
