package dev.blitz.nn;

import dev.blitz.Blitz;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;
import dev.blitz.tensor.ClosedTensorException;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;

import java.util.function.Function;

/**
 * Batch normalisation over the channels (dimension 1), the base of {@link BatchNorm1d} and {@link BatchNorm2d}, as
 * PyTorch's {@code _BatchNorm}: a learned per-channel {@code weight} (1) and {@code bias} (0) when affine, and the
 * buffers {@code running_mean} (0), {@code running_var} (1) and {@code num_batches_tracked} (an int64 count) when
 * tracking running statistics. In training it normalises with the batch's mean and biased variance (the gradient
 * flowing through them) and updates the running statistics ({@code running = (1 - momentum) * running +
 * momentum * batch}, the variance with the unbiased batch variance); in evaluation it normalises with the running
 * statistics. Options come from a builder: {@code BatchNorm2d.builder(16).eps(1e-3).momentum(0.01).build()}.
 */
public abstract class BatchNorm extends Module {
    /** The per-channel scale, [num_features], initialised to 1; null when not affine. */
    public final Tensor weight;
    /** The per-channel shift, [num_features], initialised to 0; null when not affine. */
    public final Tensor bias;
    /** The buffer {@code running_mean}, [num_features], initialised to 0; null when not tracking. */
    public final Tensor runningMean;
    /** The buffer {@code running_var}, [num_features], initialised to 1; null when not tracking. */
    public final Tensor runningVar;
    /** The buffer {@code num_batches_tracked}, an int64 scalar counting training batches; null when not tracking. */
    public final Tensor numBatchesTracked;
    private final int numFeatures;
    private final double eps;
    /** The update factor, or null for a cumulative moving average (PyTorch's {@code momentum=None}). */
    private final Double momentum;
    private final boolean affine;
    private final boolean trackRunningStats;

    /**
     * Makes the layer from its options, its tensors on the default device.
     *
     * @param options the builder
     * @throws IllegalArgumentException if {@code num_features} is below 1
     */
    protected BatchNorm(Builder<?> options) {
        if (options.numFeatures < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be >= 1, got "
                    + options.numFeatures);
        }
        numFeatures = options.numFeatures;
        eps = options.eps;
        momentum = options.momentum;
        affine = options.affine;
        trackRunningStats = options.trackRunningStats;
        var device = Blitz.defaultDevice();
        Shape channels = Shape.of(numFeatures);
        weight = affine ? registerParameter("weight", Tensor.ones(channels, DType.FLOAT32, device)) : null;
        bias = affine ? registerParameter("bias", Tensor.zeros(channels, DType.FLOAT32, device)) : null;
        if (trackRunningStats) {
            runningMean = registerBuffer("running_mean", Tensor.zeros(channels, DType.FLOAT32, device));
            runningVar = registerBuffer("running_var", Tensor.ones(channels, DType.FLOAT32, device));
            numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(Shape.of(), DType.INT64, device));
        } else {
            runningMean = null;
            runningVar = null;
            numBatchesTracked = null;
        }
    }

    /**
     * Fails unless the input has the rank this layer takes, with PyTorch's message.
     *
     * @param input the input
     * @throws IllegalArgumentException e.g. {@code "expected 4D input (got 3D input)"}
     */
    protected abstract void checkInputDim(Tensor input);

    /**
     * Normalises a batch; in training also updates the running statistics and counts the batch.
     *
     * @param input (N, C, ...) with C = num_features, float32 or float64
     * @return a new tensor of the input's shape
     * @throws IllegalArgumentException if the rank is wrong ({@code "expected 4D input (got 3D input)"}), the
     *     channels differ ({@code "batch_norm: running_mean should contain 4 elements not 3"}), or training sees
     *     one value per channel ({@code "batch_norm: Expected more than 1 value per channel when training, got
     *     input size torch.Size([1, 3])"})
     */
    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        boolean training = isTraining();
        boolean counting = training && trackRunningStats;
        try {
            // PyTorch counts the batch first and, for momentum=None, averages with factor 1 / count; counting
            // after the call keeps the state as it was when the call is refused.
            double factor = momentum != null ? momentum
                    : counting ? 1.0 / (numBatchesTracked.itemLong() + 1) : 0;
            // As PyTorch: batch statistics in training, and also in evaluation when there are no running ones.
            boolean useBatchStats = training || runningMean == null;
            boolean useRunning = !training || trackRunningStats;
            Tensor out = F.batchNorm(input, useRunning ? runningMean : null, useRunning ? runningVar : null, weight,
                    bias, useBatchStats, factor, eps);
            if (counting) {
                try (var g = GradMode.noGrad()) {
                    numBatchesTracked.addInPlace(1);
                }
            }
            return out;
        } catch (ClosedTensorException e) {
            throw named(e);
        }
    }

    /** Sets the running statistics back to 0 and 1 and the batch count to 0, as {@code reset_running_stats()}. */
    public void resetRunningStats() {
        if (trackRunningStats) {
            try (var g = GradMode.noGrad()) {
                runningMean.zeroInPlace();
                runningVar.fillInPlace(1);
                numBatchesTracked.zeroInPlace();
            }
        }
    }

    /**
     * The number of channels.
     *
     * @return PyTorch's {@code num_features}
     */
    public int numFeatures() {
        return numFeatures;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + PyFloat.repr(eps) + ", momentum="
                + (momentum == null ? "None" : PyFloat.repr(momentum)) + ", affine=" + (affine ? "True" : "False")
                + ", track_running_stats=" + (trackRunningStats ? "True" : "False");
    }

    /**
     * Options for a batch norm layer; each defaults to PyTorch's.
     *
     * @param <B> the layer it builds
     */
    public static final class Builder<B extends BatchNorm> {
        private final int numFeatures;
        private final Function<Builder<B>, B> make;
        private double eps = 1e-5;
        private Double momentum = 0.1;
        private boolean affine = true;
        private boolean trackRunningStats = true;

        Builder(int numFeatures, Function<Builder<B>, B> make) {
            this.numFeatures = numFeatures;
            this.make = make;
        }

        /**
         * Sets the value added to the variance, as {@code eps=}.
         *
         * @param eps default 1e-5
         * @return this builder
         */
        public Builder<B> eps(double eps) {
            this.eps = eps;
            return this;
        }

        /**
         * Sets the running statistics' update factor, as {@code momentum=}.
         *
         * @param momentum default 0.1
         * @return this builder
         */
        public Builder<B> momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Makes the running statistics plain averages over every training batch so far, as {@code momentum=None}
         * (the factor for batch k is 1 / k).
         *
         * @return this builder
         */
        public Builder<B> cumulativeMovingAverage() {
            this.momentum = null;
            return this;
        }

        /**
         * Sets whether the layer has a learned weight and bias, as {@code affine=}.
         *
         * @param affine default true
         * @return this builder
         */
        public Builder<B> affine(boolean affine) {
            this.affine = affine;
            return this;
        }

        /**
         * Sets whether the layer keeps running statistics, as {@code track_running_stats=}; without them it
         * normalises with the batch's statistics in evaluation too.
         *
         * @param trackRunningStats default true
         * @return this builder
         */
        public Builder<B> trackRunningStats(boolean trackRunningStats) {
            this.trackRunningStats = trackRunningStats;
            return this;
        }

        /**
         * Makes the layer.
         *
         * @return a new layer, its tensors on the default device
         * @throws IllegalArgumentException if {@code num_features} is below 1
         */
        public B build() {
            return make.apply(this);
        }
    }
}
