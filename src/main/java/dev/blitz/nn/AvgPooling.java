package dev.blitz.nn;

import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Average pooling over the last two dimensions of a (C, H, W) or (N, C, H, W) input, fixed and adaptive, composed
 * of views and sums (so it runs on every device, in float32 and float64, with gradients from autograd).
 */
final class AvgPooling {
    private AvgPooling() {
    }

    /**
     * {@code F.avg_pool2d}: the sum of the window's {@code kH * kW} strided views of the zero-padded input,
     * divided as PyTorch's kernel divides: by {@code divisorOverride} when not null, else by the window's size
     * clipped to the padded input ({@code countIncludePad}) or to the input itself.
     */
    static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                            boolean countIncludePad, Integer divisorOverride) {
        String op = "avg_pool2d";
        FunctionalChecks.floating(op, "input", input);
        int[] k = pair(op, kernel, "kernel_size must either be a single int, or a tuple of two ints");
        int[] s = stride.length == 0 ? k
                : pair(op, stride, "stride must either be omitted, a single int, or a tuple of two ints");
        int[] p = pair(op, padding, "pad must either be a single int, or a tuple of two ints");
        checkRank(op, input);
        if (k[0] < 1 || k[1] < 1) {
            throw invalid(op, "kernel size should be greater than zero, but got kH: " + k[0] + " kW: " + k[1]);
        }
        if (s[0] < 1 || s[1] < 1) {
            throw invalid(op, "stride should be greater than zero, but got dH: " + s[0] + " dW: " + s[1]);
        }
        if (p[0] < 0 || p[1] < 0) {
            throw invalid(op, "pad must be non-negative, but got padH: " + p[0] + " padW: " + p[1]);
        }
        if (p[1] > k[1] / 2 || p[0] > k[0] / 2) {
            throw invalid(op, "pad should be smaller than or equal to half of kernel size, but got padW = " + p[1]
                    + ", padH = " + p[0] + ", kW = " + k[1] + ", kH = " + k[0]);
        }
        int hDim = input.dim() - 2;
        int inH = input.size(hDim);
        int inW = input.size(hDim + 1);
        int outH = outputSize(inH, k[0], s[0], p[0], ceilMode);
        int outW = outputSize(inW, k[1], s[1], p[1], ceilMode);
        if (outH < 1 || outW < 1) {
            int c = input.size(hDim - 1);
            throw invalid(op, "Given input size: (" + c + "x" + inH + "x" + inW + "). Calculated output size: (" + c
                    + "x" + outH + "x" + outW + "). Output size is too small");
        }
        if (divisorOverride != null && divisorOverride == 0) {
            throw invalid(op, "divisor must be not zero");
        }
        // Zero rows and columns on every side: the padding, and in ceil mode what the last window reaches past it.
        int bottom = Math.max(p[0], (outH - 1) * s[0] + k[0] - inH - p[0]);
        int right = Math.max(p[1], (outW - 1) * s[1] + k[1] - inW - p[1]);
        Tensor x = pad(pad(input, hDim, p[0], bottom), hDim + 1, p[1], right);
        Tensor sum = null;
        for (int i = 0; i < k[0]; i++) {
            for (int j = 0; j < k[1]; j++) {
                Tensor tap = x.slice(hDim, i, i + (outH - 1) * s[0] + 1, s[0])
                        .slice(hDim + 1, j, j + (outW - 1) * s[1] + 1, s[1]);
                sum = sum == null ? tap : sum.add(tap);
            }
        }
        if (divisorOverride != null) {
            return sum.div(divisorOverride);
        }
        double[] divisors = new double[outH * outW];
        boolean uniform = true;
        for (int oh = 0; oh < outH; oh++) {
            for (int ow = 0; ow < outW; ow++) {
                int d = windowSize(oh, s[0], k[0], p[0], inH, countIncludePad)
                        * windowSize(ow, s[1], k[1], p[1], inW, countIncludePad);
                divisors[oh * outW + ow] = d;
                uniform &= d == divisors[0];
            }
        }
        if (uniform) {
            return sum.div(divisors[0]);
        }
        return sum.div(Tensor.of(divisors, outH, outW).to(input.dtype()).to(input.device()));
    }

    /** PyTorch's {@code pooling_output_shape} with dilation 1: floor (or ceil) division, the last window starting
     * inside the input or its left padding. */
    private static int outputSize(int in, int kernel, int stride, int pad, boolean ceilMode) {
        int out = Math.floorDiv(in + 2 * pad - kernel + (ceilMode ? stride - 1 : 0), stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + pad) {
            out--;
        }
        return out;
    }

    /** The cells of window {@code o} along one axis that PyTorch's avg_pool2d kernel counts. */
    private static int windowSize(int o, int stride, int kernel, int pad, int in, boolean countIncludePad) {
        int start = o * stride - pad;
        int end = Math.min(start + kernel, in + pad);
        if (countIncludePad) {
            return end - start;
        }
        return Math.min(end, in) - Math.max(start, 0);
    }

    /** {@code x} with {@code before} and {@code after} zeros added along {@code dim}. */
    private static Tensor pad(Tensor x, int dim, int before, int after) {
        if (before == 0 && after == 0) {
            return x;
        }
        List<Tensor> parts = new ArrayList<>(3);
        if (before > 0) {
            parts.add(zeros(x, dim, before));
        }
        parts.add(x);
        if (after > 0) {
            parts.add(zeros(x, dim, after));
        }
        return Tensor.cat(parts, dim);
    }

    private static Tensor zeros(Tensor like, int dim, int size) {
        int[] dims = like.size();
        dims[dim] = size;
        return Tensor.zeros(Shape.of(dims), like.dtype(), like.device());
    }

    /**
     * {@code F.adaptive_avg_pool2d}: output cell {@code (i, j)} is the mean of input rows
     * {@code floor(i * H / outH)} to {@code ceil((i + 1) * H / outH)} (exclusive) and likewise for columns, as
     * PyTorch. A divisible size is one reshape and mean; otherwise the rows' means, then the columns'.
     */
    static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        String op = "adaptive_avg_pool2d";
        FunctionalChecks.floating(op, "input", input);
        if (input.dim() != 3 && input.dim() != 4) {
            throw invalid(op, "Expected 3D or 4D tensor, but got " + input.shape());
        }
        for (int d = input.dim() - 3; d < input.dim(); d++) {
            if (input.size(d) == 0) {
                throw invalid(op, "Expected input to have non-zero size for non-batch dimensions, but input has"
                        + " sizes " + input.shape() + " with dimension " + d + " being empty");
            }
        }
        if (outH < 0 || outW < 0) {
            throw invalid(op, "elements of output_size must be greater than or equal to 0 but received {" + outH
                    + ", " + outW + "}");
        }
        int hDim = input.dim() - 2;
        int inH = input.size(hDim);
        int inW = input.size(hDim + 1);
        if (outH > 0 && outW > 0 && inH % outH == 0 && inW % outW == 0) {
            int[] split = new int[input.dim() + 2];
            System.arraycopy(input.size(), 0, split, 0, hDim);
            split[hDim] = outH;
            split[hDim + 1] = inH / outH;
            split[hDim + 2] = outW;
            split[hDim + 3] = inW / outW;
            return input.reshape(split).mean(new int[] {hDim + 1, hDim + 3}, false);
        }
        return meansAlong(meansAlong(input, hDim, outH), hDim + 1, outW);
    }

    /** The means of {@code x} over each output cell's input range along {@code dim}, joined along it. */
    private static Tensor meansAlong(Tensor x, int dim, int out) {
        int in = x.size(dim);
        if (out == 0) {
            return x.narrow(dim, 0, 0);
        }
        if (out == in) {
            return x;
        }
        List<Tensor> cells = new ArrayList<>(out);
        for (int i = 0; i < out; i++) {
            int start = (int) ((long) i * in / out);
            int end = (int) (((long) (i + 1) * in + out - 1) / out);
            cells.add(x.narrow(dim, start, end - start).mean(dim, true));
        }
        return Tensor.cat(cells, dim);
    }

    private static void checkRank(String op, Tensor input) {
        boolean empty = false;
        for (int d = input.dim() - 3; d >= 0 && d < input.dim(); d++) {
            empty |= input.size(d) == 0;
        }
        if ((input.dim() != 3 && input.dim() != 4) || empty) {
            throw invalid(op, "non-empty 3D or 4D (batch mode) tensor expected for input, got shape "
                    + input.shape());
        }
    }

    /** {height, width}: PyTorch takes one value for both, or one per axis. */
    private static int[] pair(String op, int[] v, String otherwise) {
        if (v.length == 1) {
            return new int[] {v[0], v[0]};
        }
        if (v.length != 2) {
            throw invalid(op, otherwise);
        }
        return v.clone();
    }

    private static IllegalArgumentException invalid(String op, String message) {
        return new IllegalArgumentException(op + ": " + message);
    }
}
