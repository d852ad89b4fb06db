package dev.blitz.data.transforms;

import java.util.random.RandomGenerator;

/**
 * One step of a sample's preparation, as a torchvision transform: {@link ToTensor}, {@link Normalize}, {@link Pad},
 * {@link RandomCrop}, {@link RandomHorizontalFlip}, chained by {@link Compose} or {@link #andThen}. A transform
 * leaves its input as it was (it may return the input itself when there is nothing to do), and is called from
 * several data-loader threads at once, so it keeps no mutable state: a random one draws only from the
 * {@code random} it is given. The
 * {@code DataLoader} seeds that generator per sample from (seed, epoch, dataset index) alone, so an augmented
 * sample is the same whichever worker thread prepares it, and with however many workers.
 *
 * @param <I> what it takes, e.g. a {@link ByteImage}
 * @param <O> what it gives, e.g. a {@link FloatImage}
 */
@FunctionalInterface
public interface Transform<I, O> {
    /**
     * Transforms one sample.
     *
     * @param input the sample, left unchanged
     * @param random the sample's own generator, the only source of randomness
     * @return the transformed sample
     * @throws IllegalArgumentException if the input does not fit the transform, saying what was received and what
     *     was expected
     */
    O apply(I input, RandomGenerator random);

    /**
     * This transform followed by {@code next}, as {@code Compose([this, next])}.
     *
     * @param next applied to this transform's output
     * @param <R> what {@code next} gives
     * @return a {@link Compose} of both (flattened when either already is one)
     */
    default <R> Compose<I, R> andThen(Transform<? super O, ? extends R> next) {
        return Compose.chain(this, next);
    }
}
