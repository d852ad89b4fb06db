package dev.blitz.data;

import dev.blitz.tensor.Shape;

/** Labelled samples of one shape, addressed by index, as a map-style {@code torch.utils.data.Dataset}. */
public interface Dataset {
    int size();

    /** The shape of one sample, e.g. [1, 32, 32]. */
    Shape sampleShape();

    /** Writes sample {@code index} ({@code sampleShape().numel()} floats, row-major) into {@code dst} at {@code offset}. */
    void copySample(int index, float[] dst, int offset);

    /** The class index of sample {@code index}. */
    int label(int index);
}
