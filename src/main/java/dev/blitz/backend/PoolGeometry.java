package dev.blitz.backend;

/**
 * A 2-D max-pooling window over an NCHW input (floor mode; padded cells never win). Validated by the caller.
 *
 * @param batch N, the number of images
 * @param channels C, the channels (pooled separately)
 * @param inH the input height
 * @param inW the input width
 * @param kernelH the window height
 * @param kernelW the window width
 * @param strideH the vertical stride
 * @param strideW the horizontal stride
 * @param padH rows of padding above and below
 * @param padW columns of padding left and right
 */
public record PoolGeometry(int batch, int channels, int inH, int inW,
                           int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    /** {@return the output height, {@code (inH + 2 * padH - kernelH) / strideH + 1}} */
    public int outH() {
        return (inH + 2 * padH - kernelH) / strideH + 1;
    }

    /** {@return the output width, {@code (inW + 2 * padW - kernelW) / strideW + 1}} */
    public int outW() {
        return (inW + 2 * padW - kernelW) / strideW + 1;
    }

    /** {@return the input's element count, {@code batch * channels * inH * inW}} */
    public int inputNumel() {
        return batch * channels * inH * inW;
    }

    /** {@return the output's element count, {@code batch * channels * outH() * outW()}} */
    public int outputNumel() {
        return batch * channels * outH() * outW();
    }
}
