package dev.blitz.backend;

/**
 * Everything a 2-D convolution kernel needs to know about its operands, NCHW input and OIHW weight
 * (groups = 1, dilation = 1). Built and validated once at the op boundary; kernels trust it.
 */
public record ConvGeometry(int batch, int inChannels, int inH, int inW,
                           int outChannels, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW) {

    public int outH() {
        return (inH + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW() {
        return (inW + 2 * padW - kernelW) / strideW + 1;
    }

    public int inputNumel() {
        return batch * inChannels * inH * inW;
    }

    public int weightNumel() {
        return outChannels * inChannels * kernelH * kernelW;
    }

    public int outputNumel() {
        return batch * outChannels * outH() * outW();
    }
}
