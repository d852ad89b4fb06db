package dev.blitz.backend;

/** A 2-D max-pooling window over an NCHW input (floor mode; padded cells never win). Validated by the caller. */
public record PoolGeometry(int batch, int channels, int inH, int inW,
                           int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public int outH() {
        return (inH + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW() {
        return (inW + 2 * padW - kernelW) / strideW + 1;
    }

    public int inputNumel() {
        return batch * channels * inH * inW;
    }

    public int outputNumel() {
        return batch * channels * outH() * outW();
    }
}
