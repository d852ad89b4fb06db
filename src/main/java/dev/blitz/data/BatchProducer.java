package dev.blitz.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One worker of an epoch: gathers the samples of every {@code workers}-th batch, starting at batch {@code first},
 * in the epoch's order, into reused host arrays up to {@code prefetch} batches ahead of the consumer, which takes
 * batch {@code b} from worker {@code b % workers} (PyTorch's round-robin). Each worker fills its batches in order
 * into a queue of its own, so the consumer's next batch is always either ready or being made: no worker waits on
 * another. It holds no reference to the {@link DataLoader.Epoch} that reads from it, so an epoch its consumer
 * dropped becomes unreachable, and the epoch's Cleaner can stop this thread.
 */
final class BatchProducer implements Runnable {
    private final Dataset dataset;
    private final int[] order;
    private final int batchSize;
    private final int batches;
    private final int first;
    private final int workers;
    private final long seed;
    private final int epoch;
    private final int sampleNumel;
    private final int maxArrays;
    private int allocated;
    /** Filled arrays in order, or the Throwable that stopped the thread. */
    private final BlockingQueue<Object> ready;
    /** Full-size arrays the consumer has copied out of, for the producer to fill again. */
    private final BlockingQueue<HostBatch> free;

    /**
     * One batch's host arrays: the samples row-major, and the int64 class labels (PyTorch's type for them).
     *
     * @param samples {@code batch * sampleNumel} values
     * @param labels one class index per sample
     */
    record HostBatch(float[] samples, long[] labels) {
        HostBatch(int batch, int sampleNumel) {
            this(new float[batch * sampleNumel], new long[batch]);
        }
    }

    /**
     * A worker for batches {@code first, first + workers, ...} of an epoch.
     *
     * @param seed and {@code epoch}: with the dataset index, they seed each sample's generator
     */
    BatchProducer(Dataset dataset, int[] order, int batchSize, int batches, int first, int workers, long seed,
                  int epoch, int prefetch) {
        this.dataset = dataset;
        this.order = order;
        this.batchSize = batchSize;
        this.batches = batches;
        this.first = first;
        this.workers = workers;
        this.seed = seed;
        this.epoch = epoch;
        this.sampleNumel = dataset.sampleShape().numel();
        // prefetch queued, one being filled, one the consumer is copying out of
        this.maxArrays = prefetch + 2;
        this.ready = new ArrayBlockingQueue<>(prefetch);
        this.free = new ArrayBlockingQueue<>(maxArrays);
    }

    @Override
    public void run() {
        try {
            for (int b = first; b < batches; b += workers) {
                int from = b * batchSize;
                int size = Math.min(batchSize, order.length - from);
                HostBatch arrays = size == batchSize ? fullSizeArrays() : new HostBatch(size, sampleNumel);
                for (int i = 0; i < size; i++) {
                    int index = order[from + i];
                    dataset.copySample(index, arrays.samples(), i * sampleNumel,
                            DataLoader.sampleRandom(seed, epoch, index));
                    arrays.labels()[i] = dataset.label(index);
                }
                ready.put(arrays);
            }
        } catch (InterruptedException stopped) {
            // close(), or the Cleaner of an epoch nobody holds any more: end the thread, dropping the arrays.
        } catch (RuntimeException | Error e) {
            try {
                ready.put(e);
            } catch (InterruptedException stopped) {
                // Nobody is waiting for the error any more.
            }
        }
    }

    /** Recycled arrays, or new ones while fewer than {@code maxArrays} exist (a short epoch allocates few). */
    private HostBatch fullSizeArrays() throws InterruptedException {
        HostBatch arrays = free.poll();
        if (arrays != null) {
            return arrays;
        }
        if (allocated < maxArrays) {
            allocated++;
            return new HostBatch(batchSize, sampleNumel);
        }
        return free.take();
    }

    /**
     * The next batch's arrays, waiting for them if needed.
     *
     * @return the samples and labels
     * @throws IllegalStateException naming the batch if preparing it failed, or if the wait was interrupted
     */
    HostBatch take(int batch) {
        Object item;
        try {
            item = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next batch", e);
        }
        if (item instanceof Throwable t) {
            throw new IllegalStateException("preparing batch " + batch + " failed: " + t, t);
        }
        return (HostBatch) item;
    }

    /** Hands back arrays whose values were copied out; a partial last batch's are left to the GC. */
    void recycle(HostBatch arrays) {
        if (arrays.labels().length == batchSize) {
            free.add(arrays);
        }
    }
}
