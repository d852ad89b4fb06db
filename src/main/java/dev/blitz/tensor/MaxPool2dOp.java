package dev.blitz.tensor;

import dev.blitz.backend.PoolGeometry;
import dev.blitz.core.Shape;

/** 2-D max pooling over an NCHW input; backward routes each gradient to its window's first maximum. */
public final class MaxPool2dOp extends Function {
    private final PoolGeometry geometry;
    private final Tensor input;
    private final Tensor output;

    private MaxPool2dOp(PoolGeometry geometry, Tensor input, Tensor output) {
        super(input);
        this.geometry = geometry;
        this.input = save(input);
        this.output = save(output);
    }

    /**
     * {@code F.max_pool2d(input, kernel_size, stride, padding)} (dilation 1, floor mode). The output is
     * [N, C, H_out, W_out] with {@code H_out = (H + 2 * padH - kH) / strideH + 1}, and likewise W_out.
     *
     * @param input [N, C, H, W]
     * @param kernel {kH, kW}, or one value for both, each {@code >= 1}
     * @param stride {strideH, strideW}, one value for both, or none for the kernel's size; each {@code >= 1}
     * @param padding {padH, padW}, or one value for both, each between 0 and half the kernel; padded cells never
     *     win
     * @return the output, recording {@code MaxPool2DWithIndicesBackward0}
     * @throws IllegalArgumentException if the input is not 4-D, or the window does not fit it, with PyTorch's
     *     message after {@code "max_pool2d: "}
     */
    public static Tensor apply(Tensor input, int[] kernel, int[] stride, int[] padding) {
        input = Tensor.float32Input("max_pool2d", input);
        int[] k = pair(kernel, "kernel_size must either be a single int, or a tuple of two ints");
        int[] s = stride.length == 0 ? k
                : pair(stride, "stride must either be omitted, a single int, or a tuple of two ints");
        int[] p = pair(padding, "padding must either be a single int, or a tuple of two ints");
        if (input.dim() != 4) {
            throw invalid("expected a 4-D input (N, C, H, W), got shape " + input.shape());
        }
        if (k[0] < 1 || k[1] < 1) {
            throw invalid("kernel size should be greater than zero, but got kH: " + k[0] + " kW: " + k[1]);
        }
        if (s[0] < 1 || s[1] < 1) {
            throw invalid("stride should be greater than zero, but got dH: " + s[0] + " dW: " + s[1]);
        }
        for (int axis = 0; axis < 2; axis++) {
            if (p[axis] < 0) {
                throw invalid("pad must be non-negative, but got pad: " + p[axis]);
            }
            if (p[axis] > k[axis] / 2) {
                throw invalid("pad should be at most half of effective kernel size, but got pad=" + p[axis]
                        + ", kernel_size=" + k[axis] + " and dilation=1");
            }
        }
        int outH = Math.floorDiv(input.size(2) + 2 * p[0] - k[0], s[0]) + 1;
        int outW = Math.floorDiv(input.size(3) + 2 * p[1] - k[1], s[1]) + 1;
        if (outH < 1 || outW < 1) {
            int c = input.size(1);
            throw invalid("Given input size: (" + c + "x" + input.size(2) + "x" + input.size(3)
                    + "). Calculated output size: (" + c + "x" + outH + "x" + outW + "). Output size is too small");
        }
        PoolGeometry g = new PoolGeometry(input.size(0), input.size(1), input.size(2), input.size(3), k[0], k[1],
                s[0], s[1], p[0], p[1]);
        Tensor out = Tensor.empty(Shape.of(g.batch(), g.channels(), g.outH(), g.outW()), input.device());
        input.backend().maxPool2dForward(g, input.buffer(), out.buffer());
        return new MaxPool2dOp(g, input, out).record(out);
    }

    /** {height, width}: PyTorch takes one value for both, or one per axis. */
    private static int[] pair(int[] v, String otherwise) {
        if (v.length == 1) {
            return new int[] {v[0], v[0]};
        }
        if (v.length != 2) {
            throw invalid(otherwise);
        }
        return v.clone();
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("max_pool2d: " + message);
    }

    @Override
    public String name() {
        return "MaxPool2DWithIndicesBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = Tensor.empty(input.shape(), g.device());
        g.backend().maxPool2dBackward(geometry, input.buffer(), output.buffer(), g.buffer(), dx.buffer());
        return new Tensor[] {dx};
    }

}
