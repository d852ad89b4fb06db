package dev.blitz.backend;

/**
 * Everything a 2-D convolution kernel needs to know about its operands, NCHW input and OIHW weight
 * (groups = 1, dilation = 1). Built and validated once at the op boundary; kernels trust it.
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
 */
public record ConvGeometry(int batch, int inChannels, int inH, int inW,
                           int outChannels, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW) {

    /** {@return the output height, {@code (inH + 2 * padH - kernelH) / strideH + 1}} */
    public int outH() {
        return (inH + 2 * padH - kernelH) / strideH + 1;
    }

    /** {@return the output width, {@code (inW + 2 * padW - kernelW) / strideW + 1}} */
    public int outW() {
        return (inW + 2 * padW - kernelW) / strideW + 1;
    }

    /** {@return the input's element count, {@code batch * inChannels * inH * inW}} */
    public int inputNumel() {
        return batch * inChannels * inH * inW;
    }

    /** {@return the weight's element count, {@code outChannels * inChannels * kernelH * kernelW}} */
    public int weightNumel() {
        return outChannels * inChannels * kernelH * kernelW;
    }

    /** {@return the output's element count, {@code batch * outChannels * outH() * outW()}} */
    public int outputNumel() {
        return batch * outChannels * outH() * outW();
    }
}
