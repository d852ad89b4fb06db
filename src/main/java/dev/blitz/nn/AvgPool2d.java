package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/**
 * 2-D average pooling, as {@code nn.AvgPool2d}: {@code new AvgPool2d(2)} for square windows, or PyTorch's tuple
 * forms and options through {@link #builder}: {@code AvgPool2d.builder(3).stride(2).padding(1)
 * .countIncludePad(false).build()}. See {@link F#avgPool2d(Tensor, int[], int[], int[], boolean, boolean)}.
 */
public class AvgPool2d extends Module {
    private final Size2 kernelSize;
    private final Size2 stride;
    private final Size2 padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Integer divisorOverride;

    /**
     * Window {@code kernelSize}, stride = kernel size, no padding: {@code nn.AvgPool2d(kernel_size)}.
     *
     * @param kernelSize the window's side (checked by {@link #forward})
     */
    public AvgPool2d(int kernelSize) {
        this(builder(kernelSize));
    }

    /**
     * As {@code nn.AvgPool2d(kernel_size, stride, padding)}, padded zeros counting in the mean. The values are
     * checked by {@link #forward}, not here.
     *
     * @param kernelSize the window's side, {@code >= 1}
     * @param stride the step in both directions, {@code >= 1}
     * @param padding zeros added on every side, at most half the window
     */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(builder(kernelSize).stride(stride).padding(padding));
    }

    private AvgPool2d(Builder b) {
        kernelSize = b.kernelSize;
        stride = b.stride == null ? b.kernelSize : b.stride;
        padding = b.padding;
        ceilMode = b.ceilMode;
        countIncludePad = b.countIncludePad;
        divisorOverride = b.divisorOverride;
    }

    /**
     * Starts a pooling with a square window, as {@code nn.AvgPool2d(kernel_size)}: PyTorch's defaults for the
     * rest (stride = kernel size, no padding, floor mode, padded zeros counted).
     *
     * @param kernelSize the window's side, {@code >= 1} (checked by {@link #forward})
     * @return a builder
     */
    public static Builder builder(int kernelSize) {
        return new Builder(Size2.of(kernelSize));
    }

    /**
     * Starts a pooling with a {@code kernelH × kernelW} window, as {@code nn.AvgPool2d((kernelH, kernelW))}.
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
     * @param input (N, C, H, W) or (C, H, W)
     * @return (N, C, (H + 2 * padding - kernel_size) / stride + 1 over the heights, likewise over the widths)
     *     (rounded up in ceil mode)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D, or the window, stride or padding do not
     *     fit (PyTorch's messages)
     */
    @Override
    public Tensor forward(Tensor input) {
        if (divisorOverride != null) {
            return F.avgPool2d(input, kernelSize.array(), stride.array(), padding.array(), ceilMode,
                    countIncludePad, divisorOverride);
        }
        return F.avgPool2d(input, kernelSize.array(), stride.array(), padding.array(), ceilMode, countIncludePad);
    }

    /** PyTorch's {@code extra_repr}: the window, stride and padding, each as it was given (an int or a tuple). */
    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize.given() + ", stride=" + stride.given() + ", padding=" + padding.given();
    }

    /** Options for {@link AvgPool2d}; each defaults to PyTorch's. The values are checked by the forward call. */
    public static final class Builder {
        private final Size2 kernelSize;
        private Size2 stride;
        private Size2 padding = Size2.of(0);
        private boolean ceilMode;
        private boolean countIncludePad = true;
        private Integer divisorOverride;

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
         * Sets the zeros added on every side, as {@code padding=p}.
         *
         * @param padding between 0 and half the window; default 0
         * @return this builder
         */
        public Builder padding(int padding) {
            this.padding = Size2.of(padding);
            return this;
        }

        /**
         * Sets the zeros added per direction, as {@code padding=(padH, padW)}.
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
         * Sets whether the output size rounds up, as {@code ceil_mode=}.
         *
         * @param ceilMode default false
         * @return this builder
         */
        public Builder ceilMode(boolean ceilMode) {
            this.ceilMode = ceilMode;
            return this;
        }

        /**
         * Sets whether padded zeros count in each window's mean, as {@code count_include_pad=}.
         *
         * @param countIncludePad default true
         * @return this builder
         */
        public Builder countIncludePad(boolean countIncludePad) {
            this.countIncludePad = countIncludePad;
            return this;
        }

        /**
         * Divides every window's sum by {@code divisor} instead, as {@code divisor_override=}.
         *
         * @param divisor not 0 (checked by the forward call)
         * @return this builder
         */
        public Builder divisorOverride(int divisor) {
            this.divisorOverride = divisor;
            return this;
        }

        /**
         * Makes the layer.
         *
         * @return a new AvgPool2d
         */
        public AvgPool2d build() {
            return new AvgPool2d(this);
        }
    }
}
