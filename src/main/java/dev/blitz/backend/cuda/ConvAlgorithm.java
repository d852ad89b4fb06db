package dev.blitz.backend.cuda;

/**
 * A cuDNN convolution algorithm chosen for one direction of one geometry.
 *
 * @param algo cuDNN's number for it (the {@code cudnnConvolution*Algo_t} value)
 * @param workspace the bytes of workspace it needs
 * @param deterministic whether cuDNN reports it as deterministic
 */
record ConvAlgorithm(int algo, long workspace, boolean deterministic) {
}
