package dev.blitz.data;

import dev.blitz.core.Shape;

/** Labelled samples of one shape, addressed by index, as a map-style {@code torch.utils.data.Dataset}. */
public interface Dataset {
    /** {@return the number of samples, as {@code len(dataset)}} */
    int size();

    /**
     * The shape of one sample, the same for all, e.g. [1, 32, 32].
     *
     * @return the sample shape
     */
    Shape sampleShape();

    /**
     * Writes one sample into a batch array. Called from the data loader's background thread.
     *
     * @param index the sample, in {@code [0, size())}
     * @param dst the array to write
     * @param offset where the sample's {@code sampleShape().numel()} floats (row-major) start in {@code dst}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    void copySample(int index, float[] dst, int offset);

    /**
     * The class of one sample. Called from the data loader's background thread.
     *
     * @param index the sample, in {@code [0, size())}
     * @return its class index, from 0
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    int label(int index);
}
