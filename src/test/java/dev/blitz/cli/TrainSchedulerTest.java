package dev.blitz.cli;

import dev.blitz.data.IdxFiles;
import dev.blitz.io.SafeTensors;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --scheduler}: the learning rates each schedule gives, and {@code --resume} continuing them exactly. */
class TrainSchedulerTest {
    /** 128 training images in batches of 32: 4 steps per epoch. */
    private static final int BATCHES = 4;
    /** {@code --lr 0.01}: the float64 0.01, as PyTorch's {@code lr=0.01}. */
    private static final double LR = 0.01;

    @TempDir
    static Path data;
    @TempDir
    Path runs;

    @BeforeAll
    static void writeData() throws IOException {
        IdxFiles.syntheticMnist(data, 128, 16, 5);
    }

    private static String train(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--data", data.toString(), "--batch-size", "32", "--lr", "0.01"));
        all.addAll(List.of(args));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainMnist.run(TrainOptions.parse(all.toArray(String[]::new)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String[] args(String options, String... more) {
        return Stream.concat(Stream.of(options.split(" ")), Stream.of(more)).toArray(String[]::new);
    }

    /** The lr column of the step rows of a metrics.csv, in step order; NaN where it is empty (an older log's). */
    private static List<Double> stepLrs(Path metrics) throws IOException {
        List<Double> lrs = new ArrayList<>();
        for (String line : Files.readAllLines(metrics).subList(1, Files.readAllLines(metrics).size())) {
            String[] f = line.split(",", -1);
            if (!f[2].isEmpty()) {
                lrs.add(f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]));
            }
        }
        return lrs;
    }

    /** PyTorch's OneCycleLR defaults, from its documented formula: cosine phases over 3 epochs of 4 steps. */
    private static double oneCycle(int step) {
        int total = 3 * BATCHES;
        double initial = LR / 25;
        double min = initial / 1e4;
        double rise = 0.3 * total - 1;
        double start = step <= rise ? initial : LR;
        double end = step <= rise ? LR : min;
        double pct = step <= rise ? step / rise : (step - rise) / (total - 1 - rise);
        return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    }

    /**
     * Each schedule over 3 epochs with its learning rate per step (0-based), from PyTorch's documented formulas in
     * float64: the expected values, which the run's float32 learning rates must round.
     */
    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of("--scheduler step --gamma 0.5",
                        (IntToDoubleFunction) s -> LR * Math.pow(0.5, s / BATCHES)),
                Arguments.of("--scheduler multistep --milestones 1,2 --gamma 0.3",
                        (IntToDoubleFunction) s -> LR * Math.pow(0.3, s / BATCHES)),
                // LinearLR(1/3) for epoch 0, then CosineAnnealingLR(T_max=2) from its epoch 0.
                Arguments.of("--scheduler cosine --warmup-epochs 1",
                        (IntToDoubleFunction) s -> s / BATCHES == 0 ? LR / 3
                                : LR * (1 + Math.cos(Math.PI * (s / BATCHES - 1) / 2)) / 2),
                // LinearLR from 1/3 to 1 over 2 epochs, then constant.
                Arguments.of("--scheduler none --warmup-epochs 2 --optimizer adamw",
                        (IntToDoubleFunction) s -> LR * (1.0 / 3 + (2.0 / 3) * Math.min(2, s / BATCHES) / 2)),
                Arguments.of("--scheduler onecycle", (IntToDoubleFunction) TrainSchedulerTest::oneCycle),
                Arguments.of("--scheduler onecycle --optimizer adam",
                        (IntToDoubleFunction) TrainSchedulerTest::oneCycle));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void aResumedRunHasTheUninterruptedRunsLearningRatesAndParameters(String schedule, IntToDoubleFunction expected)
            throws IOException {
        Path whole = runs.resolve("whole");
        train(args(schedule, "--epochs", "3", "--out", whole.toString()));
        List<Double> lrs = stepLrs(whole.resolve("metrics.csv"));
        assertEquals(3 * BATCHES, lrs.size());
        for (int s = 0; s < lrs.size(); s++) {
            double want = (float) expected.applyAsDouble(s);
            assertEquals(want, lrs.get(s), 1e-6 * want, "the learning rate of step " + (s + 1) + " in " + lrs);
        }

        // A run stopped after epoch 1 leaves its checkpoint and log; the resumed run continues from them.
        Path split = runs.resolve("split");
        Files.createDirectories(split);
        Path model = Checkpoint.modelFile(whole, 1);
        for (Path file : List.of(model, Checkpoint.optimizerFile(model), whole.resolve("metrics.csv"))) {
            Files.copy(file, split.resolve(file.getFileName()));
        }
        String log = train(args(schedule, "--epochs", "3", "--resume",
                split.resolve(model.getFileName()).toString()));
        assertFalse(log.contains("note:"), "the same options: nothing to note\n" + log);

        TrainMnistTest.assertSameCheckpoints(whole, split, 2);
        TrainMnistTest.assertSameCheckpoints(whole, split, 3);
        assertEquals(Files.readString(whole.resolve("metrics.csv")), Files.readString(split.resolve("metrics.csv")),
                "the same loss and learning rate at every step");
    }

    @Test
    void theSchedulersStateIsSavedExactlyBesideTheOptimizers() throws IOException {
        Path out = runs.resolve("state");
        String log = train("--scheduler", "step", "--epochs", "2", "--out", out.toString());
        assertTrue(log.contains("sgd lr=0.01 momentum=0.9, StepLR(step_size=1, gamma=0.7), batch 32"), log);
        assertTrue(log.contains("epoch 1/2: test accuracy") && log.contains(", lr 0.01, "), log);
        assertTrue(log.contains("epoch 2/2: test accuracy") && log.contains(", lr 0.007, "), log);

        SafeTensors.Contents c = SafeTensors.load(Checkpoint.optimizerFile(Checkpoint.modelFile(out, 2)));
        assertEquals("StepLR(step_size=1, gamma=0.7)", c.metadata().get("lr_scheduler"));
        Map<String, Tensor> t = c.tensors();
        // After two epochs' steps: lr = 0.01 * 0.7 * 0.7 in float64, as PyTorch's StepLR gives it.
        double lr = LR * 0.7 * 0.7;
        assertEquals(lr, t.get("param_groups.0.lr").toDoubleArray()[0]);
        assertEquals(LR, t.get("param_groups.0.initial_lr").toDoubleArray()[0]);
        assertEquals(lr, t.get("lr_scheduler._last_lr").toDoubleArray()[0]);
        assertEquals(2, t.get("lr_scheduler.last_epoch").toLongArray()[0]);
        assertEquals(0.7, t.get("lr_scheduler.gamma").toDoubleArray()[0]);
        assertEquals(1, t.get("lr_scheduler.step_size").toLongArray()[0]);
    }

    /** Rewrites a checkpoint as Blitz wrote them before schedulers: per-parameter optimizer state only. */
    private static void makeOld(Path model) throws IOException {
        for (Path file : List.of(model, Checkpoint.optimizerFile(model))) {
            SafeTensors.Contents c = SafeTensors.load(file);
            Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
            tensors.keySet().removeIf(k -> k.startsWith("param_groups.") || k.startsWith("lr_scheduler."));
            Map<String, String> meta = new LinkedHashMap<>(c.metadata());
            meta.remove("lr_scheduler");
            SafeTensors.save(tensors, meta, file);
        }
        Path metrics = model.resolveSibling("metrics.csv");
        List<String> old = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            old.add(line.substring(0, line.lastIndexOf(',')));
        }
        Files.write(metrics, old);
    }

    @Test
    void checkpointsFromBeforeSchedulersStillResume() throws IOException {
        Path whole = runs.resolve("whole");
        train("--epochs", "2", "--out", whole.toString());
        Path old = runs.resolve("old");
        Files.createDirectories(old);
        Path model = Checkpoint.modelFile(whole, 1);
        for (Path file : List.of(model, Checkpoint.optimizerFile(model), whole.resolve("metrics.csv"))) {
            Files.copy(file, old.resolve(file.getFileName()));
        }
        makeOld(old.resolve(model.getFileName()));
        Path other = Files.createDirectories(runs.resolve("old-then-step"));
        try (var files = Files.list(old)) {
            for (Path f : files.toList()) {
                Files.copy(f, other.resolve(f.getFileName()));
            }
        }

        String log = train("--epochs", "2", "--resume", old.resolve(model.getFileName()).toString());
        assertFalse(log.contains("note:"), log);
        TrainMnistTest.assertSameCheckpoints(whole, old, 2);
        List<String> csv = Files.readAllLines(old.resolve("metrics.csv"));
        assertEquals(MetricsLog.HEADER, csv.get(0));
        assertEquals("1,1", csv.get(1).substring(0, 3));
        assertTrue(csv.get(1).endsWith(",,,"), "epoch 1's rows, from the old log, have no learning rate: " + csv);
        List<String> wholeCsv = Files.readAllLines(whole.resolve("metrics.csv"));
        assertEquals(wholeCsv.subList(1 + BATCHES + 1, wholeCsv.size()), csv.subList(1 + BATCHES + 1, csv.size()),
                "epoch 2's rows");

        // With a schedule the old run did not have, the schedule starts where it would be after epoch 1.
        log = train("--epochs", "2", "--scheduler", "step", "--gamma", "0.5", "--resume",
                other.resolve(model.getFileName()).toString());
        assertTrue(log.contains("note: the checkpoint was trained with lr_scheduler=none, this run uses "
                + "StepLR(step_size=1, gamma=0.5)"), log);
        assertTrue(log.contains("note: the learning rate follows this run's schedule, StepLR(step_size=1, gamma=0.5), "
                + "from epoch 2 on, at lr 0.005"), log);
        assertEquals(List.of(0.005, 0.005, 0.005, 0.005), stepLrs(other.resolve("metrics.csv")).subList(BATCHES,
                2 * BATCHES));
    }

    @Test
    void moreEpochsForACosineRunPutItsLearningRateOnTheLongerCurve() throws IOException {
        Path out = runs.resolve("cosine");
        train("--scheduler", "cosine", "--epochs", "2", "--out", out.toString());
        String log = train("--scheduler", "cosine", "--epochs", "4", "--resume",
                Checkpoint.modelFile(out, 2).toString());
        assertTrue(log.contains("note: the checkpoint was trained with lr_scheduler=CosineAnnealingLR(T_max=2), this "
                + "run uses CosineAnnealingLR(T_max=4)"), log);
        // CosineAnnealingLR(T_max=4) at epoch 2: lr * (1 + cos(pi * 2 / 4)) / 2.
        assertTrue(log.contains("from epoch 3 on, at lr 0.005"), log);
        List<Double> lrs = stepLrs(out.resolve("metrics.csv"));
        assertEquals(4 * BATCHES, lrs.size());
        double epoch4 = (float) (LR * (1 + Math.cos(Math.PI * 3 / 4)) / 2);
        assertEquals(epoch4, lrs.get(3 * BATCHES), 1e-6 * epoch4);
    }

    private static String usageError(String... args) {
        return assertThrows(TrainOptions.UsageException.class, () -> TrainOptions.parse(args)).getMessage();
    }

    @Test
    void badSchedulerOptionsNameTheOptionAndWhatIsValid() {
        assertEquals("unknown --scheduler 'linear'; expected one of none, step, multistep, cosine, onecycle",
                usageError("--scheduler", "linear"));
        assertEquals("--gamma applies to --scheduler step or multistep, not cosine",
                usageError("--scheduler", "cosine", "--gamma", "0.5"));
        assertEquals("--gamma applies to --scheduler step or multistep, not none", usageError("--gamma", "0.5"));
        assertEquals("--step-size applies to --scheduler step, not multistep",
                usageError("--scheduler", "multistep", "--milestones", "2", "--step-size", "2"));
        assertEquals("--milestones applies to --scheduler multistep, not step",
                usageError("--scheduler", "step", "--milestones", "2"));
        assertEquals("--scheduler multistep needs --milestones, the epochs at which the learning rate is multiplied "
                + "by --gamma, e.g. --milestones 5,8", usageError("--scheduler", "multistep"));
        assertEquals("--milestones expects increasing whole numbers >= 1 separated by commas, e.g. 5,8; got \"8,5\"",
                usageError("--scheduler", "multistep", "--milestones", "8,5"));
        assertEquals("--milestones expects increasing whole numbers >= 1 separated by commas, e.g. 5,8; got \"5;8\"",
                usageError("--scheduler", "multistep", "--milestones", "5;8"));
        assertEquals("--gamma must be a finite number > 0, got 0",
                usageError("--scheduler", "step", "--gamma", "0"));
        assertEquals("--step-size must be a whole number >= 1, got 0",
                usageError("--scheduler", "step", "--step-size", "0"));
        assertEquals("--warmup-epochs must be a whole number >= 0, got -1", usageError("--warmup-epochs", "-1"));
        assertEquals("--warmup-epochs does not apply to --scheduler onecycle, which warms up over the first 30% of its "
                + "steps itself; use --scheduler none, step, multistep or cosine with it",
                usageError("--scheduler", "onecycle", "--warmup-epochs", "1"));
        assertEquals("--warmup-epochs 3 leaves none of the 3 epochs (--epochs) for --scheduler cosine; use fewer "
                + "warm-up epochs or more epochs", usageError("--scheduler", "cosine", "--warmup-epochs", "3"));
    }

    @Test
    void eachSchedulerHasItsDefaults() {
        assertEquals(LrSchedule.NONE, TrainOptions.parse().schedule());
        assertEquals(new LrSchedule("step", 1, 0.7, List.of(), 0),
                TrainOptions.parse("--scheduler", "step").schedule());
        assertEquals(new LrSchedule("multistep", 0, 0.1, List.of(5, 8), 2),
                TrainOptions.parse("--scheduler", "multistep", "--milestones", "5,8", "--warmup-epochs", "2")
                        .schedule());
        // --gamma keeps every digit typed: schedulers compute in float64.
        assertEquals(0.95, TrainOptions.parse("--scheduler", "step", "--gamma", "0.95").schedule().gamma());
        assertEquals("SequentialLR(LinearLR(start_factor=1/3, total_iters=1), CosineAnnealingLR(T_max=4), "
                + "milestones=[1])", TrainOptions.parse("--scheduler", "cosine", "--warmup-epochs", "1", "--epochs",
                "5").schedule().describe(0.01, 5, 10));
        assertEquals("OneCycleLR(max_lr=0.01, total_steps=50)",
                TrainOptions.parse("--scheduler", "onecycle").schedule().describe(0.01, 5, 10));
    }
}
