package dev.blitz.data;

import dev.blitz.core.Shape;

import java.util.random.RandomGenerator;

/**
 * Labelled float samples of one shape, addressed by index: what a {@link DataLoader} stacks into batches, as a
 * map-style {@code torch.utils.data.Dataset} whose items are tensors. Datasets of other sample types (raw bytes,
 * say) are {@link SampleDataset}s, which {@link SampleDataset#transform} turns into one of these. The loader calls
 * {@link #copySample} and {@link #label} from its worker threads, several at once when it has more than one worker,
 * so an implementation must allow concurrent reads.
 */
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
     * Writes one sample into a batch array. Called from the data loader's worker threads.
     *
     * @param index the sample, in {@code [0, size())}
     * @param dst the array to write
     * @param offset where the sample's {@code sampleShape().numel()} floats (row-major) start in {@code dst}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    void copySample(int index, float[] dst, int offset);

    /**
     * Writes one sample into a batch array, drawing any randomness (data augmentation) from {@code random}. The
     * data loader calls this one, with a generator it seeds from (seed, epoch, index) alone
     * ({@link DataLoader#sampleRandom}), so a sample is the same whichever worker thread prepares it. The default
     * has no randomness: it ignores {@code random} and calls {@link #copySample(int, float[], int)}.
     *
     * @param index the sample, in {@code [0, size())}
     * @param dst the array to write
     * @param offset where the sample's {@code sampleShape().numel()} floats (row-major) start in {@code dst}
     * @param random this sample's generator for this epoch
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    default void copySample(int index, float[] dst, int offset, RandomGenerator random) {
        copySample(index, dst, offset);
    }

    /**
     * The class of one sample. Called from the data loader's worker threads.
     *
     * @param index the sample, in {@code [0, size())}
     * @return its class index, from 0
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    int label(int index);
}
