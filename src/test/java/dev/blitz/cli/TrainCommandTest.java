package dev.blitz.cli;

import dev.blitz.Blitz;
import dev.blitz.data.Batch;
import dev.blitz.data.Cifar10Dataset;
import dev.blitz.data.DataLoader;
import dev.blitz.data.IdxFiles;
import dev.blitz.data.MnistDataset;
import dev.blitz.io.SafeTensors;
import dev.blitz.models.CifarNet;
import dev.blitz.models.CnnBn;
import dev.blitz.models.LeNet;
import dev.blitz.models.ResNet18;
import dev.blitz.nn.Module;
import dev.blitz.tensor.Tensor;
import dev.blitz.viz.ConfusionMatrixPlot;
import dev.blitz.viz.ImageGrid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training command beyond LeNet on MNIST: --dataset, --model, --workers, the per-class report and its PNGs. */
class TrainCommandTest {
    @TempDir
    static Path mnist;
    @TempDir
    static Path cifar;
    @TempDir
    Path runs;

    @BeforeAll
    static void writeData() throws IOException {
        // Fashion-MNIST has MNIST's file format: the synthetic files serve both.
        IdxFiles.syntheticMnist(mnist, 96, 40, 7);
        Random random = new Random(3);
        for (int f = 1; f <= 5; f++) {
            Files.write(cifar.resolve("data_batch_" + f + ".bin"), cifarRecords(16, random));
        }
        Files.write(cifar.resolve("test_batch.bin"), cifarRecords(12, random));
        Files.writeString(cifar.resolve("batches.meta.txt"), String.join("\n", Cifar10Dataset.CLASSES) + "\n\n");
    }

    /** CIFAR-10's binary records: a label byte, then 3×32×32 random pixel bytes. */
    private static byte[] cifarRecords(int count, Random random) {
        byte[] out = new byte[count * Cifar10Dataset.RECORD_BYTES];
        random.nextBytes(out);
        for (int n = 0; n < count; n++) {
            out[n * Cifar10Dataset.RECORD_BYTES] = (byte) random.nextInt(10);
        }
        return out;
    }

    private static String train(Path data, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--data", data.toString(), "--batch-size", "16"));
        all.addAll(List.of(args));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainMnist.run(TrainOptions.parse(all.toArray(String[]::new)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDatasetChoosesTheDefaultModelAndDataFolder() {
        TrainOptions mnistRun = TrainOptions.parse();
        assertEquals("mnist", mnistRun.dataset());
        assertEquals("lenet", mnistRun.model());
        assertEquals(Path.of("data", "mnist"), mnistRun.data());
        assertEquals(1, mnistRun.workers());
        TrainOptions fashion = TrainOptions.parse("--dataset", "fashion-mnist", "--workers", "3");
        assertEquals("cnn-bn", fashion.model());
        assertEquals(Path.of("data", "fashion-mnist"), fashion.data());
        assertEquals(3, fashion.workers());
        assertTrue(fashion.out().getFileName().toString().startsWith("fashion-mnist-"), fashion.out().toString());
        TrainOptions colour = TrainOptions.parse("--dataset=cifar10");
        assertEquals("cifar-net", colour.model());
        assertEquals(Path.of("data", "cifar10"), colour.data());
        assertEquals("lenet", TrainOptions.parse("--dataset", "fashion-mnist", "--model", "lenet").model());
    }

    @Test
    void unknownNamesListTheValidOnes() {
        assertEquals("unknown --model 'vgg'; expected one of lenet, cifar-net, cnn-bn, resnet18",
                assertThrows(TrainOptions.UsageException.class, () -> TrainOptions.parse("--model", "vgg"))
                        .getMessage());
        assertEquals("unknown --dataset 'imagenet'; expected one of mnist, fashion-mnist, cifar10",
                assertThrows(TrainOptions.UsageException.class, () -> TrainOptions.parse("--dataset", "imagenet"))
                        .getMessage());
        assertEquals("--workers must be a whole number >= 1, got 0",
                assertThrows(TrainOptions.UsageException.class, () -> TrainOptions.parse("--workers", "0"))
                        .getMessage());
    }

    @Test
    void aModelThatCannotTakeTheImagesIsRefused() {
        assertEquals("--model lenet takes 1-channel 28×28 images (mnist, fashion-mnist), not cifar10's 3-channel "
                        + "32×32 ones; use --model cifar-net, LeNet-5 with 3 input channels, or resnet18",
                assertThrows(TrainOptions.UsageException.class,
                        () -> TrainOptions.parse("--dataset", "cifar10", "--model", "lenet")).getMessage());
        assertEquals("--model cifar-net takes cifar10's 3-channel 32×32 images, not fashion-mnist's grey 28×28 ones; "
                        + "use --model lenet, cnn-bn or resnet18",
                assertThrows(TrainOptions.UsageException.class,
                        () -> TrainOptions.parse("--dataset", "fashion-mnist", "--model", "cifar-net")).getMessage());
    }

    @Test
    void resNet18TakesGreyAndColourImages() throws IOException {
        Path grey = runs.resolve("resnet-grey");
        String log = train(mnist, "--dataset", "fashion-mnist", "--model", "resnet18", "--epochs", "1",
                "--train-limit", "16", "--batch-size", "8", "--test-limit", "4", "--out", grey.toString());
        assertTrue(log.startsWith("ResNet-18 on Fashion-MNIST: 16 training / 4 test images"), log);
        assertTrue(log.contains("epoch 1/1: test accuracy"), log);
        Map<String, Tensor> state = SafeTensors.load(grey.resolve("checkpoint-epoch-1.safetensors")).tensors();
        Blitz.manualSeed(0);
        ResNet18 fresh = ResNet18.builder().numClasses(10).inChannels(1).build();
        assertEquals(fresh.stateDict().keySet(), state.keySet());
        assertArrayEquals(new int[] {64, 1, 7, 7}, state.get("conv1.weight").shape().dims());
        assertArrayEquals(new int[] {10, 512}, state.get("fc.weight").shape().dims());
        // Two steps of SGD moved the weights from where the same seed starts them, and batch norm counted them.
        assertFalse(java.util.Arrays.equals(fresh.conv1.weight.toFloatArray(),
                state.get("conv1.weight").toFloatArray()));
        assertArrayEquals(new long[] {2}, state.get("bn1.num_batches_tracked").toLongArray());

        Path colour = runs.resolve("resnet-colour");
        log = train(cifar, "--dataset", "cifar10", "--model", "resnet18", "--epochs", "1", "--train-limit", "8",
                "--batch-size", "8", "--test-limit", "4", "--out", colour.toString());
        assertTrue(log.startsWith("ResNet-18 on CIFAR-10: 8 training / 4 test images"), log);
        assertArrayEquals(new int[] {64, 3, 7, 7}, SafeTensors.load(colour.resolve("checkpoint-epoch-1.safetensors"))
                .tensors().get("conv1.weight").shape().dims());
        assertTrue(Files.isRegularFile(colour.resolve("images.png")));
    }

    @Test
    void cnnBnOnFashionMnistReportsEachClassAsTheChapterDoes() throws IOException {
        Path out = runs.resolve("fashion");
        String log = train(mnist, "--dataset", "fashion-mnist", "--epochs", "1", "--workers", "2", "--out",
                out.toString());
        assertTrue(log.startsWith("CnnBn on Fashion-MNIST: 96 training / 40 test images"), log);

        // The expected accuracies: the saved model scored here, class by class, on the test images it was given.
        CnnBn net = new CnnBn();
        net.loadStateDict(SafeTensors.load(out.resolve("checkpoint-epoch-1.safetensors")).tensors());
        net.eval();
        MnistDataset test = MnistDataset.loadFashion(mnist, MnistDataset.Split.TEST).normalize(0.2860, 0.3530);
        long[] right = new long[10];
        long[] seen = new long[10];
        try (DataLoader.Epoch batches = DataLoader.builder(test).batchSize(40).build().epoch(0);
             Batch batch = batches.next(); Tensor logits = net.forward(batch.images());
             Tensor predicted = logits.argmax(1)) {
            long[] p = predicted.toLongArray();
            long[] t = batch.labels().toLongArray();
            for (int i = 0; i < t.length; i++) {
                seen[(int) t[i]]++;
                right[(int) t[i]] += p[i] == t[i] ? 1 : 0;
            }
        }
        long correct = java.util.Arrays.stream(right).sum();
        assertTrue(log.contains("Accuracy of the network on the 40 test images: " + 100 * correct / 40 + " %\n"),
                log);
        for (int c = 0; c < 10; c++) {
            String line = String.format(Locale.ROOT, "Accuracy for class: %-5s is %.1f %%%n",
                    MnistDataset.FASHION_CLASSES.get(c), 100.0 * right[c] / seen[c]);
            assertTrue(seen[c] == 0 ? !log.contains("Accuracy for class: " + MnistDataset.FASHION_CLASSES.get(c))
                    : log.contains(line), line + " in\n" + log);
        }
        assertTrue(log.contains("Accuracy for class: T-shirt/top is "), log);

        // 16 images of 28×28, enlarged 4 times, 8 a row, two caption lines each.
        BufferedImage images = ImageIO.read(out.resolve("images.png").toFile());
        assertEquals(8 * (28 * 4 + 2) + 2, images.getWidth());
        assertEquals(2 * (28 * 4 + 2 * ImageGrid.LINE + 2) + 2, images.getHeight());
        BufferedImage confusion = ImageIO.read(out.resolve("confusion.png").toFile());
        assertEquals(ConfusionMatrixPlot.LEFT + 10 * ConfusionMatrixPlot.CELL + ConfusionMatrixPlot.RIGHT,
                confusion.getWidth());
        assertEquals(new CnnBn().stateDict().keySet(),
                SafeTensors.load(out.resolve("checkpoint-epoch-1.safetensors")).tensors().keySet());
    }

    @Test
    void leNetOnFashionMnistTakesThePaddedImages() throws IOException {
        Path out = runs.resolve("lenet");
        String log = train(mnist, "--dataset", "fashion-mnist", "--model", "lenet", "--epochs", "1",
                "--test-limit", "8", "--out", out.toString());
        assertTrue(log.startsWith("LeNet-5 on Fashion-MNIST: 96 training / 8 test images"), log);
        assertEquals(new LeNet().stateDict().keySet(),
                SafeTensors.load(out.resolve("checkpoint-epoch-1.safetensors")).tensors().keySet());
        BufferedImage images = ImageIO.read(out.resolve("images.png").toFile());
        assertEquals(8 * (32 * 3 + 2) + 2, images.getWidth(), "8 images of 32×32, enlarged 3 times");
        assertEquals(32 * 3 + 2 * ImageGrid.LINE + 2 + 2, images.getHeight(), "one row");
    }

    @Test
    void cifarNetOnCifar10() throws IOException {
        Path out = runs.resolve("cifar");
        String log = train(cifar, "--dataset", "cifar10", "--epochs", "1", "--train-limit", "48", "--out",
                out.toString());
        assertTrue(log.startsWith("CifarNet on CIFAR-10: 48 training / 12 test images"), log);
        assertTrue(log.contains("Accuracy of the network on the 12 test images: "), log);
        assertTrue(log.lines().filter(l -> l.startsWith("Accuracy for class: ")).count() > 0, log);
        assertEquals(new CifarNet().stateDict().keySet(),
                SafeTensors.load(out.resolve("checkpoint-epoch-1.safetensors")).tensors().keySet());
        BufferedImage images = ImageIO.read(out.resolve("images.png").toFile());
        assertEquals(8 * (32 * 3 + 2) + 2, images.getWidth(), "12 colour images of 32×32, 8 a row");
        assertEquals(2 * (32 * 3 + 2 * ImageGrid.LINE + 2) + 2, images.getHeight());
        assertTrue(Files.isRegularFile(out.resolve("confusion.png")));
    }

    @Test
    void resumingAnotherDatasetsCheckpointSaysSo() throws IOException {
        Path out = runs.resolve("switch");
        train(mnist, "--epochs", "1", "--test-limit", "8", "--out", out.toString());
        String log = train(mnist, "--dataset", "fashion-mnist", "--model", "lenet", "--epochs", "2", "--test-limit",
                "8", "--resume", out.resolve("checkpoint-epoch-1.safetensors").toString());
        assertTrue(log.contains("note: the checkpoint was trained with dataset=mnist, this run uses fashion-mnist"),
                log);
        assertTrue(!log.contains("model="), "the same model: no note");
    }
}
