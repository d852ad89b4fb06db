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
 * Mini-batches of a {@link Dataset}, as {@code torch.utils.data.DataLoader}: batch size, shuffling, drop-last.
 * The order of epoch {@code e} is a function of {@code (seed, e)} alone, so a run resumed at any epoch sees the
 * same batches as an uninterrupted one. A background thread gathers the next batches into reused host arrays
 * while the current step runs; the consumer's thread only copies each batch to the device.
 * <pre>
 * DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(seed).build();
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
    private final AtomicInteger nextEpoch = new AtomicInteger();

    private DataLoader(Builder b) {
        if (b.batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + b.batchSize);
        }
        if (b.prefetch < 1) {
            throw new IllegalArgumentException("DataLoader: prefetch must be >= 1 batch, got " + b.prefetch);
        }
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.device = b.device;
        this.prefetch = b.prefetch;
    }

    /**
     * Starts a loader over {@code dataset}.
     *
     * @param dataset the samples
     * @return a builder with batch size 1, no shuffling, the last partial batch kept, and the default device
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
     * Starts preparing one epoch's batches on a background thread; iterate once, close when done. Does not move
     * the epoch counter of {@link #iterator()}.
     *
     * @param epoch the epoch number, which (with the seed) fixes the order
     * @return the epoch's batches
     */
    public Epoch epoch(int epoch) {
        return new Epoch(order(epoch));
    }

    /**
     * The batches of the next epoch, as {@code for batch in loader}: the first for-each over this loader runs
     * epoch 0, the next one epoch 1, and so on (so a shuffling loader reshuffles every time), each in the order
     * {@link #order(int)} gives. A loop left early needs no clean-up: its background thread stops once the
     * iterator is unreachable.
     *
     * @return an iterator over a new epoch's batches
     */
    @Override
    public Iterator<Batch> iterator() {
        return epoch(nextEpoch.getAndIncrement()).iterator();
    }

    /**
     * One pass over the data: a single-use iterable of batches. {@link #close()} stops the background thread at
     * once; an epoch dropped without close, e.g. by a {@code break} out of its for-each, has its thread stopped
     * and its arrays freed once the garbage collector finds the epoch unreachable.
     */
    public final class Epoch implements Iterable<Batch>, Iterator<Batch>, AutoCloseable {
        private final BatchProducer producer;
        private final Cleaner.Cleanable stopper;
        private final int batches = numBatches();
        private int delivered;
        private boolean iterated;
        private boolean closed;

        private Epoch(int[] order) {
            producer = new BatchProducer(dataset, order, batchSize, batches, prefetch);
            Thread thread = new Thread(producer, "blitz-dataloader");
            thread.setDaemon(true);
            // The action reaches the thread only: capturing this epoch would keep it reachable forever.
            stopper = CLEANER.register(this, thread::interrupt);
            thread.start();
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

        /** Stops the background thread; batches already delivered stay valid. Closing twice does nothing. */
        @Override
        public void close() {
            closed = true;
            stopper.clean();
        }
    }

    /** Options for {@link DataLoader}: batch size 1, no shuffling, keep the last partial batch, default device. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private Device device = Blitz.defaultDevice();
        private int prefetch = 2;

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
         * Shuffles every epoch, with an order drawn from {@code seed} and the epoch number.
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
         * Sets how many batches the background thread may prepare ahead.
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
         * @throws IllegalArgumentException if the batch size or prefetch is below 1
         */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
