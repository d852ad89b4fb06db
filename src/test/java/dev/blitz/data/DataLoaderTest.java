package dev.blitz.data;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    @TempDir
    Path dir;
    private MnistDataset raw;

    @BeforeEach
    void writeData() throws IOException {
        // 10 images whose pixels all equal the image's index, label = 9 - index.
        byte[] images = new byte[10 * 28 * 28];
        byte[] labels = new byte[10];
        for (int n = 0; n < 10; n++) {
            Arrays.fill(images, n * 784, (n + 1) * 784, (byte) (n * 25));
            labels[n] = (byte) (9 - n);
        }
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.encode(new int[] {10, 28, 28}, images));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.encode(new int[] {10}, labels));
        raw = MnistDataset.load(dir, MnistDataset.Split.TRAIN);
    }

    @Test
    void batchesInOrderWithAPartialLastBatch() {
        DataLoader loader = DataLoader.builder(raw).batchSize(4).build();
        assertEquals(3, loader.numBatches());
        List<Integer> sizes = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        try (DataLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch b : epoch) {
                sizes.add(b.size());
                assertEquals(Shape.of(b.size(), 1, 28, 28), b.images().shape());
                assertEquals(DType.INT64, b.labels().dtype(), "labels are int64, as PyTorch's MNIST gives them");
                for (long l : b.labels().toLongArray()) {
                    labels.add(l);
                }
            }
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(List.of(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L), labels);
    }

    @Test
    void dropLastSkipsThePartialBatch() {
        DataLoader loader = DataLoader.builder(raw).batchSize(4).dropLast(true).build();
        assertEquals(2, loader.numBatches());
        assertEquals(8, loader.numSamples());
        int batches = 0;
        for (Batch b : loader.epoch(0)) {
            assertEquals(4, b.size());
            batches++;
        }
        assertEquals(2, batches);
    }

    @Test
    void shuffleIsAPermutationFixedBySeedAndEpoch() {
        DataLoader a = DataLoader.builder(raw).batchSize(3).shuffle(7).build();
        DataLoader b = DataLoader.builder(raw).batchSize(3).shuffle(7).build();
        DataLoader other = DataLoader.builder(raw).batchSize(3).shuffle(8).build();
        assertArrayEquals(a.order(2), b.order(2));
        assertFalse(Arrays.equals(a.order(0), a.order(1)), "each epoch gets its own order");
        assertFalse(Arrays.equals(a.order(0), other.order(0)), "another seed gives another order");
        int[] sorted = a.order(3).clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);

        // The batches follow the order: image i has pixels i*25 and label 9-i.
        int[] order = a.order(1);
        int k = 0;
        for (Batch batch : a.epoch(1)) {
            float[] pixels = batch.images().toFloatArray();
            long[] labels = batch.labels().toLongArray();
            for (int i = 0; i < batch.size(); i++, k++) {
                assertEquals(order[k] * 25 / 255f, pixels[i * 784 + 400], 1e-6);
                assertEquals(9 - order[k], labels[i]);
            }
        }
        assertEquals(10, k);
    }

    @Test
    void normalisesAndPadsForLeNet() {
        MnistDataset lenet = raw.forLeNet();
        assertEquals(Shape.of(1, 32, 32), lenet.sampleShape());
        float[] x = new float[32 * 32];
        lenet.copySample(4, x, 0);
        float black = (0 / 255f - 0.1307f) / 0.3081f;
        float pixel = (100 / 255f - 0.1307f) / 0.3081f;
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                boolean inside = r >= 2 && r < 30 && c >= 2 && c < 30;
                assertEquals(inside ? pixel : black, x[r * 32 + c], 0f, "pixel (" + r + ", " + c + ")");
            }
        }
        assertEquals(-0.42421296f, black, 1e-6f);
    }

    @Test
    void subsetAndIterationErrors() {
        MnistDataset part = raw.subset(2, 5);
        assertEquals(3, part.size());
        assertEquals(7, part.label(0));
        assertThrows(IllegalArgumentException.class, () -> raw.subset(5, 11));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(raw).batchSize(0).build());
        DataLoader.Epoch epoch = DataLoader.builder(part).batchSize(2).build().epoch(0);
        for (Batch b : epoch) {
            assertTrue(b.size() > 0);
        }
        assertThrows(IllegalStateException.class, epoch::iterator);
    }

    @Test
    void eachForEachOverTheLoaderRunsTheNextEpoch() {
        DataLoader loader = DataLoader.builder(raw).batchSize(4).shuffle(7).build();
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Float> labels = new ArrayList<>();
            for (Batch batch : loader) {
                for (float l : batch.labels().toFloatArray()) {
                    labels.add(l);
                }
            }
            List<Float> expected = new ArrayList<>();
            for (int index : loader.order(epoch)) {
                expected.add(9f - index);
            }
            assertEquals(expected, labels, "for-each number " + epoch + " runs epoch " + epoch);
        }
        assertFalse(Arrays.equals(loader.order(0), loader.order(1)), "so each pass is reshuffled");
    }

    /** 500 loops left by break, without close: their threads end and their arrays go once the GC finds them. */
    @Test
    void epochsLeftEarlyStopTheirThreadsAndFreeTheirArrays() throws InterruptedException {
        Dataset samples = new Dataset() {
            public int size() {
                return 64;
            }

            public Shape sampleShape() {
                return Shape.of(10, 10, 10);
            }

            public void copySample(int index, float[] dst, int offset) {
                dst[offset] = index;
            }

            public int label(int index) {
                return index % 10;
            }
        };
        // An epoch's 10 host arrays take 160 KiB (too small for the CPU backend's pool, which would blur the count).
        DataLoader loader = DataLoader.builder(samples).batchSize(4).prefetch(8).device(Device.CPU).build();
        int threadsBefore = loaderThreads();
        long heapBefore = heapAfterGc();
        for (int i = 0; i < 500; i++) {
            if (i % 2 == 0) {
                firstBatchOf(loader);
            } else {
                firstBatchOf(loader.epoch(i));
            }
        }
        long limit = 16L << 20; // leaking the 500 epochs' arrays would hold 80 MiB
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long grown = heapAfterGc() - heapBefore;
        while ((loaderThreads() > threadsBefore || grown > limit) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            grown = heapAfterGc() - heapBefore;
        }
        // At most as many as before: a thread an earlier test left may end meanwhile.
        int threadsAfter = loaderThreads();
        assertTrue(threadsAfter <= threadsBefore, threadsAfter + " loader threads still running after 500 abandoned"
                + " epochs (" + threadsBefore + " before)");
        assertTrue(grown <= limit, "heap grew by " + (grown >> 20) + " MiB over 500 abandoned epochs");
    }

    private static void firstBatchOf(Iterable<Batch> batches) {
        for (Batch b : batches) {
            b.close();
            break;
        }
    }

    private static int loaderThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("blitz-dataloader") && t.isAlive()).count();
    }

    private static long heapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void nextAfterCloseIsAnError() {
        DataLoader.Epoch epoch = DataLoader.builder(raw).batchSize(4).build().epoch(0);
        epoch.next().close();
        epoch.close();
        epoch.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, epoch::next);
        assertTrue(e.getMessage().contains("after close()") && e.getMessage().contains("1 of 3"), e.getMessage());
    }

    @Test
    void aFailingDatasetFailsTheConsumerWithTheCause() {
        Dataset broken = new Dataset() {
            public int size() {
                return 8;
            }

            public Shape sampleShape() {
                return Shape.of(2);
            }

            public void copySample(int index, float[] dst, int offset) {
                if (index == 5) {
                    throw new IllegalStateException("sample 5 is unreadable");
                }
            }

            public int label(int index) {
                return 0;
            }
        };
        DataLoader loader = DataLoader.builder(broken).batchSize(2).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (DataLoader.Epoch epoch = loader.epoch(0)) {
                for (Batch b : epoch) {
                    assertNotEquals(0, b.size());
                }
            }
        });
        assertTrue(e.getMessage().contains("batch 2") && e.getMessage().contains("sample 5 is unreadable"),
                e.getMessage());
    }
}
