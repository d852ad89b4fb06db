package dev.blitz.backend;

/**
 * Everything a 2-D convolution kernel needs to know about its operands: NCHW input, OIHW weight of shape
 * {@code [outChannels, inChannels / groups, kernelH, kernelW]}. Group {@code i} convolves input channels
 * {@code [i * inChannels / groups, (i + 1) * inChannels / groups)} into the output channels of the same slice.
 * Built and validated once at the op boundary; kernels trust it.
 *
 * @param batch N, the number of images
 * @param inChannels C, the input channels
 * @param inH the input height
 * @param inW the input width
 * @param outChannels the output channels (the weight's first dimension)
 * @param kernelH the kernel height
 * @param kernelW the kernel width
 * @param strideH the vertical stride
 * @param strideW the horizontal stride
 * @param padH zero rows added above and below
 * @param padW zero columns added left and right
 * @param dilationH the vertical step between kernel taps
 * @param dilationW the horizontal step between kernel taps
 * @param groups the number of channel groups, dividing both channel counts
 */
public record ConvGeometry(int batch, int inChannels, int inH, int inW,
                           int outChannels, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW,
                           int dilationH, int dilationW, int groups) {

    /**
     * A convolution without dilation or groups (both 1).
     *
     * @param batch N, the number of images
     * @param inChannels C, the input channels
     * @param inH the input height
     * @param inW the input width
     * @param outChannels the output channels
     * @param kernelH the kernel height
     * @param kernelW the kernel width
     * @param strideH the vertical stride
     * @param strideW the horizontal stride
     * @param padH zero rows added above and below
     * @param padW zero columns added left and right
     */
    public ConvGeometry(int batch, int inChannels, int inH, int inW, int outChannels, int kernelH, int kernelW,
                        int strideH, int strideW, int padH, int padW) {
        this(batch, inChannels, inH, inW, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, 1, 1, 1);
    }

    /** {@return the rows the dilated kernel spans, {@code dilationH * (kernelH - 1) + 1}} */
    public int spanH() {
        return dilationH * (kernelH - 1) + 1;
    }

    /** {@return the columns the dilated kernel spans, {@code dilationW * (kernelW - 1) + 1}} */
    public int spanW() {
        return dilationW * (kernelW - 1) + 1;
    }

    /** {@return the output height, {@code (inH + 2 * padH - spanH()) / strideH + 1}} */
    public int outH() {
        return (inH + 2 * padH - spanH()) / strideH + 1;
    }

    /** {@return the output width, {@code (inW + 2 * padW - spanW()) / strideW + 1}} */
    public int outW() {
        return (inW + 2 * padW - spanW()) / strideW + 1;
    }

    /** {@return the input channels each group reads, {@code inChannels / groups} (the weight's second dimension)} */
    public int groupInChannels() {
        return inChannels / groups;
    }

    /** {@return the output channels each group writes, {@code outChannels / groups}} */
    public int groupOutChannels() {
        return outChannels / groups;
    }

    /** {@return the input's element count, {@code batch * inChannels * inH * inW}} */
    public int inputNumel() {
        return batch * inChannels * inH * inW;
    }

    /** {@return the weight's element count, {@code outChannels * groupInChannels() * kernelH * kernelW}} */
    public int weightNumel() {
        return outChannels * groupInChannels() * kernelH * kernelW;
    }

    /** {@return the output's element count, {@code batch * outChannels * outH() * outW()}} */
    public int outputNumel() {
        return batch * outChannels * outH() * outW();
    }
}
