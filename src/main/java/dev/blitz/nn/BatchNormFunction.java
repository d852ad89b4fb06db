package dev.blitz.nn;

import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;

/**
 * {@code F.batch_norm} composed of tensor ops: the mean and biased variance over every dimension but the channels
 * ({@code dim 1}), so the gradient flows through the batch statistics as in PyTorch, and the running statistics
 * updated in place without history.
 */
final class BatchNormFunction {
    private static final String OP = "batch_norm";

    private BatchNormFunction() {
    }

    static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, double momentum, double eps) {
        FunctionalChecks.floating(OP, "input", input);
        if (input.dim() < 2) {
            throw new IllegalArgumentException(OP + ": expected an input of 2 or more dimensions (N, C, ...), got"
                    + " shape " + input.shape());
        }
        for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
            FunctionalChecks.sameDevice(OP, input, t);
        }
        if (training) {
            checkBatchSize(input);
        }
        int c = input.size(1);
        checkFeatures("running_mean", c, runningMean);
        if (runningMean == null && !training) {
            throw new IllegalArgumentException(OP + ": running_mean must be defined in evaluation mode");
        }
        checkFeatures("running_var", c, runningVar);
        if (runningVar == null && !training) {
            throw new IllegalArgumentException(OP + ": running_var must be defined in evaluation mode");
        }
        checkFeatures("weight", c, weight);
        checkFeatures("bias", c, bias);

        int[] perChannel = new int[input.dim()];
        Arrays.fill(perChannel, 1);
        perChannel[1] = c;
        Tensor mean;
        Tensor var;
        if (training) {
            int[] dims = new int[input.dim() - 1];
            dims[0] = 0;
            for (int d = 2; d < input.dim(); d++) {
                dims[d - 1] = d;
            }
            mean = input.mean(dims, true);
            var = input.var(dims, 0, true); // biased, for normalising
            int n = input.numel() / c;
            try (var g = GradMode.noGrad()) {
                if (runningMean != null) {
                    update(runningMean, mean, momentum);
                }
                if (runningVar != null) {
                    update(runningVar, var.mul((double) n / (n - 1)), momentum); // unbiased, as PyTorch keeps it
                }
            }
        } else {
            mean = runningMean.view(perChannel);
            var = runningVar.view(perChannel);
        }
        Tensor out = input.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) {
            out = out.mul(weight.view(perChannel));
        }
        if (bias != null) {
            out = out.add(bias.view(perChannel));
        }
        return out;
    }

    /** {@code running = (1 - momentum) * running + momentum * batch}, in place, in the running tensor's dtype. */
    private static void update(Tensor running, Tensor batch, double momentum) {
        running.mulInPlace(1 - momentum).addInPlace(batch.mul(momentum).reshape(running.size()).to(running.dtype()));
    }

    /** PyTorch's {@code _verify_batch_size}: one value per channel has no variance to normalise by. */
    private static void checkBatchSize(Tensor input) {
        long values = input.size(0);
        for (int d = 2; d < input.dim(); d++) {
            values *= input.size(d);
        }
        if (values == 1) {
            throw new IllegalArgumentException(OP + ": Expected more than 1 value per channel when training, got"
                    + " input size " + input.shape().torchSize());
        }
    }

    private static void checkFeatures(String what, int c, Tensor t) {
        if (t != null && t.numel() != c) {
            throw new IllegalArgumentException(OP + ": " + what + " should contain " + c + " elements not "
                    + t.numel());
        }
    }
}
