package dev.blitz.data;

import dev.blitz.core.Shape;
import dev.blitz.data.transforms.FloatImage;
import dev.blitz.data.transforms.Transform;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A {@link SampleDataset} seen through a transform to float images: {@link SampleDataset#transform}'s view. */
final class TransformedDataset<T> implements Dataset {
    private final SampleDataset<T> samples;
    private final Transform<? super T, FloatImage> transform;
    /** Sample 0's transformed shape, found on first use (the transform alone does not say it). */
    private volatile Shape shape;

    TransformedDataset(SampleDataset<T> samples, Transform<? super T, FloatImage> transform) {
        if (samples == null || transform == null) {
            throw new IllegalArgumentException("transform: the dataset and the transform must not be null");
        }
        this.samples = samples;
        this.transform = transform;
    }

    @Override
    public int size() {
        return samples.size();
    }

    /**
     * The shape of sample 0 once transformed (with a generator of its own: a random crop or flip keeps the shape);
     * [0] for an empty dataset, which has no sample to tell.
     */
    @Override
    public Shape sampleShape() {
        Shape s = shape;
        if (s == null) {
            s = samples.size() == 0 ? Shape.of(0) : apply(0, new SplittableRandom(0)).shape();
            shape = s;
        }
        return s;
    }

    @Override
    public void copySample(int index, float[] dst, int offset) {
        copySample(index, dst, offset, DataLoader.sampleRandom(0, 0, index));
    }

    @Override
    public void copySample(int index, float[] dst, int offset, RandomGenerator random) {
        FloatImage image = apply(index, random);
        Shape expected = sampleShape();
        if (!image.shape().equals(expected)) {
            // PyTorch's collate says "stack expects each tensor to be equal size"; this names the samples too.
            throw new IllegalStateException("sample " + index + " transformed to " + image.shape() + " but sample 0 to "
                    + expected + ": a batch stacks samples of one shape");
        }
        System.arraycopy(image.data(), 0, dst, offset, image.data().length);
    }

    private FloatImage apply(int index, RandomGenerator random) {
        FloatImage image = transform.apply(samples.get(index), random);
        if (image == null) {
            throw new IllegalStateException("the transform gave null for sample " + index + ": " + transform);
        }
        return image;
    }

    @Override
    public int label(int index) {
        return samples.label(index);
    }

    @Override
    public String toString() {
        return samples + " through " + transform.toString().replace("\n", "\n    ");
    }
}
