package dev.blitz.cli;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.data.Batch;
import dev.blitz.data.Cifar10Dataset;
import dev.blitz.data.ConfusionMatrix;
import dev.blitz.data.DataLoader;
import dev.blitz.data.Dataset;
import dev.blitz.data.Evaluation;
import dev.blitz.data.MnistDataset;
import dev.blitz.data.transforms.Compose;
import dev.blitz.data.transforms.Normalize;
import dev.blitz.data.transforms.ToTensor;
import dev.blitz.models.CifarNet;
import dev.blitz.models.CnnBn;
import dev.blitz.models.LeNet;
import dev.blitz.models.ResNet18;
import dev.blitz.nn.F;
import dev.blitz.nn.Module;
import dev.blitz.optim.Adam;
import dev.blitz.optim.AdamW;
import dev.blitz.optim.Optimizer;
import dev.blitz.optim.SGD;
import dev.blitz.optim.lr.LRScheduler;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;
import dev.blitz.viz.ConfusionMatrixPlot;
import dev.blitz.viz.ImageGrid;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a classifier with cross-entropy, LeNet-5 on MNIST by default ({@code --dataset mnist|fashion-mnist|cifar10
 * --model lenet|cifar-net|cnn-bn|resnet18 --scheduler none|step|multistep|cosine|onecycle}): progress per epoch,
 * test accuracy and learning rate after each, and in the output folder a checkpoint per epoch (model, optimizer and
 * scheduler state), {@code metrics.csv} and {@code plot.png}; at the end the accuracy for each class as the
 * classifier chapter prints it, {@code images.png} (the first test images, predicted and true classes) and
 * {@code confusion.png}. See {@link TrainOptions#USAGE}.
 */
public final class TrainMnist {
    private TrainMnist() {
    }

    /**
     * What a run achieved: the test evaluation after each epoch trained in this run, and where it wrote.
     *
     * @param evaluations the test score after each epoch trained by this run, in order
     * @param steps the optimisation steps taken in all, those of a resumed checkpoint included
     * @param out the folder holding the checkpoints, {@code metrics.csv} and {@code plot.png}
     */
    public record Result(List<Evaluation> evaluations, long steps, Path out) {
    }

    /** Fashion-MNIST's training-pixel mean and standard deviation (pixels scaled to [0, 1]), for normalising. */
    static final float FASHION_MEAN = 0.2860f;
    static final float FASHION_STD = 0.3530f;
    /** The chapter's CIFAR-10 normalisation, {@code Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))}: [0, 1] to [-1, 1]. */
    private static final double[] CIFAR_MEAN_STD = {0.5, 0.5, 0.5};
    /** How many of the first test images {@code images.png} shows. */
    static final int GRID_IMAGES = 16;

    /**
     * Runs the training from the command line. Exits with status 2 for bad options (printing the usage), 1 when
     * data, a checkpoint, memory or the training itself fails (printing why).
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        try {
            run(TrainOptions.parse(args), System.out, System.console() != null);
        } catch (TrainOptions.UsageException e) {
            if (e.getMessage() == null) {
                System.out.print(TrainOptions.USAGE);
                return;
            }
            System.err.println("error: " + e.getMessage());
            System.err.print(TrainOptions.USAGE);
            System.exit(2);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // Bad data, checkpoints or options: the message says what and where; other exceptions are bugs and
            // keep their stack trace.
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (OutOfMemoryError e) {
            // Tensor allocations say which op, how much and -Xmx; any other allocation says only "Java heap space".
            System.err.println("error: " + (e.getMessage() != null && e.getMessage().contains("-Xmx") ? e.getMessage()
                    : "out of Java heap (" + e.getMessage() + "); use a smaller --batch-size or give Java more memory "
                    + "with -Xmx (e.g. JDK_JAVA_OPTIONS=-Xmx8g scripts/train-mnist ...)"));
            System.exit(1);
        }
    }

    static Result run(TrainOptions o, PrintStream out, boolean terminal) throws IOException {
        Device device = switch (o.device()) {
            case "cpu" -> Device.CPU;
            case "cuda" -> Device.cuda();
            default -> Blitz.defaultDevice();
        };
        if (!Blitz.isAvailable(device)) {
            throw new IllegalStateException(device + " is not usable: " + Blitz.unavailableReason(device));
        }
        WarmUp.start(device);
        if (o.dataset().equals("cifar10")) {
            Cifar10Dataset train = Cifar10Dataset.load(o.data(), Cifar10Dataset.Split.TRAIN);
            Cifar10Dataset test = Cifar10Dataset.load(o.data(), Cifar10Dataset.Split.TEST);
            var toInput = Compose.of(new ToTensor(), new Normalize(CIFAR_MEAN_STD, CIFAR_MEAN_STD));
            train = o.trainLimit() > 0 && o.trainLimit() < train.size() ? train.subset(0, o.trainLimit()) : train;
            test = o.testLimit() > 0 && o.testLimit() < test.size() ? test.subset(0, o.testLimit()) : test;
            return run(o, train.transform(toInput), test.transform(toInput), test.classes(), device, out, terminal);
        }
        MnistDataset train = load(o, MnistDataset.Split.TRAIN);
        MnistDataset test = load(o, MnistDataset.Split.TEST);
        return run(o, limit(input(o, train), o.trainLimit()), limit(input(o, test), o.testLimit()), test.classes(),
                device, out, terminal);
    }

    /** Trains on {@code train} (the model's input samples), evaluating on {@code test} after each epoch. */
    static Result run(TrainOptions o, Dataset train, Dataset test, Device device, PrintStream out, boolean terminal)
            throws IOException {
        List<String> classes = switch (o.dataset()) {
            case "fashion-mnist" -> MnistDataset.FASHION_CLASSES;
            case "cifar10" -> Cifar10Dataset.CLASSES;
            default -> MnistDataset.DIGIT_CLASSES;
        };
        return run(o, train, test, classes, device, out, terminal);
    }

    private static Result run(TrainOptions o, Dataset train, Dataset test, List<String> classes, Device device,
                              PrintStream out, boolean terminal) throws IOException {
        // A batch larger than the data set is all of it, as in PyTorch; the loader need not hold more.
        int batchSize = Math.min(o.batchSize(), train.size());
        if (o.model().equals("lenet")) {
            // StepMemory's sizes are measured for LeNet-5; for the other models a too-large batch fails in the op.
            StepMemory.check(o.batchSize(), batchSize, train.size(), device, Runtime.getRuntime().maxMemory());
        }
        DataLoader trainLoader = DataLoader.builder(train).batchSize(batchSize).shuffle(o.seed()).device(device)
                .workers(o.workers()).build();
        // A test batch's activations all live until its scope closes: for 1000 images that is 60 MB for LeNet (a
        // quarter of the 250 MB the CPU run is held to) and over 1 GiB for CnnBn or ResNet-18.
        int testBatch = 250;
        DataLoader testLoader = DataLoader.builder(test).batchSize(testBatch).device(device).workers(o.workers())
                .build();

        Blitz.manualSeed(o.seed());
        Module net = switch (o.model()) {
            case "cifar-net" -> new CifarNet();
            case "cnn-bn" -> new CnnBn();
            case "resnet18" -> ResNet18.builder().numClasses(classes.size())
                    .inChannels(o.dataset().equals("cifar10") ? 3 : 1).build();
            default -> new LeNet();
        };
        net.to(device);
        Optimizer optimizer = switch (o.optimizer()) {
            case "adam" -> new Adam(net.parameters(), o.lr());
            case "adamw" -> new AdamW(net.parameters(), o.lr());
            default -> SGD.builder(net.parameters(), o.lr()).momentum(o.momentum()).build();
        };
        LrSchedule schedule = o.schedule();
        LRScheduler scheduler = schedule.build(optimizer, o.lr(), o.epochs(), trainLoader.numBatches());
        String scheduleText = schedule.describe(o.lr(), o.epochs(), trainLoader.numBatches());
        Map<String, String> options = new LinkedHashMap<>();
        options.put("dataset", o.dataset());
        options.put("model", o.model());
        options.put("optimizer", o.optimizer());
        options.put("lr", Double.toString(o.lr()));
        options.put("momentum", Double.toString(o.momentum()));
        options.put("lr_scheduler", scheduleText);
        options.put("batch_size", Integer.toString(o.batchSize()));
        options.put("seed", Long.toString(o.seed()));
        options.put("train_images", Integer.toString(train.size()));

        try (RunFolderLock lock = RunFolderLock.acquire(o.out())) {
            if (lock.takenFrom() != null) {
                out.println("note: " + lock.file() + " was left by pid " + lock.takenFrom()
                        + ", which ended without removing it; this run takes it over");
            }
            int startEpoch = 0;
            long step = 0;
            Path history = null;
            String runId = Checkpoint.newRunId();
            Checkpoint.Resumed resumed = null;
            if (o.resume() != null) {
                resumed = Checkpoint.load(o.resume(), net, optimizer, scheduler, options);
                // A resumed run continues the checkpoint's run (older checkpoints have no id: it starts a new one).
                runId = resumed.runId() != null ? resumed.runId() : runId;
                startEpoch = resumed.epoch();
                step = resumed.step();
                for (var e : options.entrySet()) {
                    // Checkpoints from before --dataset, --model and --scheduler are of LeNet-5 on MNIST, lr constant.
                    String was = resumed.metadata().getOrDefault(e.getKey(), Checkpoint.OLDER_DEFAULTS.get(e.getKey()));
                    if (!e.getValue().equals(was)) {
                        out.println("note: the checkpoint was trained with " + e.getKey() + "=" + was
                                + ", this run uses " + e.getValue() + " (the result will differ from an uninterrupted "
                                + "run)");
                    }
                }
            }
            RunFolder.claim(o.out(), resumed, o.resume(), o.force(), out);
            if (resumed != null) {
                Path sibling = o.resume().toAbsolutePath().resolveSibling("metrics.csv");
                history = Files.isRegularFile(o.out().resolve("metrics.csv")) ? o.out().resolve("metrics.csv")
                        : sibling;
                out.println("resumed from " + o.resume() + " after epoch " + startEpoch + " (step " + step + ")");
                if (scheduler != null && !resumed.scheduleRestored() && startEpoch < o.epochs()) {
                    // The checkpoint's learning rates belong to other options: this run's schedule takes over
                    // where it would be after startEpoch epochs (schedules depend on nothing but the step count).
                    long steps = schedule.perBatch() ? (long) startEpoch * trainLoader.numBatches() : startEpoch;
                    for (long i = 0; i < steps; i++) {
                        scheduler.step();
                    }
                    out.println("note: the learning rate follows this run's schedule, " + scheduleText
                            + ", from epoch " + (startEpoch + 1) + " on, at lr " + lrText(optimizer));
                }
            }
            out.printf(Locale.ROOT, "%s on %s: %d training / %d test images, device %s, %s lr=%s%s%s, batch %d%s, "
                            + "%d epochs, seed %d%n", title(o.model()), title(o.dataset()), train.size(), test.size(),
                    device, o.optimizer(), o.lr(), o.optimizer().equals("sgd") ? " momentum=" + o.momentum() : "",
                    scheduler == null ? "" : ", " + scheduleText, batchSize,
                    batchSize < o.batchSize() ? " (all of them; --batch-size " + o.batchSize() + ")" : "", o.epochs(),
                    o.seed());
            out.println("writing to " + o.out());

            List<Evaluation> evaluations = new ArrayList<>();
            Path lastGood = o.resume();
            try (MetricsLog log = new MetricsLog(o.out().resolve("metrics.csv"), history, startEpoch)) {
                for (int epoch = startEpoch; epoch < o.epochs(); epoch++) {
                    String label = "epoch " + (epoch + 1) + "/" + o.epochs();
                    ProgressBar bar = new ProgressBar(out, terminal, label, trainLoader.numSamples());
                    net.train();
                    int batchIndex = 0;
                    String firstLr = lrText(optimizer);
                    String lastLr = firstLr;
                    try (DataLoader.Epoch batches = trainLoader.epoch(epoch)) {
                        for (Batch batch : batches) {
                            try (batch) {
                                lastLr = lrText(optimizer);
                                float loss = trainStep(net, optimizer, batch);
                                step++;
                                batchIndex++;
                                if (!Float.isFinite(loss)) {
                                    throw diverged("the training loss is " + loss, epoch + 1, step, batchIndex,
                                            trainLoader.numBatches(), lastGood, o.lr());
                                }
                                if (scheduler != null && schedule.perBatch()) {
                                    scheduler.step();
                                }
                                log.step(epoch + 1, step, loss, lastLr);
                                bar.step(batch.size(), loss);
                            }
                        }
                    } catch (IOException | RuntimeException | Error e) {
                        bar.stopped();
                        throw e;
                    }
                    if (scheduler != null && !schedule.perBatch()) {
                        scheduler.step();
                    }
                    double seconds = bar.seconds();
                    net.eval();
                    Evaluation eval = Evaluation.of(net::forward, testLoader);
                    net.train();
                    if (eval.total() > 0 && !Double.isFinite(eval.loss())) {
                        // The training losses were finite but the parameters are not (an overflow in a gradient).
                        throw diverged("the test loss after it is " + eval.loss(), epoch + 1, step, batchIndex,
                                trainLoader.numBatches(), lastGood, o.lr());
                    }
                    evaluations.add(eval);
                    log.epoch(epoch + 1, step, eval.loss(), eval.accuracy());
                    options.put("test_accuracy", String.format(Locale.ROOT, "%.6f", eval.accuracy()));
                    Path saved = Checkpoint.save(o.out(), runId, epoch + 1, step, net, optimizer, scheduler, options);
                    lastGood = saved;
                    try {
                        plot(log, o.out().resolve("plot.png"));
                    } catch (IOException | LinkageError | java.awt.AWTError e) {
                        // A JRE without the font or imaging libraries (a minimal server) must not stop training.
                        out.println("plot.png not written (" + e + "); metrics.csv has the same data");
                    }
                    out.printf(Locale.ROOT, "%s: test accuracy %.2f%% (%d/%d), test loss %.4f, train loss %.4f, "
                                    + "lr %s, %.1f s (%.0f img/s; a step: median %.1f ms, mean %.1f ms), peak RSS %s; "
                                    + "saved %s%n", label,
                            100 * eval.accuracy(), eval.correct(), eval.total(), eval.loss(), bar.meanLoss(),
                            firstLr.equals(lastLr) ? lastLr : firstLr + "→" + lastLr, seconds,
                            trainLoader.numSamples() / seconds, bar.stepMedianMillis(), bar.stepMeanMillis(),
                            ProcessMemory.peakResident(), saved.getFileName());
                }
            }
            if (startEpoch >= o.epochs()) {
                out.println("the checkpoint already has " + startEpoch + " epochs; nothing to train (raise --epochs)");
            } else if (test.size() > 0) {
                report(net, test, testLoader, classes, normalization(o), device, o.out(), out);
            }
            return new Result(evaluations, step, o.out());
        }
    }

    /**
     * The chapter's last step on the trained model: the overall and per-class test accuracy, printed as the chapter
     * prints them ({@code Accuracy for class: T-shirt/top is 84.3 %}), {@code confusion.png}, and
     * {@code images.png} with the first test images, each with its predicted and true class.
     */
    private static void report(Module net, Dataset test, DataLoader testLoader, List<String> classes,
                               double[][] meanStd, Device device, Path dir, PrintStream out) {
        net.eval();
        ConfusionMatrix matrix = ConfusionMatrix.of(net::forward, testLoader, classes);
        out.printf(Locale.ROOT, "Accuracy of the network on the %d test images: %d %%%n", matrix.total(),
                100 * matrix.correct() / matrix.total());
        for (int c = 0; c < classes.size(); c++) {
            if (matrix.support(c) > 0) {
                out.printf(Locale.ROOT, "Accuracy for class: %-5s is %.1f %%%n", classes.get(c),
                        100 * matrix.classAccuracy(c));
            }
        }
        try {
            ConfusionMatrixPlot.write(dir.resolve("confusion.png"), matrix);
            DataLoader first = DataLoader.builder(test).batchSize(Math.min(GRID_IMAGES, test.size())).device(device)
                    .build();
            try (var noGrad = GradMode.noGrad(); DataLoader.Epoch batches = first.epoch(0);
                 Batch batch = batches.next(); var temporaries = MemoryScope.open()) {
                ImageGrid.of(batch).predictions(net.forward(batch.images())).classes(classes)
                        .unnormalize(meanStd[0], meanStd[1]).write(dir.resolve("images.png"));
            }
        } catch (IOException | LinkageError | java.awt.AWTError e) {
            out.println("images.png and confusion.png not written (" + e + ")");
        }
        net.train();
    }

    /** The per-channel mean and standard deviation the model's input was normalised with. */
    private static double[][] normalization(TrainOptions o) {
        return switch (o.dataset()) {
            case "cifar10" -> new double[][] {CIFAR_MEAN_STD, CIFAR_MEAN_STD};
            case "fashion-mnist" -> new double[][] {{FASHION_MEAN}, {FASHION_STD}};
            default -> new double[][] {{MnistDataset.MEAN}, {MnistDataset.STD}};
        };
    }

    /** MNIST or Fashion-MNIST as the model takes it: normalised, and for LeNet-5 padded to 32×32 (torchvision's Pad(2)). */
    private static MnistDataset input(TrainOptions o, MnistDataset d) {
        MnistDataset normalized = o.dataset().equals("fashion-mnist") ? d.normalize(FASHION_MEAN, FASHION_STD)
                : d.normalize(MnistDataset.MEAN, MnistDataset.STD);
        return o.model().equals("lenet") ? normalized.pad(2) : normalized;
    }

    private static String title(String name) {
        return switch (name) {
            case "mnist" -> "MNIST";
            case "fashion-mnist" -> "Fashion-MNIST";
            case "cifar10" -> "CIFAR-10";
            case "lenet" -> "LeNet-5";
            case "cifar-net" -> "CifarNet";
            case "cnn-bn" -> "CnnBn";
            case "resnet18" -> "ResNet-18";
            default -> name;
        };
    }

    /** Loads a split and checks its images are the 28×28 the models are built for (LeNet's fc1 takes 16×5×5). */
    private static MnistDataset load(TrainOptions o, MnistDataset.Split split) throws IOException {
        MnistDataset d = o.dataset().equals("fashion-mnist") ? MnistDataset.loadFashion(o.data(), split)
                : MnistDataset.load(o.data(), split);
        int[] dims = d.sampleShape().dims();
        if (dims[1] != 28 || dims[2] != 28) {
            throw new IOException("the " + (split == MnistDataset.Split.TRAIN ? "training" : "test") + " images in "
                    + o.data() + " are " + dims[1] + "×" + dims[2] + " pixels, but " + title(o.model()) + " takes "
                    + title(o.dataset()) + "'s 28×28 images" + (o.model().equals("lenet")
                    ? " (32×32 with its 2-pixel border)" : ""));
        }
        return d;
    }

    /** Why training stopped, where, and what is kept: the run ends rather than train on, and save, NaN parameters. */
    private static IllegalStateException diverged(String what, int epoch, long step, int batch, int batches,
                                                  Path lastGood, double lr) {
        return new IllegalStateException(String.format(Locale.ROOT, "training stopped in epoch %d at step %d (batch "
                        + "%d of %d): %s. %s A NaN or infinite loss comes from a NaN or infinite value in the data or "
                        + "from too high a learning rate (--lr %s): check the data, or resume with a smaller --lr",
                epoch, step, batch, batches, what, lastGood == null ? "No checkpoint had been saved yet."
                        : "The last good checkpoint, " + lastGood + ", is kept.", lr));
    }

    /** The learning rate of the next step as the update uses it, a float32: "0.01", not 0.009999999776482582. */
    private static String lrText(Optimizer optimizer) {
        return Float.toString((float) optimizer.paramGroups().get(0).lr());
    }

    private static MnistDataset limit(MnistDataset d, int n) {
        return n > 0 && n < d.size() ? d.subset(0, n) : d;
    }

    /**
     * One optimisation step on {@code batch}; returns its mean cross-entropy. A NaN or infinite loss is returned
     * without the update, which would spread it into every parameter.
     */
    static float trainStep(Module net, Optimizer optimizer, Batch batch) {
        optimizer.zeroGrad();
        try (var temporaries = MemoryScope.open()) {
            Tensor loss = F.crossEntropy(net.forward(batch.images()), batch.labels());
            loss.backward();
            float value = loss.item();
            if (Float.isFinite(value)) {
                optimizer.step();
            }
            return value;
        }
    }

    private static void plot(MetricsLog log, Path file) throws IOException {
        List<MetricsLog.Point> losses = log.losses();
        double[] steps = new double[losses.size()];
        double[] loss = new double[losses.size()];
        double[] smooth = new double[losses.size()];
        double avg = 0;
        for (int i = 0; i < losses.size(); i++) {
            steps[i] = losses.get(i).x();
            loss[i] = losses.get(i).y();
            avg = i == 0 ? loss[i] : 0.98 * avg + 0.02 * loss[i];
            smooth[i] = avg;
        }
        List<MetricsLog.Point> acc = log.accuracies();
        double[] epochs = new double[acc.size()];
        double[] percent = new double[acc.size()];
        for (int i = 0; i < acc.size(); i++) {
            epochs[i] = acc.get(i).x();
            percent[i] = 100 * acc.get(i).y();
        }
        LinePlot.writePng(file, 640, 420,
                new LinePlot("Training loss", "step", "cross-entropy")
                        .series("per step", steps, loss, new Color(150, 180, 230), false)
                        .series("moving average", steps, smooth, new Color(20, 60, 160), false),
                new LinePlot("Test accuracy", "epoch", "accuracy (%)")
                        .series("test set", epochs, percent, new Color(200, 60, 30), true));
    }
}
