package dev.blitz.data;

import dev.blitz.Prerequisites;
import dev.blitz.core.Shape;
import dev.blitz.data.transforms.ByteImage;
import dev.blitz.data.transforms.Compose;
import dev.blitz.data.transforms.Normalize;
import dev.blitz.data.transforms.ToTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fashion-MNIST's real files, which scripts/fetch-fashion-mnist puts in data/fashion-mnist (a no-op when they are
 * there and check out). The test is skipped only when apt cannot fetch the package here (exit status 3), and fails
 * then under CI. Expected values are Zalando's published facts (60,000 and 10,000 images, 6,000 and 1,000 per
 * class) and bytes read from the files with Python, not through Blitz.
 */
class FashionMnistTest {
    private static final Path DATA = Path.of("data", "fashion-mnist");

    @TempDir
    Path dir;

    @BeforeAll
    static void fetch() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "scripts/fetch-fashion-mnist", DATA.toString())
                .redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("scripts/fetch-fashion-mnist did not finish in 5 minutes");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        Prerequisites.require(p.exitValue() != 3, "Fashion-MNIST is not in " + DATA + " and apt cannot fetch it here"
                + " (scripts/fetch-fashion-mnist exit status 3): " + text.strip());
        assertEquals(0, p.exitValue(), "scripts/fetch-fashion-mnist failed:\n" + text);
    }

    private static int[] classCounts(MnistDataset data) {
        int[] counts = new int[10];
        for (int i = 0; i < data.size(); i++) {
            counts[data.label(i)]++;
        }
        return counts;
    }

    @Test
    void readsTheTrainingAndTestSplits() throws IOException {
        MnistDataset train = MnistDataset.loadFashion(DATA, MnistDataset.Split.TRAIN);
        MnistDataset test = MnistDataset.loadFashion(DATA, MnistDataset.Split.TEST);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(Shape.of(1, 28, 28), train.sampleShape());
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot"), train.classes());
        int[] six = new int[10];
        java.util.Arrays.fill(six, 6000);
        assertArrayEquals(six, classCounts(train), "Fashion-MNIST's training set is balanced");
        int[] thousand = new int[10];
        java.util.Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, classCounts(test));

        int[] firstTrain = {9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
        int[] firstTest = {9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
        for (int i = 0; i < 10; i++) {
            assertEquals(firstTrain[i], train.label(i), "training label " + i);
            assertEquals(firstTest[i], test.label(i), "test label " + i);
        }
        assertEquals("Ankle boot", train.classes().get(train.label(0)));

        // Row 14 of the first training image (an ankle boot), as Python reads the file's bytes.
        int[] row14 = {0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215,
            218, 255, 77, 0};
        ByteImage boot = train.get(0);
        float[] x = new float[784];
        train.copySample(0, x, 0);
        float[] viaToTensor = new ToTensor().apply(boot, new SplittableRandom(0)).data();
        for (int c = 0; c < 28; c++) {
            assertEquals(row14[c], boot.get(0, 14, c), "column " + c);
            assertEquals(row14[c] / 255f, x[14 * 28 + c]);
            assertEquals(row14[c] / 255f, viaToTensor[14 * 28 + c]);
        }
        long sum = 0;
        for (byte b : boot.pixels()) {
            sum += b & 0xff;
        }
        assertEquals(76_247, sum);
    }

    @Test
    void batchesThroughTransformsAndTheLoader() throws IOException {
        MnistDataset test = MnistDataset.loadFashion(DATA, MnistDataset.Split.TEST);
        Dataset normalized = test.transform(Compose.of(new ToTensor(),
                new Normalize(new double[] {0.5}, new double[] {0.5})));
        DataLoader loader = DataLoader.builder(normalized).batchSize(1000).workers(4).build();
        int n = 0;
        for (Batch b : loader.epoch(0)) {
            try (b) {
                assertEquals(Shape.of(1000, 1, 28, 28), b.images().shape());
                if (n == 0) {
                    assertEquals((98 / 255f - 0.5f) / 0.5f, b.images().toFloatArray()[14 * 28 + 12]);
                    assertEquals(9, b.labels().toLongArray()[0]);
                }
                n += b.size();
            }
        }
        assertEquals(10_000, n);
    }

    @Test
    void aMissingFashionFileNamesItsFetchScript() throws IOException {
        IdxFiles.syntheticMnist(dir, 4, 4, 1);
        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        IOException e = assertThrows(IOException.class, () -> MnistDataset.loadFashion(dir, MnistDataset.Split.TRAIN));
        assertTrue(e.getMessage().startsWith("Fashion-MNIST file missing in ")
                && e.getMessage().endsWith("(scripts/fetch-fashion-mnist puts the four files into data/fashion-mnist)"),
                e.getMessage());
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.encode(new int[] {4}, new byte[] {1, 2, 10, 3}));
        e = assertThrows(IOException.class, () -> MnistDataset.loadFashion(dir, MnistDataset.Split.TRAIN));
        assertTrue(e.getMessage().endsWith("label 10 at index 2 is not a Fashion-MNIST class (expected 0 to 9)"),
                e.getMessage());
        assertEquals(MnistDataset.DIGIT_CLASSES, MnistDataset.load(dir, MnistDataset.Split.TEST).classes());
    }
}
