package dev.blitz.nn;

import dev.blitz.Blitz;
import dev.blitz.core.Shape;
import dev.blitz.tensor.ClosedTensorException;
import dev.blitz.tensor.Tensor;

/** 2-D convolution over NCHW input, with PyTorch's default initialisation. */
public class Conv2d extends Module {
    /** The kernels, [out_channels, in_channels, kernel_size, kernel_size]. */
    public final Tensor weight;
    /** The per-output-channel bias, or null when built without one. */
    public final Tensor bias;
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;

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
        this(inChannels, outChannels, kernelSize, 1, 0, true);
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
        this(inChannels, outChannels, kernelSize, stride, padding, true);
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
        var device = Blitz.defaultDevice();
        this.weight = registerParameter("weight",
                Tensor.empty(Shape.of(outChannels, inChannels, kernelSize, kernelSize), device));
        this.bias = bias ? registerParameter("bias", Tensor.empty(Shape.of(outChannels), device)) : null;
        Init.resetLayer(weight, this.bias);
    }

    /**
     * Convolves a batch.
     *
     * @param input [N, in_channels, H, W]
     * @return [N, out_channels, (H + 2 * padding - kernel_size) / stride + 1, likewise for W]
     * @throws IllegalArgumentException if the input's shape does not fit (e.g. a 3-D input without batch)
     */
    @Override
    public Tensor forward(Tensor input) {
        try {
            return F.conv2d(input, weight, bias, stride, padding);
        } catch (ClosedTensorException e) {
            throw named(e);
        }
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ", " + kernelSize + "), stride=("
                + stride + ", " + stride + ")" + (padding != 0 ? ", padding=(" + padding + ", " + padding + ")" : "")
                + (bias == null ? ", bias=False" : "");
    }
}
