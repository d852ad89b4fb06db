package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/**
 * Average pooling to a fixed output size whatever the input's, as {@code nn.AdaptiveAvgPool2d(output_size)}; see
 * {@link F#adaptiveAvgPool2d(Tensor, int, int)} for the windows. {@code new AdaptiveAvgPool2d(1)} is global
 * average pooling.
 */
public class AdaptiveAvgPool2d extends Module {
    private final Size2 outputSize;

    /**
     * A square output, as {@code nn.AdaptiveAvgPool2d(output_size)}.
     *
     * @param outputSize the output's height and width, {@code >= 0} (checked by {@link #forward})
     */
    public AdaptiveAvgPool2d(int outputSize) {
        this.outputSize = Size2.of(outputSize);
    }

    /**
     * An {@code outH × outW} output, as {@code nn.AdaptiveAvgPool2d((outH, outW))}.
     *
     * @param outH the output's height, {@code >= 0} (checked by {@link #forward})
     * @param outW the output's width, {@code >= 0}
     */
    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outputSize = Size2.of(outH, outW);
    }

    /**
     * Pools a batch.
     *
     * @param input (N, C, H, W) or (C, H, W)
     * @return (N, C, outH, outW)
     * @throws IllegalArgumentException if the input is not 3-D or 4-D or has an empty non-batch dimension
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool2d(input, outputSize.h(), outputSize.w());
    }

    /** PyTorch's {@code extra_repr}: the size as it was given, an int or a tuple. */
    @Override
    protected String extraRepr() {
        return "output_size=" + outputSize.given();
    }
}
