package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Conv2dOp;
import dev.blitz.tensor.CrossEntropyOp;
import dev.blitz.tensor.LinearOp;
import dev.blitz.tensor.MaxPool2dOp;
import dev.blitz.tensor.MseLossOp;
import dev.blitz.tensor.ReluOp;
import dev.blitz.tensor.Tensor;

/** Functional forms of the layers, as {@code torch.nn.functional}. */
public final class F {
    private F() {
    }

    /**
     * 2-D convolution (cross-correlation), as {@code F.conv2d(input, weight, bias, stride, padding)}.
     *
     * @param input [N, C, H, W]
     * @param weight [out_channels, C, kH, kW]
     * @param bias [out_channels], or null for none
     * @param stride the step in both directions, {@code >= 1}
     * @param padding zeros added on every side, {@code >= 0}
     * @return [N, out_channels, (H + 2 * padding - kH) / stride + 1, (W + 2 * padding - kW) / stride + 1]
     * @throws IllegalArgumentException if the shapes, stride or padding do not fit, or the devices differ
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return Conv2dOp.apply(input, weight, bias, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    /**
     * 2-D convolution with dilation and groups, as {@code F.conv2d(input, weight, bias, stride, padding, dilation,
     * groups)}.
     *
     * @param input [N, C, H, W]
     * @param weight [out_channels, C / groups, kH, kW]
     * @param bias [out_channels], or null for none
     * @param stride the step in both directions, {@code >= 1}
     * @param padding zeros added on every side, {@code >= 0}
     * @param dilation the spacing between kernel taps in both directions, {@code >= 1}
     * @param groups {@code >= 1}, dividing C and out_channels: group i convolves the i-th slice of the input
     *     channels with the i-th slice of the filters
     * @return [N, out_channels, (H + 2 * padding - dilation * (kH - 1) - 1) / stride + 1, likewise for W]
     * @throws IllegalArgumentException if the shapes or options do not fit (PyTorch's messages), or the devices
     *     differ
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
                                int groups) {
        return Conv2dOp.apply(input, weight, bias, new int[] {stride}, new int[] {padding}, new int[] {dilation},
                groups);
    }

    /**
     * 2-D convolution with PyTorch's tuple forms, as {@code F.conv2d(input, weight, bias, stride=(sH, sW),
     * padding=(pH, pW), dilation=(dH, dW), groups=g)}; each array may also hold one value for both axes.
     *
     * @param input [N, C, H, W]
     * @param weight [out_channels, C / groups, kH, kW]
     * @param bias [out_channels], or null for none
     * @param stride {strideH, strideW}, each {@code >= 1}
     * @param padding {padH, padW}, zeros added on each side, each {@code >= 0}
     * @param dilation {dilationH, dilationW}, the spacing between kernel taps, each {@code >= 1}
     * @param groups {@code >= 1}, dividing C and out_channels
     * @return [N, out_channels, (H + 2 * padH - dilationH * (kH - 1) - 1) / strideH + 1, likewise for W]
     * @throws IllegalArgumentException if the shapes or options do not fit (PyTorch's messages), or the devices
     *     differ
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                int[] dilation, int groups) {
        return Conv2dOp.apply(input, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * 2-D convolution with stride 1 and no padding, as {@code F.conv2d(input, weight, bias)}.
     *
     * @param input [N, C, H, W]
     * @param weight [out_channels, C, kH, kW]
     * @param bias [out_channels], or null for none
     * @return [N, out_channels, H - kH + 1, W - kW + 1]
     * @throws IllegalArgumentException if the shapes do not fit, or the devices differ
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv2d(input, weight, bias, 1, 0);
    }

    /**
     * {@code input @ weight^T + bias} over the last dimension, as {@code F.linear}.
     *
     * @param input [..., in_features]
     * @param weight [out_features, in_features]
     * @param bias [out_features], or null for none
     * @return [..., out_features]
     * @throws IllegalArgumentException if the shapes do not fit, or the devices differ
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return LinearOp.apply(input, weight, bias);
    }

    /**
     * {@code max(input, 0)} elementwise, as {@code F.relu}.
     *
     * @param input any tensor
     * @return a new tensor of its shape
     */
    public static Tensor relu(Tensor input) {
        return ReluOp.apply(input);
    }

    /**
     * Max pooling with a square window of {@code kernelSize}, stride = kernel size, as {@code F.max_pool2d(x, 2)}.
     *
     * @param input [N, C, H, W]
     * @param kernelSize the window's side, {@code >= 1}
     * @return [N, C, H / kernelSize, W / kernelSize] (rounded down)
     * @throws IllegalArgumentException if the input is not 4-D or smaller than the window
     */
    public static Tensor maxPool2d(Tensor input, int kernelSize) {
        return maxPool2d(input, kernelSize, kernelSize, 0);
    }

    /**
     * Max pooling with a square window, as {@code F.max_pool2d(x, kernel_size, stride, padding)}.
     *
     * @param input [N, C, H, W]
     * @param kernelSize the window's side, {@code >= 1}
     * @param stride the step in both directions, {@code >= 1}
     * @param padding cells added on every side, at most half the window; they never win
     * @return [N, C, (H + 2 * padding - kernelSize) / stride + 1, likewise for W]
     * @throws IllegalArgumentException if the input is not 4-D, or the window, stride or padding do not fit
     */
    public static Tensor maxPool2d(Tensor input, int kernelSize, int stride, int padding) {
        return MaxPool2dOp.apply(input, new int[] {kernelSize, kernelSize},
                new int[] {stride, stride}, new int[] {padding, padding});
    }

    /**
     * Max pooling with PyTorch's tuple forms, as {@code F.max_pool2d(x, kernel_size=(kH, kW), stride=(sH, sW),
     * padding=(pH, pW))}; each array may also hold one value for both axes, and {@code stride} none for the
     * kernel's size.
     *
     * @param input [N, C, H, W]
     * @param kernelSize {kH, kW}, each {@code >= 1}
     * @param stride {strideH, strideW}, each {@code >= 1}
     * @param padding {padH, padW}, each at most half the window's side; padded cells never win
     * @return [N, C, (H + 2 * padH - kH) / strideH + 1, likewise for W]
     * @throws IllegalArgumentException if the input is not 4-D, or the window, stride or padding do not fit
     *     (PyTorch's messages)
     */
    public static Tensor maxPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding) {
        return MaxPool2dOp.apply(input, kernelSize, stride, padding);
    }

    /**
     * Merges dimensions {@code startDim} to the last into one, as {@code torch.flatten(input, startDim)}.
     *
     * @param input any tensor
     * @param startDim the first dimension to merge; negative counts from the end
     * @return a view sharing {@code input}'s memory
     * @throws IllegalArgumentException if {@code startDim} is out of range
     */
    public static Tensor flatten(Tensor input, int startDim) {
        return input.flatten(startDim);
    }

    /**
     * Mean squared error, as {@code F.mse_loss(input, target)}.
     *
     * @param input the prediction
     * @param target the expected values, of the same shape (no broadcasting)
     * @return a scalar
     * @throws IllegalArgumentException if the shapes or devices differ
     */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /**
     * Squared error reduced as asked, as {@code F.mse_loss(input, target, reduction=...)}.
     *
     * @param input the prediction
     * @param target the expected values, of the same shape (no broadcasting)
     * @param reduction {@code NONE} keeps the shape, {@code MEAN} and {@code SUM} give a scalar
     * @return the loss
     * @throws IllegalArgumentException if the shapes or devices differ
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return MseLossOp.apply(input, target, reduction);
    }

    /**
     * Mean cross-entropy of [N, C] logits against N class indices, as {@code F.cross_entropy(input, target)}.
     *
     * @param input [N, C] logits
     * @param target [N] int64 class indices in {@code [0, C)} (or float32 whole numbers)
     * @return a scalar
     * @throws IllegalArgumentException if a shape or a class index is invalid, or the devices differ (on CUDA
     *     a bad class index is reported by the next read of a result from the GPU)
     */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, Reduction.MEAN, 0f);
    }

    /**
     * Cross-entropy with a reduction and label smoothing, as
     * {@code F.cross_entropy(input, target, reduction=..., label_smoothing=...)}; targets equal to -100 (PyTorch's
     * default {@code ignore_index}) are left out, on every device (see {@link #crossEntropy(Tensor, Tensor, Tensor,
     * long, Reduction, double)}).
     *
     * @param input [N, C] logits
     * @param target [N] int64 class indices in {@code [0, C)} (or float32 whole numbers)
     * @param reduction {@code NONE} gives [N] losses, {@code MEAN} and {@code SUM} a scalar
     * @param labelSmoothing in {@code [0, 1]}; 0 for plain cross-entropy
     * @return the loss
     * @throws IllegalArgumentException if a shape, a class index or {@code labelSmoothing} is invalid, or the
     *     devices differ (on CUDA a bad class index is reported by the next read of a result from the GPU)
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction, double labelSmoothing) {
        return crossEntropy(input, target, null, LossFunctions.DEFAULT_IGNORE_INDEX, reduction, labelSmoothing);
    }

    /**
     * Cross-entropy with class weights and an ignored class index, as {@code F.cross_entropy(input, target,
     * weight=..., ignore_index=..., reduction=..., label_smoothing=...)}: {@code loss_n = -w[t_n] * logp[n, t_n]}
     * with {@code logp = log_softmax(input, 1)}, 0 for a target equal to {@code ignoreIndex}; the mean divides by
     * the kept targets' weights, {@code sum_n w[t_n]}. With label smoothing {@code eps} the loss is
     * {@code (1 - eps) * nll + eps / C * smooth}, where {@code smooth_n = -sum_c w[c] * logp[n, c]}, as PyTorch.
     * [N, C] float32 logits without weights and without ignored targets take the fused kernel; the rest is
     * composed of tensor ops, in float32 or float64 (on CUDA the fused kernel takes every call with the default
     * {@code ignoreIndex} and no weights, and ignores targets of -100 itself rather than wait for the GPU to look).
     *
     * @param input [N, C], [C] or [N, C, d1, ...] logits
     * @param target int64 class indices of the input's shape without C: [N], [] or [N, d1, ...]
     * @param weight [C] class weights, or null for all 1
     * @param ignoreIndex a target value that contributes nothing (PyTorch's default is -100)
     * @param reduction {@code NONE} gives a loss per target, {@code MEAN} and {@code SUM} a scalar
     * @param labelSmoothing in {@code [0, 1]}; 0 for plain cross-entropy
     * @return the loss
     * @throws IllegalArgumentException if a shape, dtype, class index or {@code labelSmoothing} is invalid, or the
     *     devices differ (PyTorch's messages after {@code "cross_entropy: "})
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex,
                                      Reduction reduction, double labelSmoothing) {
        return LossFunctions.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /**
     * Mean negative log-likelihood of log-probabilities, as {@code F.nll_loss(input, target)}.
     *
     * @param input [N, C], [C] or [N, C, d1, ...] log-probabilities (e.g. from {@link #logSoftmax})
     * @param target int64 class indices of the input's shape without C
     * @return a scalar
     * @throws IllegalArgumentException if a shape, dtype or class index is invalid, or the devices differ
     */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, LossFunctions.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * Negative log-likelihood, as {@code F.nll_loss(input, target, weight=..., ignore_index=..., reduction=...)}:
     * {@code loss_n = -w[t_n] * input[n, t_n]}, 0 where {@code t_n == ignoreIndex}; the mean is
     * {@code sum_n loss_n / sum_n w[t_n]} over the kept targets (NaN when all are ignored, as in PyTorch). The
     * targets are read on the host to check them.
     *
     * @param input [N, C], [C] or [N, C, d1, ...] log-probabilities, float32 or float64
     * @param target int64 class indices in {@code [0, C)} (or {@code ignoreIndex}), of the input's shape without C
     * @param weight [C] class weights, or null for all 1
     * @param ignoreIndex a target value that contributes nothing (PyTorch's default is -100)
     * @param reduction {@code NONE} gives a loss per target, {@code MEAN} and {@code SUM} a scalar
     * @return the loss
     * @throws IllegalArgumentException if a shape, dtype or class index is invalid ({@code "nll_loss: Target 5 is
     *     out of bounds."}), or the devices differ
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return LossFunctions.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    /**
     * Mean binary cross-entropy of probabilities, as {@code F.binary_cross_entropy(input, target)}.
     *
     * @param input probabilities in [0, 1]
     * @param target of the input's shape, usually 0 or 1
     * @return a scalar
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ, or (on the CPU) an input lies
     *     outside [0, 1]
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy, as {@code F.binary_cross_entropy(input, target, weight=..., reduction=...)}:
     * {@code loss = -w * (y * log(x) + (1 - y) * log(1 - x))}, each log clamped at -100 as in PyTorch.
     *
     * @param input probabilities in [0, 1], float32 or float64
     * @param target of the input's shape, usually 0 or 1
     * @param weight broadcasting to the input's shape, or null
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     * @return the loss
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ, or (on the CPU, as PyTorch checks
     *     it there) an input lies outside [0, 1]: {@code "all elements of input should be between 0 and 1"}
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return LossFunctions.binaryCrossEntropy(input, target, weight, reduction);
    }

    /**
     * Mean binary cross-entropy of logits, as {@code F.binary_cross_entropy_with_logits(input, target)}.
     *
     * @param input logits, any real values
     * @param target of the input's shape, usually 0 or 1
     * @return a scalar
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy of logits, as {@code F.binary_cross_entropy_with_logits(input, target, weight=...,
     * pos_weight=..., reduction=...)}: {@code loss = w * ((1 - y) * x - (1 + (p - 1) * y) * log(sigmoid(x)))},
     * with {@code log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|))}, which neither overflows nor loses the
     * gradient for large {@code |x|}.
     *
     * @param input logits, float32 or float64
     * @param target of the input's shape, usually 0 or 1
     * @param weight broadcasting to the input's shape, or null
     * @param posWeight the weight {@code p} of positive examples, broadcasting to the input's shape (one per class
     *     along the last dimension, [C]), or null for 1
     * @param reduction {@code NONE} keeps the input's shape, {@code MEAN} and {@code SUM} give a scalar
     * @return the loss
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        return LossFunctions.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    /**
     * Mean absolute error, as {@code F.l1_loss(input, target)}.
     *
     * @param input the prediction
     * @param target the expected values, of the same shape (no broadcasting, as {@link #mseLoss})
     * @return a scalar
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ
     */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /**
     * Absolute error {@code |x - y|} reduced as asked, as {@code F.l1_loss(input, target, reduction=...)}.
     *
     * @param input the prediction, float32 or float64
     * @param target the expected values, of the same shape (no broadcasting)
     * @param reduction {@code NONE} keeps the shape, {@code MEAN} and {@code SUM} give a scalar
     * @return the loss
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ
     */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return LossFunctions.l1Loss(input, target, reduction);
    }

    /**
     * Mean smooth L1 error with {@code beta = 1}, as {@code F.smooth_l1_loss(input, target)}.
     *
     * @param input the prediction
     * @param target the expected values, of the same shape
     * @return a scalar
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return smoothL1Loss(input, target, Reduction.MEAN, 1.0);
    }

    /**
     * Smooth L1 error, as {@code F.smooth_l1_loss(input, target, reduction=..., beta=...)}: with
     * {@code z = |x - y|}, {@code 0.5 * z^2 / beta} where {@code z < beta}, else {@code z - 0.5 * beta};
     * {@code beta = 0} is the L1 error.
     *
     * @param input the prediction, float32 or float64
     * @param target the expected values, of the same shape (no broadcasting)
     * @param reduction {@code NONE} keeps the shape, {@code MEAN} and {@code SUM} give a scalar
     * @param beta where the quadratic part ends, {@code >= 0}
     * @return the loss
     * @throws IllegalArgumentException if {@code beta < 0}, or the shapes, dtypes or devices differ
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return LossFunctions.smoothL1Loss(input, target, reduction, beta);
    }

    /**
     * Mean Huber error with {@code delta = 1}, as {@code F.huber_loss(input, target)}.
     *
     * @param input the prediction
     * @param target the expected values, of the same shape
     * @return a scalar
     * @throws IllegalArgumentException if the shapes, dtypes or devices differ
     */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return huberLoss(input, target, Reduction.MEAN, 1.0);
    }

    /**
     * Huber error, as {@code F.huber_loss(input, target, reduction=..., delta=...)}: with {@code z = |x - y|},
     * {@code 0.5 * z^2} where {@code z < delta}, else {@code delta * (z - 0.5 * delta)}; that is
     * {@code delta} times the smooth L1 error with {@code beta = delta}.
     *
     * @param input the prediction, float32 or float64
     * @param target the expected values, of the same shape (no broadcasting)
     * @param reduction {@code NONE} keeps the shape, {@code MEAN} and {@code SUM} give a scalar
     * @param delta where the quadratic part ends, {@code > 0}
     * @return the loss
     * @throws IllegalArgumentException if {@code delta <= 0}, or the shapes, dtypes or devices differ
     */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return LossFunctions.huberLoss(input, target, reduction, delta);
    }

    /**
     * Softmax along {@code dim}, as {@code F.softmax(input, dim)}.
     *
     * @param input float32 or float64
     * @param dim the dimension whose slices sum to 1; negative counts from the end
     * @return a new tensor of the input's shape
     */
    public static Tensor softmax(Tensor input, int dim) {
        return input.softmax(dim);
    }

    /**
     * Log-softmax along {@code dim}, as {@code F.log_softmax(input, dim)}.
     *
     * @param input float32 or float64
     * @param dim the dimension to normalise along; negative counts from the end
     * @return a new tensor of the input's shape
     */
    public static Tensor logSoftmax(Tensor input, int dim) {
        return input.logSoftmax(dim);
    }

    /**
     * Dropout in training, as {@code F.dropout(input, p)} (whose {@code training} defaults to true).
     *
     * @param input any floating point tensor
     * @param p the probability of zeroing each element, in [0, 1]
     * @return see {@link #dropout(Tensor, double, boolean)}
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public static Tensor dropout(Tensor input, double p) {
        return dropout(input, p, true);
    }

    /**
     * Dropout, as {@code F.dropout(input, p, training)}: in training each element is zeroed with probability
     * {@code p} and the rest scaled by {@code 1 / (1 - p)}, the mask drawn as {@code input.bernoulli(1 - p)} from
     * Blitz's generator (so {@code Blitz.manualSeed} fixes it; PyTorch's CPU mask for a contiguous input).
     * Returns {@code input} itself when not training, for {@code p = 0} or an empty input; all zeros (times
     * the input, so NaN stays NaN) for {@code p = 1}.
     *
     * @param input a float32 or float64 tensor (any dtype when nothing is dropped)
     * @param p the probability of zeroing each element, in [0, 1]
     * @param training whether to drop; PyTorch's modules pass their {@code training} flag
     * @return the result, of the input's shape, recording the mask for the gradient
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        return DropoutFunction.dropout(input, p, training);
    }

    /**
     * Channel dropout in training, as {@code F.dropout2d(input, p)}.
     *
     * @param input (N, C, H, W) or (C, H, W)
     * @param p the probability of zeroing each channel, in [0, 1]
     * @return see {@link #dropout2d(Tensor, double, boolean)}
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or the input is not 3-D or 4-D
     */
    public static Tensor dropout2d(Tensor input, double p) {
        return dropout2d(input, p, true);
    }

    /**
     * Channel dropout, as {@code F.dropout2d(input, p, training)}: in training each whole channel (an H × W
     * plane) is zeroed with probability {@code p}, the rest scaled by {@code 1 / (1 - p)}; one draw per channel
     * from Blitz's generator, as PyTorch's feature dropout draws an [N, C, 1, 1] mask.
     *
     * @param input (N, C, H, W), or (C, H, W) without a batch; float32 or float64
     * @param p the probability of zeroing each channel, in [0, 1]
     * @param training whether to drop
     * @return the result, of the input's shape ({@code input} itself when nothing is dropped)
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or the input is not 3-D or 4-D (PyTorch
     *     only warns about the rank)
     */
    public static Tensor dropout2d(Tensor input, double p, boolean training) {
        return DropoutFunction.dropout2d(input, p, training);
    }

    /**
     * Average pooling with a square window, stride = kernel size, as {@code F.avg_pool2d(x, kernel_size)}.
     *
     * @param input (N, C, H, W) or (C, H, W)
     * @param kernelSize the window's side, {@code >= 1}
     * @return (N, C, H / kernelSize, W / kernelSize) (rounded down)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D or smaller than the window
     */
    public static Tensor avgPool2d(Tensor input, int kernelSize) {
        return avgPool2d(input, kernelSize, kernelSize, 0);
    }

    /**
     * Average pooling with a square window, as {@code F.avg_pool2d(x, kernel_size, stride, padding)}: padded
     * zeros count in the mean ({@code count_include_pad=True}).
     *
     * @param input (N, C, H, W) or (C, H, W)
     * @param kernelSize the window's side, {@code >= 1}
     * @param stride the step in both directions, {@code >= 1}
     * @param padding zeros added on every side, at most half the window
     * @return (N, C, (H + 2 * padding - kernelSize) / stride + 1, likewise for W)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D, or the window, stride or padding do not fit
     */
    public static Tensor avgPool2d(Tensor input, int kernelSize, int stride, int padding) {
        return avgPool2d(input, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true);
    }

    /**
     * Average pooling with PyTorch's tuple forms and options, as {@code F.avg_pool2d(x, kernel_size=(kH, kW),
     * stride=(sH, sW), padding=(pH, pW), ceil_mode=..., count_include_pad=...)}; each array may also hold one
     * value for both axes, and {@code stride} none for the kernel's size. Output cell {@code (i, j)} is the sum
     * of its window over the zero-padded input divided by the window's size, clipped to the padded input
     * ({@code countIncludePad}) or to the input itself, as PyTorch's kernel divides.
     *
     * @param input (N, C, H, W) or (C, H, W), float32 or float64
     * @param kernelSize {kH, kW}, each {@code >= 1}
     * @param stride {strideH, strideW}, each {@code >= 1}
     * @param padding {padH, padW}, zeros added on each side, each at most half the window's side
     * @param ceilMode round the output size up rather than down, as long as the last window starts inside the
     *     input or its left padding
     * @param countIncludePad whether padded zeros count in each window's mean (PyTorch's default: true)
     * @return (N, C, H_out, W_out)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D, or the window, stride or padding do not fit
     *     (PyTorch's messages after {@code "avg_pool2d: "})
     */
    public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad) {
        return AvgPooling.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, null);
    }

    /**
     * {@link #avgPool2d(Tensor, int[], int[], int[], boolean, boolean)} dividing every window's sum by
     * {@code divisorOverride}, as {@code F.avg_pool2d(..., divisor_override=d)}.
     *
     * @param input (N, C, H, W) or (C, H, W), float32 or float64
     * @param kernelSize {kH, kW}, each {@code >= 1}
     * @param stride {strideH, strideW}, each {@code >= 1}
     * @param padding {padH, padW}, each at most half the window's side
     * @param ceilMode round the output size up rather than down
     * @param countIncludePad ignored when a divisor is given, as in PyTorch
     * @param divisorOverride the divisor, not 0
     * @return (N, C, H_out, W_out)
     * @throws IllegalArgumentException if the input, window, stride, padding or divisor do not fit
     */
    public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad, int divisorOverride) {
        return AvgPooling.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /**
     * Adaptive average pooling to a square output, as {@code F.adaptive_avg_pool2d(x, output_size)}.
     *
     * @param input (N, C, H, W) or (C, H, W)
     * @param outputSize the output's height and width, {@code >= 0}
     * @return (N, C, outputSize, outputSize)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D, has an empty non-batch dimension, or the
     *     size is negative
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, int outputSize) {
        return adaptiveAvgPool2d(input, outputSize, outputSize);
    }

    /**
     * Adaptive average pooling, as {@code F.adaptive_avg_pool2d(x, (outH, outW))}: output cell {@code (i, j)} is
     * the mean of input rows {@code floor(i * H / outH)} to {@code ceil((i + 1) * H / outH)} (exclusive) and the
     * columns likewise, as PyTorch; the windows may overlap or differ in size when the sizes do not divide.
     *
     * @param input (N, C, H, W) or (C, H, W), float32 or float64
     * @param outH the output's height, {@code >= 0}
     * @param outW the output's width, {@code >= 0}
     * @return (N, C, outH, outW)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D, has an empty non-batch dimension, or a
     *     size is negative (PyTorch's messages after {@code "adaptive_avg_pool2d: "})
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        return AvgPooling.adaptiveAvgPool2d(input, outH, outW);
    }

    /**
     * Batch normalisation, as {@code F.batch_norm(input, running_mean, running_var, weight, bias, training,
     * momentum, eps)}: {@code y = (x - mean) / sqrt(var + eps) * weight + bias} per channel (dimension 1). In
     * training the mean and the biased variance are the batch's, over every dimension but 1, and the gradient
     * flows through them; the running statistics (when given) are then updated in place, without history, as
     * {@code running = (1 - momentum) * running + momentum * batch}, the variance's with the unbiased batch
     * variance, as PyTorch. Out of training the running statistics normalise.
     *
     * @param input (N, C), (N, C, L), (N, C, H, W), ...; float32 or float64
     * @param runningMean [C], or null (then {@code training} must be true)
     * @param runningVar [C], or null (then {@code training} must be true)
     * @param weight [C], or null for 1
     * @param bias [C], or null for 0
     * @param training whether to normalise with the batch's statistics and update the running ones
     * @param momentum the running statistics' update factor
     * @param eps added to the variance, e.g. 1e-5
     * @return a new tensor of the input's shape
     * @throws IllegalArgumentException if a size does not match the channels ({@code "batch_norm: running_mean
     *     should contain 4 elements not 3"}), training sees one value per channel ({@code "batch_norm: Expected
     *     more than 1 value per channel when training, got input size torch.Size([1, 3])"}), or the dtypes or
     *     devices do not fit
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return BatchNormFunction.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }
}
