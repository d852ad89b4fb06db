package dev.blitz.tensor;

import dev.blitz.backend.PoolGeometry;
import dev.blitz.core.Shape;

import java.util.Arrays;

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
     * {@code F.max_pool2d} (dilation 1, floor mode). The output is [N, C, H_out, W_out] with
     * {@code H_out = (H + 2 * padH - kH) / strideH + 1}, and likewise W_out.
     *
     * @param input [N, C, H, W]
     * @param kernel {kH, kW}, each {@code >= 1}
     * @param stride {strideH, strideW}, each {@code >= 1}
     * @param padding {padH, padW}, each between 0 and half the kernel; padded cells never win
     * @return the output, recording {@code MaxPool2DWithIndicesBackward0}
     * @throws IllegalArgumentException if the input is not 4-D, or the window does not fit it
     */
    public static Tensor apply(Tensor input, int[] kernel, int[] stride, int[] padding) {
        input = Tensor.float32Input("max_pool2d", input);
        if (input.dim() != 4) {
            throw new IllegalArgumentException("max_pool2d: expected a 4-D input (N, C, H, W), got shape "
                    + input.shape());
        }
        if (kernel.length != 2 || stride.length != 2 || padding.length != 2 || kernel[0] < 1 || kernel[1] < 1
                || stride[0] < 1 || stride[1] < 1) {
            throw new IllegalArgumentException("max_pool2d: kernel and stride must be two values >= 1, got kernel="
                    + Arrays.toString(kernel) + " stride=" + Arrays.toString(stride));
        }
        if (padding[0] < 0 || padding[1] < 0 || padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
            throw new IllegalArgumentException("max_pool2d: padding " + Arrays.toString(padding)
                    + " must be between 0 and half the kernel " + Arrays.toString(kernel));
        }
        int h = input.size(2) + 2 * padding[0];
        int w = input.size(3) + 2 * padding[1];
        if (kernel[0] > h || kernel[1] > w) {
            throw new IllegalArgumentException("max_pool2d: window " + kernel[0] + "x" + kernel[1]
                    + " is larger than the (padded) input " + h + "x" + w + " of input shape " + input.shape());
        }
        PoolGeometry g = new PoolGeometry(input.size(0), input.size(1), input.size(2), input.size(3), kernel[0],
                kernel[1], stride[0], stride[1], padding[0], padding[1]);
        Tensor out = Tensor.empty(Shape.of(g.batch(), g.channels(), g.outH(), g.outW()), input.device());
        input.backend().maxPool2dForward(g, input.buffer(), out.buffer());
        return new MaxPool2dOp(g, input, out).record(out);
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
