package dev.blitz.cli;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.data.DataLoader;
import dev.blitz.data.Dataset;
import dev.blitz.data.IdxFiles;
import dev.blitz.data.MnistDataset;
import dev.blitz.io.SafeTensors;
import dev.blitz.models.LeNet;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training command end to end on a small synthetic MNIST: outputs, resume, bad checkpoints. */
class TrainMnistTest {
    @TempDir
    static Path data;
    @TempDir
    Path runs;

    @BeforeAll
    static void writeData() throws IOException {
        IdxFiles.syntheticMnist(data, 128, 64, 3);
    }

    private static TrainMnist.Result train(StringBuilder log, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--data", data.toString(), "--batch-size", "32"));
        all.addAll(List.of(args));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainMnist.Result result = TrainMnist.run(TrainOptions.parse(all.toArray(String[]::new)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        log.append(bytes.toString(StandardCharsets.UTF_8));
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "adam"})
    void resumingGivesTheSameResultAsAnUninterruptedRun(String optimizer) throws IOException {
        Path whole = runs.resolve("whole");
        Path split = runs.resolve("split");
        StringBuilder log = new StringBuilder();
        TrainMnist.Result uninterrupted = train(log, "--optimizer", optimizer, "--epochs", "3", "--out", whole.toString());
        train(log, "--optimizer", optimizer, "--epochs", "1", "--out", split.toString());
        TrainMnist.Result resumed = train(log, "--optimizer", optimizer, "--epochs", "3", "--resume",
                split.resolve("checkpoint-epoch-1.safetensors").toString());
        assertTrue(log.toString().contains("resumed from"), log.toString());

        assertEquals(12, uninterrupted.steps());
        assertEquals(12, resumed.steps());
        assertEquals(uninterrupted.evaluations().subList(1, 3), resumed.evaluations(), "test results of epochs 2, 3");
        assertSameCheckpoints(whole, split, 3);
        assertEquals(Files.readString(whole.resolve("metrics.csv")), Files.readString(split.resolve("metrics.csv")),
                "the resumed run's log reads like the uninterrupted one");
    }

    /** The model and optimizer files of {@code epoch} in both folders hold the same tensors, bit for bit. */
    static void assertSameCheckpoints(Path one, Path two, int epoch) throws IOException {
        Path model = Checkpoint.modelFile(one, epoch);
        for (Path file : List.of(model, Checkpoint.optimizerFile(model))) {
            Map<String, Tensor> a = SafeTensors.load(file).tensors();
            Map<String, Tensor> b = SafeTensors.load(two.resolve(file.getFileName())).tensors();
            assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()), file.getFileName().toString());
            for (String name : a.keySet()) {
                Tensor x = a.get(name);
                Tensor y = b.get(name);
                String what = file.getFileName() + " " + name;
                assertEquals(x.dtype(), y.dtype(), what);
                assertEquals(x.shape(), y.shape(), what);
                switch (x.dtype()) {
                    case FLOAT32 -> assertArrayEquals(x.toFloatArray(), y.toFloatArray(), what);
                    case FLOAT64 -> assertArrayEquals(x.toDoubleArray(), y.toDoubleArray(), what);
                    case INT64 -> assertArrayEquals(x.toLongArray(), y.toLongArray(), what);
                    case BOOL -> assertArrayEquals(x.toBooleanArray(), y.toBooleanArray(), what);
                }
            }
        }
    }

    @Test
    void writesCheckpointsMetricsAndPlot() throws IOException {
        Path out = runs.resolve("run");
        StringBuilder log = new StringBuilder();
        TrainMnist.Result result = train(log, "--epochs", "2", "--out", out.toString(), "--test-limit", "40");
        assertEquals(2, result.evaluations().size());
        assertEquals(40, result.evaluations().get(0).total());
        String text = log.toString();
        assertTrue(text.contains("epoch 1/2  100% 128/128") && text.contains("img/s") && text.contains("ETA"), text);
        assertTrue(text.contains("epoch 2/2: test accuracy"), text);
        assertTrue(text.contains(", lr 0.01, "), "the learning rate in the epoch's line: " + text);
        java.util.regex.Matcher times = java.util.regex.Pattern.compile(
                "epoch 2/2: .* ([0-9.]+) s \\([0-9]+ img/s; a step: median ([0-9.]+) ms, mean ([0-9.]+) ms\\)").matcher(text);
        assertTrue(times.find(), "the epoch's time and its step's median and mean: " + text);
        double seconds = Double.parseDouble(times.group(1));
        double median = Double.parseDouble(times.group(2));
        double mean = Double.parseDouble(times.group(3));
        // The epoch's seconds are printed to a tenth: 50 ms of slack.
        assertTrue(median > 0 && mean > 0 && mean * 4 <= seconds * 1000 + 50, "4 steps of " + mean + " ms in "
                + seconds + " s: " + text);

        Map<String, Tensor> state = SafeTensors.load(out.resolve("checkpoint-epoch-2.safetensors")).tensors();
        assertEquals(new LeNet().stateDict().keySet(), state.keySet(), "PyTorch's state-dict names");
        assertTrue(Files.isRegularFile(out.resolve("checkpoint-epoch-1.optim.safetensors")));
        assertEquals("2", SafeTensors.load(out.resolve("checkpoint-epoch-2.safetensors")).metadata().get("epoch"));

        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(MetricsLog.HEADER, csv.get(0));
        assertEquals(1 + 8 + 2, csv.size(), "a row per step and per epoch");
        assertTrue(csv.get(5).matches("1,4,,[0-9.]+,[0-9.]+,"), csv.get(5));
        assertTrue(csv.get(6).matches("2,5,[0-9.]+,,,0\\.01"), csv.get(6));

        BufferedImage plot = ImageIO.read(out.resolve("plot.png").toFile());
        assertEquals(1280, plot.getWidth());
        assertEquals(420, plot.getHeight());
    }

    @Test
    void aCorruptedCheckpointIsRejected() throws IOException {
        Path out = runs.resolve("bad");
        train(new StringBuilder(), "--epochs", "1", "--out", out.toString(), "--test-limit", "8");
        Path ckpt = out.resolve("checkpoint-epoch-1.safetensors");
        byte[] bytes = Files.readAllBytes(ckpt);
        Files.write(ckpt, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        IOException e = assertThrows(IOException.class,
                () -> train(new StringBuilder(), "--epochs", "2", "--resume", ckpt.toString()));
        assertTrue(e.getMessage().contains(ckpt.toString()) && e.getMessage().contains("truncated"), e.getMessage());

        Files.write(ckpt, bytes);
        Files.delete(out.resolve("checkpoint-epoch-1.optim.safetensors"));
        e = assertThrows(IOException.class, () -> train(new StringBuilder(), "--epochs", "2", "--resume", ckpt.toString()));
        assertTrue(e.getMessage().contains("no optimizer state"), e.getMessage());
    }

    @Test
    void aModelFileBesideAnotherRunsOptimizerFileIsRefused() throws IOException {
        Path one = runs.resolve("seed1");
        Path two = runs.resolve("seed2");
        train(new StringBuilder(), "--epochs", "1", "--seed", "1", "--out", one.toString(), "--test-limit", "8");
        train(new StringBuilder(), "--epochs", "1", "--seed", "2", "--out", two.toString(), "--test-limit", "8");
        Path ckpt = one.resolve("checkpoint-epoch-1.safetensors");
        Path optim = one.resolve("checkpoint-epoch-1.optim.safetensors");
        Files.copy(two.resolve(optim.getFileName()), optim, StandardCopyOption.REPLACE_EXISTING);
        String runOne = SafeTensors.load(ckpt).metadata().get("run_id");
        String runTwo = SafeTensors.load(optim).metadata().get("run_id");

        IOException e = assertThrows(IOException.class,
                () -> train(new StringBuilder(), "--epochs", "2", "--seed", "1", "--resume", ckpt.toString()));
        assertEquals("checkpoint-epoch-1.safetensors and checkpoint-epoch-1.optim.safetensors in " + one
                + " were not saved together: run_id is " + runOne + " in the model file but " + runTwo + " in the "
                + "optimizer file; resume from a model file with the optimizer file saved beside it", e.getMessage());
    }

    @Test
    void aModelFileBesideAnotherStepsOptimizerFileIsRefused() throws IOException {
        Path out = runs.resolve("steps");
        train(new StringBuilder(), "--epochs", "2", "--out", out.toString(), "--test-limit", "8");
        Files.copy(out.resolve("checkpoint-epoch-1.optim.safetensors"),
                out.resolve("checkpoint-epoch-2.optim.safetensors"), StandardCopyOption.REPLACE_EXISTING);
        Path ckpt = out.resolve("checkpoint-epoch-2.safetensors");
        IOException e = assertThrows(IOException.class,
                () -> train(new StringBuilder(), "--epochs", "3", "--resume", ckpt.toString()));
        assertTrue(e.getMessage().contains("were not saved together: epoch is 2 in the model file but 1 in the "
                + "optimizer file"), e.getMessage());
    }

    @Test
    void resumingWithAnotherOptimizerIsAnError() throws IOException {
        Path out = runs.resolve("opt");
        train(new StringBuilder(), "--epochs", "1", "--out", out.toString(), "--test-limit", "8");
        Path ckpt = out.resolve("checkpoint-epoch-1.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(new StringBuilder(), "--epochs", "2", "--optimizer", "adam", "--resume", ckpt.toString()));
        assertTrue(e.getMessage().contains("unexpected key \"state.0.momentum_buffer\""), e.getMessage());
    }

    @Test
    void aSecondRunInALockedFolderIsRefusedNamingTheOwner() throws IOException {
        Path out = runs.resolve("locked");
        try (RunFolderLock owner = RunFolderLock.acquire(out)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> train(new StringBuilder(), "--epochs", "1", "--out", out.toString()));
            assertEquals(out + " is in use by another training run (pid " + ProcessHandle.current().pid()
                    + ", according to " + out.resolve("train-mnist.lock") + "); wait for it to finish, stop it, or "
                    + "choose another --out", e.getMessage());
        }
        assertEquals(List.of(), List.of(out.toFile().list()), "the lock file goes with the run that made it");
    }

    @Test
    void aLockLeftByAKilledRunIsTakenOver() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path out = runs.resolve("stale");
        Files.createDirectories(out);
        Files.writeString(out.resolve("train-mnist.lock"), gone.pid() + "\n");
        StringBuilder log = new StringBuilder();
        train(log, "--epochs", "1", "--out", out.toString(), "--test-limit", "8");
        assertTrue(log.toString().contains("note: " + out.resolve("train-mnist.lock") + " was left by pid " + gone.pid()
                + ", which ended without removing it; this run takes it over"), log.toString());
        assertFalse(Files.exists(out.resolve("train-mnist.lock")));
    }

    @Test
    void aNewRunInAnotherRunsFolderNeedsForce() throws IOException {
        Path out = runs.resolve("taken");
        train(new StringBuilder(), "--epochs", "2", "--seed", "1", "--out", out.toString(), "--test-limit", "8");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> train(new StringBuilder(), "--epochs", "1", "--seed", "2", "--out", out.toString()));
        assertEquals(out + " already holds another training run (checkpoint-epoch-1.optim.safetensors, "
                + "checkpoint-epoch-1.safetensors, checkpoint-epoch-2.optim.safetensors, checkpoint-epoch-2.safetensors, "
                + "metrics.csv and 3 more); continue it with --resume " + out.resolve("checkpoint-epoch-2.safetensors")
                + ", choose a new --out, or add --force to delete those files and start over there", e.getMessage());
        assertTrue(Files.exists(out.resolve("checkpoint-epoch-2.safetensors")), "nothing was touched");

        StringBuilder log = new StringBuilder();
        train(log, "--epochs", "1", "--seed", "2", "--out", out.toString(), "--test-limit", "8", "--force");
        assertTrue(log.toString().contains("--force: deleted another run's checkpoint-epoch-1.optim.safetensors, "), log.toString());
        assertFalse(Files.exists(out.resolve("checkpoint-epoch-2.safetensors")), "no checkpoint of the old run is left");
        assertEquals("2", SafeTensors.load(out.resolve("checkpoint-epoch-1.safetensors")).metadata().get("seed"));
        assertEquals(1 + 4 + 1, Files.readAllLines(out.resolve("metrics.csv")).size(), "only the new run's rows");
    }

    @Test
    void resumingIntoAFolderOfAnotherRunNeedsForce() throws IOException {
        Path a = runs.resolve("a");
        Path b = runs.resolve("b");
        train(new StringBuilder(), "--epochs", "1", "--out", a.toString(), "--test-limit", "8");
        train(new StringBuilder(), "--epochs", "1", "--out", b.toString(), "--test-limit", "8");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> train(new StringBuilder(),
                "--epochs", "2", "--resume", a.resolve("checkpoint-epoch-1.safetensors").toString(), "--out",
                b.toString()));
        assertTrue(e.getMessage().startsWith(b + " already holds another training run (checkpoint-epoch-1.optim"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; choose a new --out, or add --force to delete those files and start "
                + "over there"), e.getMessage());
    }

    @Test
    void imagesThatAreNotMnistsSizeAreRefusedInTermsOfImageSize() throws IOException {
        Path small = runs.resolve("small-images");
        Files.createDirectories(small);
        for (String split : List.of("train", "t10k")) {
            Files.write(small.resolve(split + "-images-idx3-ubyte"), IdxFiles.encode(new int[] {4, 20, 20},
                    new byte[4 * 20 * 20]));
            Files.write(small.resolve(split + "-labels-idx1-ubyte"), IdxFiles.encode(new int[] {4}, new byte[4]));
        }
        IOException e = assertThrows(IOException.class, () -> TrainMnist.run(TrainOptions.parse("--data",
                small.toString(), "--out", runs.resolve("x").toString()), new PrintStream(new ByteArrayOutputStream()),
                false));
        assertEquals("the training images in " + small + " are 20×20 pixels, but LeNet-5 takes MNIST's 28×28 images "
                + "(32×32 with its 2-pixel border)", e.getMessage());
    }

    @Test
    void aBatchLargerThanTheDataIsAllOfIt() throws IOException {
        StringBuilder log = new StringBuilder();
        TrainMnist.Result r = train(log, "--epochs", "2", "--batch-size", "3000000", "--out",
                runs.resolve("big").toString(), "--test-limit", "8");
        assertEquals(2, r.steps(), "one step per epoch");
        assertTrue(log.toString().contains("batch 128 (all of them; --batch-size 3000000)"), log.toString());
    }

    @Test
    void batchesThatCannotFitAreRefusedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepMemory.check(3_000_000, 3_000_000, 5_000_000, Device.CPU, 8L << 30));
        assertEquals("--batch-size 3000000 is too large: conv1's output would be a [3000000, 6, 28, 28] tensor of "
                + "14112000000 floats, more than the 2147483639 one tensor can hold; use --batch-size 456522 or less",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> StepMemory.check(1_000_000, 60_000, 60_000, Device.CPU, 4L << 30));
        assertEquals("--batch-size 1000000 (one batch of all 60000 training images) needs about 8.11 GiB of Java heap "
                + "for one training step on cpu, but Java may use at most 4.00 GiB; use --batch-size 29000 or less, or "
                + "give Java more memory with -Xmx (e.g. JDK_JAVA_OPTIONS=-Xmx11g scripts/train-mnist ...)",
                e.getMessage());
        StepMemory.check(64, 64, 60_000, Device.CPU, 256L << 20);
    }

    @Test
    void aNanInTheDataStopsTrainingAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path out = runs.resolve("nan");
        train(new StringBuilder(), "--epochs", "1", "--out", out.toString(), "--test-limit", "8");
        Path ckpt = out.resolve("checkpoint-epoch-1.safetensors");
        byte[] kept = Files.readAllBytes(ckpt);
        String metricsKept = Files.readString(out.resolve("metrics.csv"));

        int poisoned = 77;
        MnistDataset clean = MnistDataset.load(data, MnistDataset.Split.TRAIN).forLeNet();
        Dataset withNan = new Dataset() {
            @Override
            public int size() {
                return clean.size();
            }

            @Override
            public Shape sampleShape() {
                return clean.sampleShape();
            }

            @Override
            public int label(int i) {
                return clean.label(i);
            }

            @Override
            public void copySample(int i, float[] dst, int offset) {
                clean.copySample(i, dst, offset);
                if (i == poisoned) {
                    dst[offset + 500] = Float.NaN; // one pixel of one image
                }
            }
        };
        int[] order = DataLoader.builder(clean).batchSize(32).shuffle(0).build().order(1);
        int batch = 1 + java.util.stream.IntStream.range(0, order.length).filter(i -> order[i] == poisoned)
                .findFirst().orElseThrow() / 32;
        TrainOptions o = TrainOptions.parse("--epochs", "2", "--batch-size", "32", "--resume", ckpt.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainMnist.run(o, withNan,
                MnistDataset.load(data, MnistDataset.Split.TEST).forLeNet(), Device.CPU,
                new PrintStream(new ByteArrayOutputStream()), false));
        assertEquals("training stopped in epoch 2 at step " + (4 + batch) + " (batch " + batch + " of 4): the training "
                + "loss is NaN. The last good checkpoint, " + ckpt + ", is kept. A NaN or infinite loss comes from a "
                + "NaN or infinite value in the data or from too high a learning rate (--lr 0.01): check the data, or "
                + "resume with a smaller --lr", e.getMessage());
        assertArrayEquals(kept, Files.readAllBytes(ckpt));
        assertFalse(Files.exists(out.resolve("checkpoint-epoch-2.safetensors")));
        assertFalse(Files.readString(out.resolve("metrics.csv")).contains("NaN"));
        assertTrue(Files.readString(out.resolve("metrics.csv")).startsWith(metricsKept), "epoch 1's rows are kept");
    }

    @Test
    void aCheckpointThatCannotBeWrittenLeavesThePreviousOneAndNoTemporaryFiles() throws IOException {
        Path out = runs.resolve("full");
        train(new StringBuilder(), "--epochs", "1", "--out", out.toString(), "--test-limit", "8");
        Path ckpt = out.resolve("checkpoint-epoch-1.safetensors");
        byte[] kept = Files.readAllBytes(ckpt);
        byte[] keptOptim = Files.readAllBytes(out.resolve("checkpoint-epoch-1.optim.safetensors"));
        // A folder where epoch 2's model file goes makes its rename fail, as a full disk would make the write fail.
        Path blocker = out.resolve("checkpoint-epoch-2.safetensors");
        Files.createDirectories(blocker.resolve("in-the-way"));

        IOException e = assertThrows(IOException.class,
                () -> train(new StringBuilder(), "--epochs", "2", "--resume", ckpt.toString()));
        assertEquals("could not write " + blocker + ": Is a directory (" + blocker + " keeps its previous contents)",
                e.getMessage());
        assertArrayEquals(kept, Files.readAllBytes(ckpt));
        assertArrayEquals(keptOptim, Files.readAllBytes(out.resolve("checkpoint-epoch-1.optim.safetensors")));
        try (var files = Files.list(out)) {
            assertEquals(List.of("checkpoint-epoch-1.optim.safetensors", "checkpoint-epoch-1.safetensors",
                    "checkpoint-epoch-2.safetensors", "confusion.png", "images.png", "metrics.csv", "plot.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file, no lone optimizer file of epoch 2, no lock file");
        }
    }

    @Test
    void commandLineErrorsSayWhatIsWrong() {
        assertEquals("--epochs must be a whole number >= 1, got 0",
                assertThrows(TrainOptions.UsageException.class, () -> TrainOptions.parse("--epochs", "0")).getMessage());
        assertEquals("--optimizer must be one of sgd, adam, adamw, got \"rmsprop\"",
                assertThrows(TrainOptions.UsageException.class, () -> TrainOptions.parse("--optimizer", "rmsprop"))
                        .getMessage());
        assertEquals("unknown option --epoch",
                assertThrows(TrainOptions.UsageException.class, () -> TrainOptions.parse("--epoch", "2")).getMessage());
        assertEquals("--lr needs a value",
                assertThrows(TrainOptions.UsageException.class, () -> TrainOptions.parse("--lr")).getMessage());
        TrainOptions o = TrainOptions.parse("--optimizer=adam", "--seed", "5");
        assertEquals(0.001, o.lr());
        assertEquals(5, o.seed());
        assertEquals(0.01, TrainOptions.parse().lr());
        assertTrue(TrainOptions.parse("--force", "--epochs", "2").force(), "--force takes no value");
    }
}
