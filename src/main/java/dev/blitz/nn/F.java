package dev.blitz.nn;

import dev.blitz.autograd.functions.CrossEntropy;
import dev.blitz.autograd.functions.MseLoss;
import dev.blitz.autograd.functions.Relu;
import dev.blitz.tensor.Reduction;
import dev.blitz.tensor.Tensor;

/** Functional forms of the layers, as {@code torch.nn.functional}. */
public final class F {
    private F() {
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return dev.blitz.autograd.functions.Conv2d.apply(input, weight, bias, new int[] {stride, stride},
                new int[] {padding, padding});
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv2d(input, weight, bias, 1, 0);
    }

    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return dev.blitz.autograd.functions.Linear.apply(input, weight, bias);
    }

    public static Tensor relu(Tensor input) {
        return Relu.apply(input);
    }

    /** Square window of {@code kernelSize}, stride = kernel size, as {@code F.max_pool2d(x, 2)}. */
    public static Tensor maxPool2d(Tensor input, int kernelSize) {
        return maxPool2d(input, kernelSize, kernelSize, 0);
    }

    public static Tensor maxPool2d(Tensor input, int kernelSize, int stride, int padding) {
        return dev.blitz.autograd.functions.MaxPool2d.apply(input, new int[] {kernelSize, kernelSize},
                new int[] {stride, stride}, new int[] {padding, padding});
    }

    public static Tensor flatten(Tensor input, int startDim) {
        return input.flatten(startDim);
    }

    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return MseLoss.apply(input, target, reduction);
    }

    /** Mean cross-entropy of [N, C] logits against N class indices (floats 0 .. C-1), as {@code F.cross_entropy}. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, Reduction.MEAN, 0f);
    }

    public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction, float labelSmoothing) {
        return CrossEntropy.apply(input, target, reduction, labelSmoothing);
    }
}
