package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** 2-D max pooling with a square window. */
public class MaxPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;

    /**
     * Window {@code kernelSize}, stride = kernel size, no padding: PyTorch's {@code nn.MaxPool2d(kernel_size)}.
     *
     * @param kernelSize the window's side (checked by {@link #forward})
     */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /**
     * As {@code nn.MaxPool2d(kernel_size, stride, padding)}. The values are checked by {@link #forward}, not here.
     *
     * @param kernelSize the window's side, {@code >= 1}
     * @param stride the step in both directions, {@code >= 1}
     * @param padding cells added on every side, at most half the window
     */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    /**
     * Pools a batch.
     *
     * @param input [N, C, H, W]
     * @return [N, C, (H + 2 * padding - kernel_size) / stride + 1, likewise for W]
     * @throws IllegalArgumentException if the input is not 4-D, or the window, stride or padding do not fit
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.maxPool2d(input, kernelSize, stride, padding);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding
                + ", dilation=1, ceil_mode=False";
    }
}
