package dev.blitz.data.transforms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Transforms applied one after the other, as torchvision's {@code Compose}; prints as it does:
 * <pre>
 * Compose(
 *     ToTensor()
 *     Normalize(mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5])
 * )
 * </pre>
 *
 * @param <I> what the first step takes
 * @param <O> what the last step gives
 */
public final class Compose<I, O> implements Transform<I, O> {
    private final List<Transform<?, ?>> steps;

    private Compose(List<Transform<?, ?>> steps) {
        this.steps = Collections.unmodifiableList(steps);
    }

    /**
     * The steps in order: typically {@link ToTensor} first (bytes to floats), then transforms of the float image,
     * e.g. {@code Compose.of(new ToTensor(), new RandomCrop(32, 4), new RandomHorizontalFlip(0.5), new
     * Normalize(mean, std))}.
     *
     * @param first the first step
     * @param rest the steps after it, each taking what the one before gives
     * @param <I> what the first step takes
     * @param <O> what every step gives
     * @return the composition
     * @throws IllegalArgumentException if a step is null
     */
    @SafeVarargs
    public static <I, O> Compose<I, O> of(Transform<? super I, ? extends O> first,
                                          Transform<? super O, ? extends O>... rest) {
        Compose<I, O> result = chain(first, Identity.instance());
        for (Transform<? super O, ? extends O> step : rest) {
            result = chain(result, step);
        }
        return result;
    }

    /** {@code first} then {@code next}, with nested compositions flattened and identities dropped. */
    static <I, M, O> Compose<I, O> chain(Transform<? super I, ? extends M> first,
                                         Transform<? super M, ? extends O> next) {
        List<Transform<?, ?>> steps = new ArrayList<>();
        add(steps, first);
        add(steps, next);
        return new Compose<>(steps);
    }

    private static void add(List<Transform<?, ?>> steps, Transform<?, ?> step) {
        if (step == null) {
            throw new IllegalArgumentException("Compose: a transform is null");
        }
        if (step instanceof Compose<?, ?> c) {
            steps.addAll(c.steps);
        } else if (!(step instanceof Identity)) {
            steps.add(step);
        }
    }

    /** {@return the steps, in the order they are applied} */
    public List<Transform<?, ?>> transforms() {
        return steps;
    }

    @Override
    @SuppressWarnings("unchecked")
    public O apply(I input, RandomGenerator random) {
        // Each step's input type is the previous step's output type, which of(...) and andThen checked.
        Object value = input;
        for (Transform<?, ?> step : steps) {
            value = ((Transform<Object, Object>) step).apply(value, random);
        }
        return (O) value;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Compose(");
        for (Transform<?, ?> step : steps) {
            s.append("\n    ").append(step);
        }
        return s.append("\n)").toString();
    }

    /** The do-nothing step {@link #of} starts from; never kept in a composition. */
    private static final class Identity<T> implements Transform<T, T> {
        private static final Identity<?> INSTANCE = new Identity<>();

        @SuppressWarnings("unchecked")
        static <T> Identity<T> instance() {
            return (Identity<T>) INSTANCE;
        }

        @Override
        public T apply(T input, RandomGenerator random) {
            return input;
        }
    }
}
