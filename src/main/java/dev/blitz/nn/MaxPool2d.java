package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/**
 * 2-D max pooling. {@code new MaxPool2d(2)} for square windows, or PyTorch's tuple forms through
 * {@link #builder}: {@code MaxPool2d.builder(2, 3).stride(2, 1).padding(1, 0).build()}.
 */
public class MaxPool2d extends Module {
    private final Size2 kernelSize;
    private final Size2 stride;
    private final Size2 padding;

    /**
     * Window {@code kernelSize}, stride = kernel size, no padding: PyTorch's {@code nn.MaxPool2d(kernel_size)}.
     *
     * @param kernelSize the window's side (checked by {@link #forward})
     */
    public MaxPool2d(int kernelSize) {
        this(builder(kernelSize));
    }

    /**
     * As {@code nn.MaxPool2d(kernel_size, stride, padding)}. The values are checked by {@link #forward}, not here.
     *
     * @param kernelSize the window's side, {@code >= 1}
     * @param stride the step in both directions, {@code >= 1}
     * @param padding cells added on every side, at most half the window
     */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(builder(kernelSize).stride(stride).padding(padding));
    }

    private MaxPool2d(Builder b) {
        kernelSize = b.kernelSize;
        stride = b.stride == null ? b.kernelSize : b.stride;
        padding = b.padding;
    }

    /**
     * Starts a pooling with a square window, as {@code nn.MaxPool2d(kernel_size)}: stride = kernel size and no
     * padding until set otherwise.
     *
     * @param kernelSize the window's side, {@code >= 1} (checked by {@link #forward})
     * @return a builder with PyTorch's defaults for the rest
     */
    public static Builder builder(int kernelSize) {
        return new Builder(Size2.of(kernelSize));
    }

    /**
     * Starts a pooling with a {@code kernelH × kernelW} window, as {@code nn.MaxPool2d((kernelH, kernelW))}.
     *
     * @param kernelH the window's height, {@code >= 1} (checked by {@link #forward})
     * @param kernelW the window's width, {@code >= 1}
     * @return a builder with PyTorch's defaults for the rest
     */
    public static Builder builder(int kernelH, int kernelW) {
        return new Builder(Size2.of(kernelH, kernelW));
    }

    /**
     * Pools a batch.
     *
     * @param input [N, C, H, W]
     * @return [N, C, (H + 2 * padding - kernel_size) / stride + 1 over the heights, likewise over the widths]
     * @throws IllegalArgumentException if the input is not 4-D, or the window, stride or padding do not fit
     *     (PyTorch's messages)
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.maxPool2d(input, kernelSize.array(), stride.array(), padding.array());
    }

    /** PyTorch's {@code extra_repr}: every option, each size as it was given (an int or a tuple). */
    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize.given() + ", stride=" + stride.given() + ", padding=" + padding.given()
                + ", dilation=1, ceil_mode=False";
    }

    /** Options for {@link MaxPool2d}; each defaults to PyTorch's. The values are checked by the forward call. */
    public static final class Builder {
        private final Size2 kernelSize;
        private Size2 stride;
        private Size2 padding = Size2.of(0);

        private Builder(Size2 kernelSize) {
            this.kernelSize = kernelSize;
        }

        /**
         * Sets the step in both directions, as {@code stride=s}.
         *
         * @param stride {@code >= 1}; default the kernel size
         * @return this builder
         */
        public Builder stride(int stride) {
            this.stride = Size2.of(stride);
            return this;
        }

        /**
         * Sets the step per direction, as {@code stride=(strideH, strideW)}.
         *
         * @param strideH the vertical step, {@code >= 1}
         * @param strideW the horizontal step, {@code >= 1}
         * @return this builder
         */
        public Builder stride(int strideH, int strideW) {
            this.stride = Size2.of(strideH, strideW);
            return this;
        }

        /**
         * Sets the cells added on every side, which never win, as {@code padding=p}.
         *
         * @param padding between 0 and half the window; default 0
         * @return this builder
         */
        public Builder padding(int padding) {
            this.padding = Size2.of(padding);
            return this;
        }

        /**
         * Sets the cells added per direction, as {@code padding=(padH, padW)}.
         *
         * @param padH rows above and below, between 0 and half the window's height
         * @param padW columns left and right, between 0 and half the window's width
         * @return this builder
         */
        public Builder padding(int padH, int padW) {
            this.padding = Size2.of(padH, padW);
            return this;
        }

        /**
         * Makes the layer.
         *
         * @return a new MaxPool2d
         */
        public MaxPool2d build() {
            return new MaxPool2d(this);
        }
    }
}
