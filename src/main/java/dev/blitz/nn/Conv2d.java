package dev.blitz.nn;

import dev.blitz.Blitz;
import dev.blitz.core.Shape;
import dev.blitz.tensor.ClosedTensorException;
import dev.blitz.tensor.Tensor;

/**
 * 2-D convolution over NCHW input, with PyTorch's default initialisation. {@code new Conv2d(1, 6, 5)} for the
 * common square forms, or PyTorch's tuple forms, dilation and groups through {@link #builder}:
 * {@code Conv2d.builder(3, 16, 3, 5).stride(2, 1).padding(1, 2).dilation(2).groups(1).bias(false).build()}.
 */
public class Conv2d extends Module {
    /** The kernels, [out_channels, in_channels / groups, kernel height, kernel width]. */
    public final Tensor weight;
    /** The per-output-channel bias, or null when built without one. */
    public final Tensor bias;
    private final int inChannels;
    private final int outChannels;
    private final Size2 kernelSize;
    private final Size2 stride;
    private final Size2 padding;
    private final Size2 dilation;
    private final int groups;
    private final boolean hasBias;

    /**
     * A convolution with stride 1, no padding and a bias, as {@code nn.Conv2d(in, out, kernel_size)}. The
     * parameters are created on the default device.
     *
     * @param inChannels channels of the input, {@code >= 1}
     * @param outChannels channels of the output, {@code >= 1}
     * @param kernelSize the square kernel's side, {@code >= 1}
     * @throws IllegalArgumentException if a size is out of range
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(builder(inChannels, outChannels, kernelSize));
    }

    /**
     * A convolution with a bias, as {@code nn.Conv2d(in, out, kernel_size, stride, padding)}.
     *
     * @param inChannels channels of the input, {@code >= 1}
     * @param outChannels channels of the output, {@code >= 1}
     * @param kernelSize the square kernel's side, {@code >= 1}
     * @param stride the step in both directions, {@code >= 1}
     * @param padding zeros added on every side, {@code >= 0}
     * @throws IllegalArgumentException if a size is out of range
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(builder(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
    }

    /**
     * A convolution, as {@code nn.Conv2d(in, out, kernel_size, stride, padding, bias=...)}.
     *
     * @param inChannels channels of the input, {@code >= 1}
     * @param outChannels channels of the output, {@code >= 1}
     * @param kernelSize the square kernel's side, {@code >= 1}
     * @param stride the step in both directions, {@code >= 1}
     * @param padding zeros added on every side, {@code >= 0}
     * @param bias whether to add a learned per-channel bias
     * @throws IllegalArgumentException if a size is out of range
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        this(builder(inChannels, outChannels, kernelSize).stride(stride).padding(padding).bias(bias));
    }

    private Conv2d(Builder b) {
        inChannels = b.inChannels;
        outChannels = b.outChannels;
        kernelSize = b.kernelSize;
        stride = b.stride;
        padding = b.padding;
        dilation = b.dilation;
        groups = b.groups;
        hasBias = b.bias;
        check();
        var device = Blitz.defaultDevice();
        // PyTorch's shape, so kaiming's fan_in is (in_channels / groups) * kH * kW as there.
        this.weight = registerParameter("weight", Tensor.empty(
                Shape.of(outChannels, inChannels / groups, kernelSize.h(), kernelSize.w()), device));
        this.bias = hasBias ? registerParameter("bias", Tensor.empty(Shape.of(outChannels), device)) : null;
        Init.resetLayer(weight, this.bias);
    }

    /** PyTorch's checks of groups first, with its messages, then the ranges it leaves to the forward call. */
    private void check() {
        if (groups < 1) {
            throw invalid("groups must be a positive integer");
        }
        if (inChannels % groups != 0) {
            throw invalid("in_channels must be divisible by groups");
        }
        if (outChannels % groups != 0) {
            throw invalid("out_channels must be divisible by groups");
        }
        if (inChannels < 1 || outChannels < 1 || !kernelSize.atLeast(1) || !stride.atLeast(1)
                || !dilation.atLeast(1) || !padding.atLeast(0)) {
            throw invalid("channels, kernel size, stride and dilation must be >= 1 and padding >= 0");
        }
    }

    private IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("Conv2d(" + describe() + "): " + why);
    }

    /**
     * Starts a convolution with a square kernel, as {@code nn.Conv2d(in, out, kernel_size)}: stride 1, no padding,
     * dilation 1, one group and a bias until set otherwise.
     *
     * @param inChannels channels of the input, {@code >= 1}
     * @param outChannels channels of the output, {@code >= 1}
     * @param kernelSize the kernel's side, {@code >= 1}
     * @return a builder with PyTorch's defaults for the rest
     */
    public static Builder builder(int inChannels, int outChannels, int kernelSize) {
        return new Builder(inChannels, outChannels, Size2.of(kernelSize));
    }

    /**
     * Starts a convolution with a {@code kernelH × kernelW} kernel, as
     * {@code nn.Conv2d(in, out, kernel_size=(kernelH, kernelW))}.
     *
     * @param inChannels channels of the input, {@code >= 1}
     * @param outChannels channels of the output, {@code >= 1}
     * @param kernelH the kernel's height, {@code >= 1}
     * @param kernelW the kernel's width, {@code >= 1}
     * @return a builder with PyTorch's defaults for the rest
     */
    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, Size2.of(kernelH, kernelW));
    }

    /**
     * Convolves a batch.
     *
     * @param input [N, in_channels, H, W]
     * @return [N, out_channels, H_out, W_out], with
     *     {@code H_out = (H + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1} over the heights, and
     *     likewise over the widths
     * @throws IllegalArgumentException if the input's shape does not fit (e.g. a 3-D input without batch)
     */
    @Override
    public Tensor forward(Tensor input) {
        try {
            return F.conv2d(input, weight, bias, stride.array(), padding.array(), dilation.array(), groups);
        } catch (ClosedTensorException e) {
            throw named(e);
        }
    }

    @Override
    protected String extraRepr() {
        return describe();
    }

    /** PyTorch's {@code extra_repr}: every size as a tuple; padding, dilation, groups and bias only off default. */
    private String describe() {
        return inChannels + ", " + outChannels + ", kernel_size=" + kernelSize.tuple() + ", stride=" + stride.tuple()
                + (padding.both(0) ? "" : ", padding=" + padding.tuple())
                + (dilation.both(1) ? "" : ", dilation=" + dilation.tuple())
                + (groups == 1 ? "" : ", groups=" + groups)
                + (hasBias ? "" : ", bias=False");
    }

    /** Options for {@link Conv2d}; each defaults to PyTorch's. */
    public static final class Builder {
        private final int inChannels;
        private final int outChannels;
        private final Size2 kernelSize;
        private Size2 stride = Size2.of(1);
        private Size2 padding = Size2.of(0);
        private Size2 dilation = Size2.of(1);
        private int groups = 1;
        private boolean bias = true;

        private Builder(int inChannels, int outChannels, Size2 kernelSize) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernelSize = kernelSize;
        }

        /**
         * Sets the step in both directions, as {@code stride=s}.
         *
         * @param stride {@code >= 1}; default 1
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
         * @param padding {@code >= 0}; default 0
         * @return this builder
         */
        public Builder padding(int padding) {
            this.padding = Size2.of(padding);
            return this;
        }

        /**
         * Sets the zeros added per direction, as {@code padding=(padH, padW)}.
         *
         * @param padH rows of zeros above and below, {@code >= 0}
         * @param padW columns of zeros left and right, {@code >= 0}
         * @return this builder
         */
        public Builder padding(int padH, int padW) {
            this.padding = Size2.of(padH, padW);
            return this;
        }

        /**
         * Sets the spacing between kernel taps in both directions, as {@code dilation=d}.
         *
         * @param dilation {@code >= 1}; default 1 (adjacent taps)
         * @return this builder
         */
        public Builder dilation(int dilation) {
            this.dilation = Size2.of(dilation);
            return this;
        }

        /**
         * Sets the spacing between kernel taps per direction, as {@code dilation=(dilationH, dilationW)}.
         *
         * @param dilationH the vertical spacing, {@code >= 1}
         * @param dilationW the horizontal spacing, {@code >= 1}
         * @return this builder
         */
        public Builder dilation(int dilationH, int dilationW) {
            this.dilation = Size2.of(dilationH, dilationW);
            return this;
        }

        /**
         * Splits the channels into groups convolved separately, as {@code groups=g}: the weight becomes
         * [out_channels, in_channels / g, kH, kW]; {@code g = in_channels} is a depthwise convolution.
         *
         * @param groups {@code >= 1}, dividing both channel counts; default 1
         * @return this builder
         */
        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Whether to add a learned per-channel bias, as {@code bias=...}.
         *
         * @param bias default true
         * @return this builder
         */
        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Checks the options and makes the layer, its parameters on the default device and initialised as
         * PyTorch's.
         *
         * @return a new Conv2d
         * @throws IllegalArgumentException if groups is below 1 or does not divide both channel counts (PyTorch's
         *     messages), or a size is out of range
         */
        public Conv2d build() {
            return new Conv2d(this);
        }
    }
}
