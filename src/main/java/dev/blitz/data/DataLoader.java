package dev.blitz.data;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mini-batches of a {@link Dataset}, as {@code torch.utils.data.DataLoader}: batch size, shuffling, drop-last,
 * worker threads. The order of epoch {@code e} is a function of {@code (seed, e)} alone, and a random transform
 * applied to dataset sample {@code i} in epoch {@code e} draws from a generator seeded by {@code (seed, e, i)}
 * alone ({@link #sampleRandom}), so a run resumed at any epoch sees the same batches as an uninterrupted one, and
 * the batches do not depend on the number of workers or on which worker prepares which sample. {@code workers(n)}
 * threads gather the next batches into reused host arrays while the current step runs (batch {@code b} by worker
 * {@code b % n}, each up to {@code prefetch} batches ahead); the consumer's thread only copies each batch to the
 * device, in order.
 * <pre>
 * DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(seed).workers(4).build();
 * for (Batch b : loader) { ...; b.close(); }          // epoch 0; the next for-each over loader runs epoch 1, ...
 * try (DataLoader.Epoch batches = loader.epoch(e)) {  // epoch e, chosen explicitly (resuming a run)
 *     for (Batch b : batches) { ...; b.close(); }
 * }
 * </pre>
 * Leaving either loop early ({@code break}, an exception) needs no clean-up: an epoch nobody holds any more has
 * its thread stopped and its arrays freed by the garbage collector; closing an {@link Epoch} does it at once.
 */
public final class DataLoader implements Iterable<Batch> {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Device device;
    private final int prefetch;
    private final int workers;
    private final AtomicInteger nextEpoch = new AtomicInteger();

    private DataLoader(Builder b) {
        if (b.batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + b.batchSize);
        }
        if (b.prefetch < 1) {
            throw new IllegalArgumentException("DataLoader: prefetch must be >= 1 batch, got " + b.prefetch);
        }
        if (b.workers < 1) {
            throw new IllegalArgumentException("DataLoader: workers must be >= 1 (batches are always prepared on "
                    + "worker threads), got " + b.workers);
        }
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.device = b.device;
        this.prefetch = b.prefetch;
        this.workers = b.workers;
    }

    /**
     * Starts a loader over {@code dataset}.
     *
     * @param dataset the samples
     * @return a builder with batch size 1, no shuffling, seed 0, the last partial batch kept, one worker, and the
     *     default device
     */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** {@return the dataset this loader batches} */
    public Dataset dataset() {
        return dataset;
    }

    /**
     * The number of samples per batch (the last batch may hold fewer unless drop-last).
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Batches per epoch, as {@code len(loader)}.
     *
     * @return {@code size / batchSize}, rounded up unless drop-last
     */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * Samples per epoch.
     *
     * @return all of them, or those in whole batches with drop-last
     */
    public int numSamples() {
        return dropLast ? numBatches() * batchSize : dataset.size();
    }

    /**
     * The dataset indices an epoch visits, in order.
     *
     * @param epoch the epoch number
     * @return {@code 0 .. size-1}, permuted by a function of (seed, epoch) alone when shuffling
     */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /**
     * The generator a random transform of one sample draws from: a {@link SplittableRandom} seeded with
     * {@code mix(mix(mix(seed) ^ epoch) ^ index)}, where {@code mix} is SplitMix64's finaliser (a bijection of
     * 64-bit values that spreads every input bit over the output). It depends on nothing else (not the worker, not
     * the sample's place in the batch), which is what makes the batches independent of the number of workers.
     *
     * @param seed the loader's seed
     * @param epoch the epoch number
     * @param index the sample's index in the dataset
     * @return a new generator, the same sequence for the same three values
     */
    public static SplittableRandom sampleRandom(long seed, int epoch, int index) {
        return new SplittableRandom(mix(mix(mix(seed) ^ epoch) ^ index));
    }

    /** SplitMix64's output function (Stafford's variant 13). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@return the number of worker threads that prepare each epoch's batches} */
    public int workers() {
        return workers;
    }

    /**
     * Starts preparing one epoch's batches on the worker threads; iterate once, close when done. Does not move
     * the epoch counter of {@link #iterator()}.
     *
     * @param epoch the epoch number, which (with the seed) fixes the order and the random transforms
     * @return the epoch's batches
     */
    public Epoch epoch(int epoch) {
        return new Epoch(epoch, order(epoch));
    }

    /**
     * The batches of the next epoch, as {@code for batch in loader}: the first for-each over this loader runs
     * epoch 0, the next one epoch 1, and so on (so a shuffling loader reshuffles every time), each in the order
     * {@link #order(int)} gives. A loop left early needs no clean-up: its worker threads stop once the
     * iterator is unreachable.
     *
     * @return an iterator over a new epoch's batches
     */
    @Override
    public Iterator<Batch> iterator() {
        return epoch(nextEpoch.getAndIncrement()).iterator();
    }

    /**
     * One pass over the data: a single-use iterable of batches. {@link #close()} stops the worker threads at
     * once; an epoch dropped without close, e.g. by a {@code break} out of its for-each, has its threads stopped
     * and its arrays freed once the garbage collector finds the epoch unreachable.
     */
    public final class Epoch implements Iterable<Batch>, Iterator<Batch>, AutoCloseable {
        private final BatchProducer[] producers;
        private final Cleaner.Cleanable stopper;
        private final int batches = numBatches();
        private int delivered;
        private boolean iterated;
        private boolean closed;

        private Epoch(int epoch, int[] order) {
            // No more threads than batches: an idle worker would only start and stop.
            int n = Math.max(1, Math.min(workers, batches));
            producers = new BatchProducer[n];
            Thread[] threads = new Thread[n];
            for (int w = 0; w < n; w++) {
                producers[w] = new BatchProducer(dataset, order, batchSize, batches, w, n, seed, epoch, prefetch);
                threads[w] = new Thread(producers[w], "blitz-dataloader");
                threads[w].setDaemon(true);
            }
            // The action reaches the threads only: capturing this epoch would keep it reachable forever.
            stopper = CLEANER.register(this, () -> {
                for (Thread t : threads) {
                    t.interrupt();
                }
            });
            for (Thread t : threads) {
                t.start();
            }
        }

        @Override
        public Iterator<Batch> iterator() {
            if (iterated) {
                throw new IllegalStateException("DataLoader.Epoch can be iterated only once; call loader.epoch(e) again");
            }
            iterated = true;
            return this;
        }

        @Override
        public boolean hasNext() {
            return delivered < batches;
        }

        @Override
        public Batch next() {
            if (closed) {
                throw new IllegalStateException("DataLoader.Epoch.next() after close(), with " + delivered + " of "
                        + batches + " batches delivered; call loader.epoch(e) for a new pass");
            }
            if (!hasNext()) {
                throw new NoSuchElementException("the epoch's " + batches + " batches were all delivered");
            }
            BatchProducer producer = producers[delivered % producers.length];
            BatchProducer.HostBatch arrays = producer.take(delivered);
            int size = arrays.labels().length;
            int[] dims = dataset.sampleShape().dims();
            int[] batchDims = new int[dims.length + 1];
            batchDims[0] = size;
            System.arraycopy(dims, 0, batchDims, 1, dims.length);
            Batch batch = new Batch(Tensor.of(arrays.samples(), Shape.of(batchDims), device),
                    Tensor.of(arrays.labels(), Shape.of(size), device));
            producer.recycle(arrays); // Tensor.of copied them: the producer may refill them now
            delivered++;
            return batch;
        }

        /** Stops the worker threads; batches already delivered stay valid. Closing twice does nothing. */
        @Override
        public void close() {
            closed = true;
            stopper.clean();
        }
    }

    /**
     * Options for {@link DataLoader}: batch size 1, no shuffling, seed 0, keep the last partial batch, one worker,
     * default device.
     */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private Device device = Blitz.defaultDevice();
        private int prefetch = 2;
        private int workers = 1;

        private Builder(Dataset dataset) {
            this.dataset = dataset;
        }

        /**
         * Sets the number of samples per batch.
         *
         * @param value {@code >= 1} (checked by {@link #build()}); default 1
         * @return this builder
         */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /**
         * Shuffles every epoch, with an order drawn from {@code seed} and the epoch number; sets the seed of random
         * transforms too, as {@link #seed(long)}.
         *
         * @param seed the shuffling seed
         * @return this builder
         */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /**
         * Sets the seed from which, with the epoch and the dataset index, each sample's random transforms draw
         * ({@link DataLoader#sampleRandom}), without turning shuffling on; with {@link #shuffle(long)} it is the
         * shuffling seed too (the last call wins).
         *
         * @param value the seed; default 0
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * Sets how many threads prepare batches, as {@code num_workers}: each prepares every {@code n}-th batch, so
         * a dataset whose samples are costly to make (decoding, augmentation) keeps up with the training step. The
         * batches are the same for every {@code n}.
         *
         * @param n {@code >= 1} (checked by {@link #build()}); default 1
         * @return this builder
         */
        public Builder workers(int n) {
            workers = n;
            return this;
        }

        /**
         * Sets whether to skip the last batch of an epoch when it is smaller than the batch size, as
         * {@code drop_last}.
         *
         * @param value default false
         * @return this builder
         */
        public Builder dropLast(boolean value) {
            dropLast = value;
            return this;
        }

        /**
         * Sets where batches are delivered.
         *
         * @param value the device; default {@code Blitz.defaultDevice()}
         * @return this builder
         */
        public Builder device(Device value) {
            device = value;
            return this;
        }

        /**
         * Sets how many batches each worker thread may prepare ahead, as {@code prefetch_factor}.
         *
         * @param value {@code >= 1} (checked by {@link #build()}); default 2
         * @return this builder
         */
        public Builder prefetch(int value) {
            prefetch = value;
            return this;
        }

        /**
         * Checks the options and makes the loader.
         *
         * @return a new loader
         * @throws IllegalArgumentException if the batch size, prefetch or worker count is below 1
         */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
