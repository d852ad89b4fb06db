package dev.blitz.data;

import dev.blitz.data.transforms.FloatImage;
import dev.blitz.data.transforms.Transform;

/**
 * Labelled samples of any type, addressed by index, as a torchvision dataset whose {@code __getitem__} gives
 * {@code (sample, target)} before any transform: e.g. {@link MnistDataset} and {@link Cifar10Dataset} give their
 * images as the {@link dev.blitz.data.transforms.ByteImage}s they store. {@link #transform} makes them the float
 * samples a {@link DataLoader} batches:
 * <pre>
 * Dataset train = cifar.transform(Compose.of(new ToTensor(), new RandomCrop(32, 4), new RandomHorizontalFlip(),
 *         new Normalize(mean, std)));
 * </pre>
 * {@link #get} and {@link #label} are called from the loader's worker threads, several at once.
 *
 * @param <T> the sample type
 */
public interface SampleDataset<T> {
    /** {@return the number of samples, as {@code len(dataset)}} */
    int size();

    /**
     * One sample, untransformed.
     *
     * @param index the sample, in {@code [0, size())}
     * @return the sample; the caller must not change it
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    T get(int index);

    /**
     * The class of one sample.
     *
     * @param index the sample, in {@code [0, size())}
     * @return its class index, from 0
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    int label(int index);

    /**
     * These samples through {@code transform}, as a torchvision dataset's {@code transform=} argument: the result
     * is what a {@link DataLoader} batches. A random transform draws from the generator the loader gives each
     * sample, seeded from (seed, epoch, index), so it varies from epoch to epoch but not with the worker thread.
     * Read directly with {@code copySample(index, dst, offset)}, a sample gets the generator of seed 0, epoch 0.
     * The sample shape is that of sample 0's result; every sample must transform to the same shape.
     *
     * @param transform from a sample to a float image, e.g. a {@code Compose} starting with {@code ToTensor}
     * @return a view that transforms each sample when it is read
     */
    default Dataset transform(Transform<? super T, FloatImage> transform) {
        return new TransformedDataset<>(this, transform);
    }
}
