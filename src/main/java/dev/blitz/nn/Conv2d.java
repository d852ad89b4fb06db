package dev.blitz.nn;

import dev.blitz.backend.Backends;
import dev.blitz.tensor.Shape;
import dev.blitz.tensor.Tensor;

/** 2-D convolution over NCHW input, with PyTorch's default initialisation. */
public class Conv2d extends Module {
    public final Tensor weight;
    /** The per-output-channel bias, or null when built without one. */
    public final Tensor bias;
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + ", kernel_size="
                    + kernelSize + ", stride=" + stride + ", padding=" + padding
                    + "): channels, kernel size and stride must be >= 1 and padding >= 0");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        var device = Backends.defaultDevice();
        this.weight = registerParameter("weight",
                Tensor.empty(Shape.of(outChannels, inChannels, kernelSize, kernelSize), device));
        this.bias = bias ? registerParameter("bias", Tensor.empty(Shape.of(outChannels), device)) : null;
        Init.resetLayer(weight, this.bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.conv2d(input, weight, bias, stride, padding);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ", " + kernelSize + "), stride=("
                + stride + ", " + stride + ")" + (padding != 0 ? ", padding=(" + padding + ", " + padding + ")" : "")
                + (bias == null ? ", bias=False" : "");
    }
}
