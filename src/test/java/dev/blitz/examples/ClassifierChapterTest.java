package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.data.DataLoader;
import dev.blitz.data.Dataset;
import dev.blitz.data.IdxFiles;
import dev.blitz.data.MnistDataset;
import dev.blitz.io.SafeTensors;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classifier chapter end to end, on small data sets the test writes in the real formats: what it prints,
 * line by line, the pictures it draws, and the state dict it saves and loads back.
 */
class ClassifierChapterTest {
    private static final int TRAIN = 40;
    private static final int TEST = 12;
    private static final List<String> STATE_KEYS = List.of("conv1.weight", "conv1.bias", "conv2.weight",
            "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");

    @TempDir
    Path dir;

    /** The byte the test writes at channel c, row y, column x of training record n (test records: n + 100). */
    private static int pixel(int n, int c, int y, int x) {
        return (n * 7 + c * 50 + y * 3 + x * 5) & 0xff;
    }

    private static int trainLabel(int n) {
        return (n * 3) % 10;
    }

    private static int testLabel(int n) {
        return n % 10;
    }

    /** Records first .. first+count-1 of CIFAR-10's binary format: a label byte, then the R, G and B planes. */
    private static byte[] records(int first, int count, boolean test) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = first; n < first + count; n++) {
            out.write(test ? testLabel(n) : trainLabel(n));
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        out.write(pixel(test ? n + 100 : n, c, y, x));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** Five training files of 8 records each, a test file of 12, and the official class names. */
    private Path writeCifar() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar10"));
        for (int f = 0; f < 5; f++) {
            Files.write(folder.resolve("data_batch_" + (f + 1) + ".bin"), records(f * 8, 8, false));
        }
        Files.write(folder.resolve("test_batch.bin"), records(0, TEST, true));
        Files.writeString(folder.resolve("batches.meta.txt"),
                "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
        return folder;
    }

    private record Run(List<String> lines, ClassifierChapter.Outcome outcome) {
    }

    private static Run run(String... args) throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        ClassifierChapter.Outcome outcome = ClassifierChapter.run(ClassifierOptions.parse(args), out);
        return new Run(List.of(captured.toString(StandardCharsets.UTF_8).split("\n")), outcome);
    }

    @Test
    void theChapterRunsEndToEndOnCifar10Files() throws IOException {
        Path data = writeCifar();
        Path out = dir.resolve("out");
        Run run = run("--data", data.toString(), "--out", out.toString(), "--epochs", "2", "--print-every", "3",
                "--workers", "2", "--seed", "0");
        List<String> lines = run.lines();
        int at = 0;
        assertEquals("CIFAR-10 from " + data + ": 40 training and 12 test images", lines.get(at++));

        // The first batch of the shuffled training set, named with the tutorial's short class names.
        int[] shown = firstShuffledBatch();
        StringBuilder shownNames = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            shownNames.append(k == 0 ? "" : " ").append(String.format("%-5s",
                    ClassifierChapter.CIFAR10_CLASSES.get(trainLabel(shown[k]))));
        }
        assertEquals(shownNames.toString(), lines.get(at++));

        // 10 mini-batches an epoch, a line after every 3rd: '[%d, %5d] loss: %.3f'.
        Pattern lossLine = Pattern.compile("\\[(\\d), +(\\d+)] loss: (\\d+\\.\\d{3})");
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (int i = 3; i <= 9; i += 3) {
                String line = lines.get(at++);
                assertTrue(line.startsWith(String.format("[%d, %5d] loss: ", epoch, i)), line);
                Matcher m = lossLine.matcher(line);
                assertTrue(m.matches(), line);
                double loss = Double.parseDouble(m.group(3));
                // Ten classes, near-uniform scores at the start: about ln 10 = 2.303.
                assertTrue(loss > 1.5 && loss < 3.5, line);
            }
        }
        assertEquals("Finished Training", lines.get(at++));

        // Test records 0 to 3 have labels 0 to 3; names padded to 5, as '{:5s}' pads them.
        assertEquals("GroundTruth:  plane car   bird  cat  ", lines.get(at++));
        String predictedLine = lines.get(at++);
        assertTrue(predictedLine.matches("Predicted:  (\\S+ *)( \\S+ *){3}"), predictedLine);
        String[] predicted = predictedLine.substring("Predicted:  ".length()).split(" +");
        Device loadedOn = run.outcome().loaded().parameters().get(0).device();
        try (Tensor outputs = run.outcome().loaded().forward(testImages(0, 4, loadedOn))) {
            long[] argmax = outputs.argmax(1).toLongArray();
            for (int k = 0; k < 4; k++) {
                assertEquals(ClassifierChapter.CIFAR10_CLASSES.get((int) argmax[k]), predicted[k], predictedLine);
            }
        }

        Matcher overall = Pattern.compile("Accuracy of the network on the 12 test images: (\\d+) %")
                .matcher(lines.get(at++));
        assertTrue(overall.matches(), lines.get(at - 1));
        // Per class, the tutorial's order and format; the test set holds two of classes 0 and 1, one of the rest.
        int correct = 0;
        for (int c = 0; c < 10; c++) {
            String line = lines.get(at++);
            String prefix = String.format("Accuracy for class: %-5s is ", ClassifierChapter.CIFAR10_CLASSES.get(c));
            assertTrue(line.startsWith(prefix) && line.endsWith(" %"), line);
            double percent = Double.parseDouble(line.substring(prefix.length(), line.length() - 2));
            int total = c < 2 ? 2 : 1;
            double right = percent * total / 100;
            assertEquals(Math.rint(right), right, 1e-9, "a whole number of correct images: " + line);
            assertEquals(String.format("%.1f", 100.0 * Math.rint(right) / total), line.substring(prefix.length(),
                    line.length() - 2), line);
            correct += (int) Math.rint(right);
        }
        assertEquals(100 * correct / TEST, Integer.parseInt(overall.group(1)), "overall = the classes' sum");

        // Training on GPU: cuda:0 where usable, else the CPU and why.
        String device = lines.get(at++);
        if (device.equals("cpu")) {
            String why = lines.get(at++);
            assertTrue(why.startsWith("(CUDA is not usable here: ") && why.endsWith("; this part runs on the cpu)"),
                    why);
            assertEquals("Accuracy of the network on the 12 test images on cpu: " + overall.group(1) + " %",
                    lines.get(at++));
        } else {
            assertEquals("cuda:0", device);
            assertTrue(lines.get(at++).matches("Accuracy of the network on the 12 test images on cuda:0: \\d+ %"));
        }
        assertEquals(lines.size(), at, "nothing after the chapter's last line: " + lines);

        checkPictures(run.outcome(), shown);
        checkStateDict(run.outcome());
    }

    /** The indices of the first training batch: epoch 0 of a loader shuffled with seed 0. */
    private static int[] firstShuffledBatch() {
        DataLoader loader = DataLoader.builder(new Dataset() {
            @Override
            public int size() {
                return TRAIN;
            }

            @Override
            public Shape sampleShape() {
                return Shape.of(1);
            }

            @Override
            public void copySample(int index, float[] dst, int offset) {
            }

            @Override
            public int label(int index) {
                return 0;
            }
        }).batchSize(4).shuffle(0).build();
        return Arrays.copyOf(loader.order(0), 4);
    }

    /** Test records from..to-1 as the chapter feeds them: pixel / 255, then (x - 0.5) / 0.5, in float32. */
    private static Tensor testImages(int from, int to, Device device) {
        float[] x = new float[(to - from) * 3072];
        for (int n = from; n < to; n++) {
            for (int i = 0; i < 3072; i++) {
                int c = i / 1024;
                int y = i / 32 % 32;
                float v = pixel(n + 100, c, y, i % 32) / 255f;
                x[(n - from) * 3072 + i] = (v - 0.5f) / 0.5f;
            }
        }
        return Tensor.of(x, to - from, 3, 32, 32).to(device);
    }

    private void checkPictures(ClassifierChapter.Outcome outcome, int[] shown) throws IOException {
        // make_grid of 4 images enlarged 3-fold (96 px), 2 px of padding, a caption line under each (two with
        // predictions): (96 + 2) * 4 + 2 wide.
        BufferedImage train = ImageIO.read(outcome.trainImages().toFile());
        assertEquals(394, train.getWidth());
        assertEquals(2 + 96 + 14 + 2, train.getHeight());
        BufferedImage test = ImageIO.read(outcome.testImages().toFile());
        assertEquals(394, test.getWidth());
        assertEquals(2 + 96 + 2 * 14 + 2, test.getHeight());
        // imshow unnormalises (img / 2 + 0.5): the pixels are the stored bytes again.
        for (int k = 0; k < 4; k++) {
            for (int[] yx : new int[][] {{0, 0}, {5, 17}, {31, 31}}) {
                int y = yx[0];
                int x = yx[1];
                int rgb = train.getRGB(2 + k * 98 + 3 * x + 1, 2 + 3 * y + 1) & 0xffffff;
                int want = pixel(shown[k], 0, y, x) << 16 | pixel(shown[k], 1, y, x) << 8 | pixel(shown[k], 2, y, x);
                assertEquals(Integer.toHexString(want), Integer.toHexString(rgb), "training image " + k + " at " + y
                        + ", " + x);
                rgb = test.getRGB(2 + k * 98 + 3 * x + 1, 2 + 3 * y + 1) & 0xffffff;
                want = pixel(k + 100, 0, y, x) << 16 | pixel(k + 100, 1, y, x) << 8 | pixel(k + 100, 2, y, x);
                assertEquals(Integer.toHexString(want), Integer.toHexString(rgb), "test image " + k);
            }
        }
    }

    private static void checkStateDict(ClassifierChapter.Outcome outcome) throws IOException {
        Map<String, Tensor> saved = SafeTensors.load(outcome.stateDict(), Device.CPU).tensors();
        assertEquals(STATE_KEYS, List.copyOf(saved.keySet()), "the chapter's names, PyTorch's order");
        assertArrayEquals(new int[] {6, 3, 5, 5}, saved.get("conv1.weight").shape().dims());
        assertArrayEquals(new int[] {120, 400}, saved.get("fc1.weight").shape().dims());
        Map<String, Tensor> trained = outcome.trained().stateDict();
        Map<String, Tensor> loaded = outcome.loaded().stateDict();
        Blitz.manualSeed(0);
        Map<String, Tensor> initial = new ClassifierChapter.Net(3).stateDict();
        for (String key : STATE_KEYS) {
            float[] values = saved.get(key).toFloatArray();
            assertArrayEquals(trained.get(key).toFloatArray(), values, "saved = trained: " + key);
            assertArrayEquals(values, loaded.get(key).toFloatArray(), "loaded = saved: " + key);
            assertFalse(Arrays.equals(initial.get(key).toFloatArray(), values), "training changed " + key);
        }
    }

    @Test
    void withoutCifar10ItRunsOnFashionMnistPaddedTo32WithOneInputChannel() throws IOException {
        Path fashion = IdxFiles.syntheticMnist(dir.resolve("fashion"), 8, 4, 7);
        Path out = dir.resolve("out");
        Run run = run("--data", fashion.toString(), "--out", out.toString(), "--epochs", "1", "--print-every", "1",
                "--workers", "1");
        List<String> lines = run.lines();
        assertEquals("Fashion-MNIST from " + fashion + " (CIFAR-10 is not in " + fashion + "; scripts/fetch-cifar10 "
                + "fetches it): 8 training and 4 test images, padded to 32x32; the Net takes 1 input channel",
                lines.get(0));
        // Two mini-batches of four, a line after each.
        assertTrue(lines.get(2).matches("\\[1,     1] loss: \\d\\.\\d{3}"), lines.get(2));
        assertTrue(lines.get(3).matches("\\[1,     2] loss: \\d\\.\\d{3}"), lines.get(3));
        assertEquals("Finished Training", lines.get(4));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Accuracy for class: T-shirt/top is ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Accuracy for class: Ankle boot is ")), lines.toString());
        Map<String, Tensor> saved = SafeTensors.load(run.outcome().stateDict(), Device.CPU).tensors();
        assertEquals("fashion_net.safetensors", run.outcome().stateDict().getFileName().toString());
        assertArrayEquals(new int[] {6, 1, 5, 5}, saved.get("conv1.weight").shape().dims());
        // Pad(2) before Normalize: a black border around each 28×28 image (scaled 3-fold), grey pixels inside.
        BufferedImage train = ImageIO.read(run.outcome().trainImages().toFile());
        assertEquals(394, train.getWidth());
        assertEquals(0, train.getRGB(2 + 1, 2 + 1) & 0xffffff, "the padding is black");
        int inside = train.getRGB(2 + 3 * 2 + 1, 2 + 3 * 2 + 1) & 0xffffff;
        assertEquals(inside & 0xff, inside >> 16, "grey: red = blue");
    }

    @Test
    void badOptionsAndMissingDataSayWhatIsWrong() {
        assertEquals("unknown --dataset 'cifar100'; expected one of auto, cifar10, fashion-mnist",
                assertThrows(ClassifierOptions.UsageException.class,
                        () -> ClassifierOptions.parse("--dataset", "cifar100")).getMessage());
        assertEquals("--epochs must be a whole number >= 1, got 0",
                assertThrows(ClassifierOptions.UsageException.class,
                        () -> ClassifierOptions.parse("--epochs", "0")).getMessage());
        Path empty = dir.resolve("nothing");
        String message = assertThrows(IOException.class, () -> run("--data", empty.toString(), "--out",
                dir.resolve("out").toString())).getMessage();
        assertTrue(message.startsWith("no data set: CIFAR-10 is not in " + empty + " (scripts/fetch-cifar10 "
                + "fetches it) and Fashion-MNIST file missing in "), message);
        assertTrue(message.contains("scripts/fetch-fashion-mnist"), message);
    }

    /**
     * Python's '%.Nf' rounds the exact binary value, ties to even: f'{0.0625:.3f}' is 0.062, f'{1.0005:.3f}' 1.000
     * (1.000499999...), f'{2.675:.2f}' 2.67, where Java's %.3f and %.2f give 0.063, 1.001 and 2.68.
     */
    @Test
    void numbersAndNamesArePrintedAsPythonPrintsThem() {
        assertEquals("0.062", ClassifierChapter.fixed(0.0625, 3));
        assertEquals("1.000", ClassifierChapter.fixed(1.0005, 3));
        assertEquals("2.67", ClassifierChapter.fixed(2.675, 2));
        assertEquals("2.196", ClassifierChapter.fixed(2.1955999, 3));
        assertEquals("59.3", ClassifierChapter.fixed(59.3, 1));
        assertEquals("nan", ClassifierChapter.fixed(Double.NaN, 1));
        assertEquals("frog  truck truck deer ", ClassifierChapter.names(ClassifierChapter.CIFAR10_CLASSES,
                new long[] {6, 9, 9, 4}));
        assertEquals("T-shirt/top Bag  ", ClassifierChapter.names(MnistDataset.FASHION_CLASSES, new long[] {0, 8}));
    }
}
