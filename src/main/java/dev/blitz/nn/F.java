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
     * {@code F.cross_entropy(input, target, reduction=..., label_smoothing=...)}.
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
        return CrossEntropyOp.apply(input, target, reduction, labelSmoothing);
    }
}
