package dev.blitz.tensor;

import dev.blitz.backend.ConvGeometry;
import dev.blitz.core.Shape;

/**
 * 2-D cross-correlation of an NCHW input with an OIHW weight, plus an optional per-channel bias; with PyTorch's
 * stride, padding, dilation and groups, each per axis.
 */
public final class Conv2dOp extends Function {
    private final ConvGeometry geometry;
    private final boolean hasBias;
    private final Tensor input;
    private final Tensor weight;

    private Conv2dOp(ConvGeometry geometry, Tensor input, Tensor weight, Tensor bias) {
        super(input, weight, bias);
        this.geometry = geometry;
        this.hasBias = bias != null;
        this.input = save(input);
        this.weight = save(weight);
    }

    /**
     * {@code F.conv2d(input, weight, bias, stride, padding)}: dilation 1, one group.
     *
     * @param input [N, C, H, W]
     * @param weight [out_channels, C, kH, kW]
     * @param bias [out_channels], or null for none
     * @param stride {strideH, strideW}, or one value for both, each {@code >= 1}
     * @param padding {padH, padW} zeros added on each side, or one value for both, each {@code >= 0}
     * @return the output, recording {@code ConvolutionBackward0}
     * @throws IllegalArgumentException as {@link #apply(Tensor, Tensor, Tensor, int[], int[], int[], int)}
     */
    public static Tensor apply(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding) {
        return apply(input, weight, bias, stride, padding, new int[] {1, 1}, 1);
    }

    /**
     * {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)}. The output is
     * [N, out_channels, H_out, W_out] with {@code H_out = (H + 2 * padH - dilationH * (kH - 1) - 1) / strideH + 1},
     * and likewise W_out. Group {@code i} of {@code groups} convolves the i-th slice of C / groups input channels
     * with the i-th slice of out_channels / groups filters.
     *
     * @param input [N, C, H, W]
     * @param weight [out_channels, C / groups, kH, kW]
     * @param bias [out_channels], or null for none
     * @param stride {strideH, strideW}, or one value for both, each {@code >= 1}
     * @param padding {padH, padW} zeros added on each side, or one value for both, each {@code >= 0}
     * @param dilation {dilationH, dilationW} steps between kernel taps, or one value for both, each {@code >= 1}
     * @param groups {@code >= 1}, dividing C and out_channels
     * @return the output, recording {@code ConvolutionBackward0}
     * @throws IllegalArgumentException if the shapes, stride, padding, dilation or groups do not fit, with
     *     PyTorch's message after {@code "conv2d: "}; or the tensors are on different devices
     */
    public static Tensor apply(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                               int[] dilation, int groups) {
        input = Tensor.float32Input("conv2d", input);
        weight = Tensor.float32Input("conv2d", weight);
        bias = Tensor.float32Input("conv2d", bias);
        ConvGeometry g = geometry(input, weight, bias, stride, padding, dilation, groups);
        input.checkSameDevice("conv2d", weight);
        if (bias != null) {
            input.checkSameDevice("conv2d", bias);
        }
        Tensor out = Tensor.empty(Shape.of(g.batch(), g.outChannels(), g.outH(), g.outW()), input.device());
        input.backend().conv2dForward(g, input.buffer(), weight.buffer(), bias == null ? null : bias.buffer(),
                out.buffer());
        return new Conv2dOp(g, input, weight, bias).record(out);
    }

    /** PyTorch's {@code check_shape_forward}, in its order and with its messages (but Blitz's for 4-D). */
    static ConvGeometry geometry(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                 int[] dilation, int groups) {
        int[] s = pair("stride", stride);
        int[] p = pair("padding", padding);
        int[] d = pair("dilation", dilation);
        if (p[0] < 0 || p[1] < 0) {
            throw invalid("negative padding is not supported");
        }
        if (s[0] < 1 || s[1] < 1) {
            throw invalid("non-positive stride is not supported");
        }
        if (d[0] < 1 || d[1] < 1) {
            throw invalid("dilation should be greater than zero");
        }
        if (groups < 1) {
            throw invalid("non-positive groups is not supported");
        }
        if (weight.dim() != 4) {
            throw invalid("weight must be 4-D (out_channels, in_channels, kH, kW), got shape " + weight.shape());
        }
        if (input.dim() != 4) {
            throw invalid("expected a 4-D input (N, C, H, W) for weight of shape " + weight.shape()
                    + ", but got input of shape " + input.shape()
                    + (input.dim() == 3 ? "; add a batch dimension with view(1, ...)" : ""));
        }
        if (weight.size(0) < groups) {
            throw invalid("Given groups=" + groups + ", expected weight to be at least " + groups
                    + " at dimension 0, but got weight of size " + weight.shape() + " instead");
        }
        if (weight.size(0) % groups != 0) {
            throw invalid("Given groups=" + groups + ", expected weight to be divisible by " + groups
                    + " at dimension 0, but got weight of size " + weight.shape() + " instead");
        }
        if (input.size(1) != weight.size(1) * groups) {
            throw invalid("Given groups=" + groups + ", weight of size " + weight.shape() + ", expected input"
                    + input.shape() + " to have " + weight.size(1) * groups + " channels, but got " + input.size(1)
                    + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0))) {
            throw invalid("Given weight of size " + weight.shape() + ", expected bias to be 1-dimensional with "
                    + weight.size(0) + " elements, but got bias of size " + bias.shape() + " instead");
        }
        int h = input.size(2) + 2 * p[0];
        int w = input.size(3) + 2 * p[1];
        int spanH = d[0] * (weight.size(2) - 1) + 1;
        int spanW = d[1] * (weight.size(3) - 1) + 1;
        if (spanH > h || spanW > w) {
            throw invalid("Calculated padded input size per channel: (" + h + " x " + w + "). Kernel size: ("
                    + spanH + " x " + spanW + "). Kernel size can't be greater than actual input size");
        }
        return new ConvGeometry(input.size(0), input.size(1), input.size(2), input.size(3), weight.size(0),
                weight.size(2), weight.size(3), s[0], s[1], p[0], p[1], d[0], d[1], groups);
    }

    /** {height, width}: PyTorch takes one value for both, or one per axis. */
    private static int[] pair(String name, int[] v) {
        if (v.length == 1) {
            return new int[] {v[0], v[0]};
        }
        if (v.length != 2) {
            throw invalid("expected " + name + " to be a single integer value or a list of 2 values to match the "
                    + "convolution dimensions, but got " + name + "=" + java.util.Arrays.toString(v));
        }
        return v.clone();
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("conv2d: " + message);
    }

    @Override
    public String name() {
        return "ConvolutionBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = null;
        Tensor dw = null;
        Tensor db = null;
        if (needsGrad(0)) {
            dx = Tensor.empty(input.shape(), g.device());
            g.backend().conv2dBackwardData(geometry, weight.buffer(), g.buffer(), dx.buffer());
        }
        if (needsGrad(1)) {
            dw = Tensor.empty(weight.shape(), g.device());
            g.backend().conv2dBackwardFilter(geometry, input.buffer(), g.buffer(), dw.buffer());
        }
        if (hasBias && needsGrad(2)) {
            db = Tensor.empty(Shape.of(geometry.outChannels()), g.device());
            g.backend().conv2dBackwardBias(geometry, g.buffer(), db.buffer());
        }
        return new Tensor[] {dx, dw, db};
    }

}
