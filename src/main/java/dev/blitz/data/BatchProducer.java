package dev.blitz.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The background half of an epoch: gathers the samples of each batch, in the epoch's order, into reused host
 * arrays a few batches ahead of the consumer. It holds no reference to the {@link DataLoader.Epoch} that reads
 * from it, so an epoch its consumer dropped becomes unreachable, and the epoch's Cleaner can stop this thread.
 */
final class BatchProducer implements Runnable {
    private final Dataset dataset;
    private final int[] order;
    private final int batchSize;
    private final int batches;
    private final int sampleNumel;
    /** Filled arrays ({@code float[][] {samples, labels}}) in order, or the Throwable that stopped the thread. */
    private final BlockingQueue<Object> ready;
    /** Full-size arrays the consumer has copied out of, for the producer to fill again. */
    private final BlockingQueue<float[][]> free;

    BatchProducer(Dataset dataset, int[] order, int batchSize, int batches, int prefetch) {
        this.dataset = dataset;
        this.order = order;
        this.batchSize = batchSize;
        this.batches = batches;
        this.sampleNumel = dataset.sampleShape().numel();
        this.ready = new ArrayBlockingQueue<>(prefetch);
        this.free = new ArrayBlockingQueue<>(prefetch + 2);
        for (int i = 0; i < prefetch + 2; i++) {
            free.add(new float[][] {new float[batchSize * sampleNumel], new float[batchSize]});
        }
    }

    @Override
    public void run() {
        try {
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                int size = Math.min(batchSize, order.length - from);
                float[][] arrays = size == batchSize ? free.take()
                        : new float[][] {new float[size * sampleNumel], new float[size]};
                for (int i = 0; i < size; i++) {
                    int index = order[from + i];
                    dataset.copySample(index, arrays[0], i * sampleNumel);
                    arrays[1][i] = dataset.label(index);
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

    /**
     * The next batch's arrays, waiting for them if needed.
     *
     * @return {@code float[][] {samples, labels}}
     * @throws IllegalStateException naming the batch if preparing it failed, or if the wait was interrupted
     */
    float[][] take(int batch) {
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
        return (float[][]) item;
    }

    /** Hands back arrays whose values were copied out; a partial last batch's are left to the GC. */
    void recycle(float[][] arrays) {
        if (arrays[1].length == batchSize) {
            free.add(arrays);
        }
    }
}
