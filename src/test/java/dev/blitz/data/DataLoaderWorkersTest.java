package dev.blitz.data;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.data.transforms.ByteImage;
import dev.blitz.data.transforms.Compose;
import dev.blitz.data.transforms.FloatImage;
import dev.blitz.data.transforms.Normalize;
import dev.blitz.data.transforms.RandomCrop;
import dev.blitz.data.transforms.RandomHorizontalFlip;
import dev.blitz.data.transforms.ToTensor;
import dev.blitz.data.transforms.Transform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worker threads change how fast batches come, never what they hold: that is a function of (seed, epoch). */
class DataLoaderWorkersTest {
    /** 37 random 3×8×8 colour images with labels 0..9 in turn. */
    private static final SampleDataset<ByteImage> IMAGES = new SampleDataset<>() {
        private final byte[][] pixels = new byte[37][3 * 8 * 8];

        {
            SplittableRandom random = new SplittableRandom(5);
            for (byte[] p : pixels) {
                random.nextBytes(p);
            }
        }

        @Override
        public int size() {
            return pixels.length;
        }

        @Override
        public ByteImage get(int index) {
            return new ByteImage(pixels[index], 3, 8, 8, ByteImage.Layout.CHW);
        }

        @Override
        public int label(int index) {
            return index % 10;
        }
    };

    private static final Transform<ByteImage, FloatImage> AUGMENT = Compose.of(new ToTensor(), new RandomCrop(8, 2),
            new RandomHorizontalFlip(), new Normalize(new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.25, 0.3}));

    /** Every batch of one epoch: images and labels, flattened, in order. */
    private static List<float[]> epoch(DataLoader loader, int epoch, List<long[]> labels) {
        List<float[]> images = new ArrayList<>();
        try (DataLoader.Epoch batches = loader.epoch(epoch)) {
            for (Batch b : batches) {
                try (b) {
                    images.add(b.images().toFloatArray());
                    labels.add(b.labels().toLongArray());
                }
            }
        }
        return images;
    }

    private static DataLoader loader(int workers, boolean dropLast) {
        return DataLoader.builder(IMAGES.transform(AUGMENT)).batchSize(5).shuffle(11).dropLast(dropLast)
                .workers(workers).prefetch(1).device(Device.CPU).build();
    }

    @Test
    void oneAndFourWorkersGiveIdenticalBatches() {
        for (boolean dropLast : new boolean[] {false, true}) {
            DataLoader one = loader(1, dropLast);
            DataLoader four = loader(4, dropLast);
            assertEquals(4, four.workers());
            for (int e = 0; e < 3; e++) {
                List<long[]> labels1 = new ArrayList<>();
                List<long[]> labels4 = new ArrayList<>();
                List<float[]> images1 = epoch(one, e, labels1);
                List<float[]> images4 = epoch(four, e, labels4);
                assertEquals(dropLast ? 7 : 8, images1.size());
                assertEquals(images1.size(), images4.size());
                for (int b = 0; b < images1.size(); b++) {
                    assertArrayEquals(images1.get(b), images4.get(b), "epoch " + e + ", batch " + b);
                    assertArrayEquals(labels1.get(b), labels4.get(b), "epoch " + e + ", batch " + b);
                }
            }
        }
    }

    @Test
    void fourWorkersAreFourThreads() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        SampleDataset<ByteImage> watched = new SampleDataset<>() {
            @Override
            public int size() {
                return IMAGES.size();
            }

            @Override
            public ByteImage get(int index) {
                threads.add(Thread.currentThread());
                return IMAGES.get(index);
            }

            @Override
            public int label(int index) {
                return IMAGES.label(index);
            }
        };
        DataLoader loader = DataLoader.builder(watched.transform(AUGMENT)).batchSize(5).workers(4).device(Device.CPU)
                .build();
        epoch(loader, 0, new ArrayList<>());
        threads.remove(Thread.currentThread()); // sample 0, read once on this thread for the sample shape
        assertEquals(4, threads.size(), "threads that prepared samples: " + threads);
        for (Thread t : threads) {
            assertEquals("blitz-dataloader", t.getName());
        }
    }

    @Test
    void eachSampleIsTheTransformWithItsOwnGenerator() {
        // The documented contract: sample i of epoch e is transform(get(i), sampleRandom(seed, e, i)), whatever thread.
        DataLoader loader = loader(3, false);
        int epoch = 2;
        int[] order = loader.order(epoch);
        List<long[]> labels = new ArrayList<>();
        List<float[]> batches = epoch(loader, epoch, labels);
        int k = 0;
        for (int b = 0; b < batches.size(); b++) {
            for (int i = 0; i < labels.get(b).length; i++, k++) {
                float[] expected = AUGMENT.apply(IMAGES.get(order[k]), DataLoader.sampleRandom(11, epoch, order[k]))
                        .data();
                float[] actual = Arrays.copyOfRange(batches.get(b), i * 192, (i + 1) * 192);
                assertArrayEquals(expected, actual, "sample " + order[k]);
                assertEquals(order[k] % 10, labels.get(b)[i]);
            }
        }
        assertEquals(37, k);
    }

    @Test
    void augmentationChangesFromEpochToEpoch() {
        Dataset augmented = IMAGES.transform(AUGMENT);
        int differ = 0;
        for (int i = 0; i < IMAGES.size(); i++) {
            float[] e0 = new float[192];
            float[] e1 = new float[192];
            augmented.copySample(i, e0, 0, DataLoader.sampleRandom(11, 0, i));
            augmented.copySample(i, e1, 0, DataLoader.sampleRandom(11, 1, i));
            if (!Arrays.equals(e0, e1)) {
                differ++;
            }
        }
        // 25 crops times 2 flips: two epochs agree on a sample with probability 1/50.
        assertTrue(differ >= 30, differ + " of 37 samples differ between epochs 0 and 1");
        assertEquals(Shape.of(3, 8, 8), augmented.sampleShape());
    }

    @Test
    void seedWithoutShuffleKeepsTheOrderButSeedsTheTransforms() {
        DataLoader a = DataLoader.builder(IMAGES.transform(AUGMENT)).batchSize(37).seed(1).device(Device.CPU).build();
        DataLoader b = DataLoader.builder(IMAGES.transform(AUGMENT)).batchSize(37).seed(2).device(Device.CPU).build();
        int[] identity = new int[37];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, a.order(0));
        float[] x = epoch(a, 0, new ArrayList<>()).get(0);
        float[] y = epoch(b, 0, new ArrayList<>()).get(0);
        assertTrue(!Arrays.equals(x, y), "another seed gives other crops and flips");
    }

    @Test
    void workersMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(IMAGES.transform(AUGMENT)).workers(0).build());
        assertEquals("DataLoader: workers must be >= 1 (batches are always prepared on worker threads), got 0",
                e.getMessage());
    }

    @Test
    void aTransformThatChangesTheShapeFailsNamingTheSample() {
        Transform<ByteImage, FloatImage> uneven = new ToTensor().andThen((img, random) ->
                img.height() == 8 && img.data()[0] > 0.5f ? FloatImage.zeros(3, 7, 7) : img);
        Dataset data = IMAGES.transform(uneven);
        int odd = -1;
        for (int i = 0; i < IMAGES.size() && odd < 0; i++) {
            if ((IMAGES.get(i).pixels()[0] & 0xff) / 255f > 0.5f) {
                odd = i;
            }
        }
        assertTrue(odd > 0, "sample 0 must keep its shape for this test");
        int bad = odd;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> data.copySample(bad, new float[192], 0));
        assertEquals("sample " + bad + " transformed to [3, 7, 7] but sample 0 to [3, 8, 8]: a batch stacks samples of "
                + "one shape", e.getMessage());
    }
}
