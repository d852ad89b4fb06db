package dev.blitz.tensor;

import dev.blitz.backend.ConvGeometry;
import dev.blitz.core.Shape;

/** 2-D cross-correlation of an NCHW input with an OIHW weight, plus an optional per-channel bias. */
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
     * {@code F.conv2d} (groups 1, dilation 1). The output is [N, out_channels, H_out, W_out] with
     * {@code H_out = (H + 2 * padH - kH) / strideH + 1}, and likewise W_out.
     *
     * @param input [N, C, H, W]
     * @param weight [out_channels, C, kH, kW]
     * @param bias [out_channels], or null for none
     * @param stride {strideH, strideW}, each {@code >= 1}
     * @param padding {padH, padW} zeros added on each side, each {@code >= 0}
     * @return the output, recording {@code ConvolutionBackward0}
     * @throws IllegalArgumentException if the shapes, stride or padding do not fit (named in the message), or the
     *     tensors are on different devices
     */
    public static Tensor apply(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding) {
        input = Tensor.float32Input("conv2d", input);
        weight = Tensor.float32Input("conv2d", weight);
        bias = Tensor.float32Input("conv2d", bias);
        ConvGeometry g = geometry(input, weight, bias, stride, padding);
        input.checkSameDevice("conv2d", weight);
        if (bias != null) {
            input.checkSameDevice("conv2d", bias);
        }
        Tensor out = Tensor.empty(Shape.of(g.batch(), g.outChannels(), g.outH(), g.outW()), input.device());
        input.backend().conv2dForward(g, input.buffer(), weight.buffer(), bias == null ? null : bias.buffer(),
                out.buffer());
        return new Conv2dOp(g, input, weight, bias).record(out);
    }

    static ConvGeometry geometry(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding) {
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: weight must be 4-D (out_channels, in_channels, kH, kW), got "
                    + "shape " + weight.shape());
        }
        if (input.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 4-D input (N, C, H, W) for weight of shape "
                    + weight.shape() + ", but got input of shape " + input.shape()
                    + (input.dim() == 3 ? "; add a batch dimension with view(1, ...)" : ""));
        }
        if (input.size(1) != weight.size(1)) {
            throw new IllegalArgumentException("conv2d: input of shape " + input.shape() + " has " + input.size(1)
                    + " channels, but weight of shape " + weight.shape() + " expects " + weight.size(1)
                    + " input channels");
        }
        if (stride.length != 2 || padding.length != 2 || stride[0] < 1 || stride[1] < 1 || padding[0] < 0
                || padding[1] < 0) {
            throw new IllegalArgumentException("conv2d: stride must be two values >= 1 and padding two values >= 0, "
                    + "got stride=" + java.util.Arrays.toString(stride) + " padding="
                    + java.util.Arrays.toString(padding));
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0))) {
            throw new IllegalArgumentException("conv2d: bias of shape " + bias.shape() + " does not match weight "
                    + weight.shape() + "; expected [" + weight.size(0) + "]");
        }
        int h = input.size(2) + 2 * padding[0];
        int w = input.size(3) + 2 * padding[1];
        if (weight.size(2) > h || weight.size(3) > w) {
            throw new IllegalArgumentException("conv2d: kernel " + weight.size(2) + "x" + weight.size(3)
                    + " is larger than the (padded) input " + h + "x" + w + " of input shape " + input.shape());
        }
        return new ConvGeometry(input.size(0), input.size(1), input.size(2), input.size(3), weight.size(0),
                weight.size(2), weight.size(3), stride[0], stride[1], padding[0], padding[1]);
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
