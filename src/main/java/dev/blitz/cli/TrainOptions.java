package dev.blitz.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@link TrainMnist}, parsed and checked. */
record TrainOptions(String dataset, String model, int epochs, int batchSize, double lr, double momentum,
                    String optimizer, LrSchedule schedule, String device, long seed, Path data, Path out, Path resume,
                    boolean force, int trainLimit, int testLimit, int workers) {
    /** The {@code --dataset} values. */
    static final List<String> DATASETS = List.of("mnist", "fashion-mnist", "cifar10");
    /** The {@code --model} values. */
    static final List<String> MODELS = List.of("lenet", "cifar-net", "cnn-bn", "resnet18");

    static final String USAGE = """
            Usage: scripts/train [options]      (or: scripts/train-mnist [options], java -jar blitz.jar [options])
            Trains a classifier (LeNet-5 on MNIST by default), printing progress and test accuracy after every
            epoch, and at the end the accuracy for each class.
              --dataset NAME        mnist | fashion-mnist | cifar10 (default mnist)
              --model NAME          lenet | cifar-net | cnn-bn | resnet18 (default lenet for mnist, cnn-bn for
                                    fashion-mnist, cifar-net for cifar10); lenet and cnn-bn take the 1-channel
                                    MNIST images, cifar-net CIFAR-10's 3-channel ones, resnet18 (torchvision's
                                    ResNet-18, 10 classes) either: its first convolution takes 1 or 3 channels
              --epochs N            epochs to train, counting those in a resumed checkpoint (default 3)
              --batch-size N        images per step (default 64)
              --lr X                learning rate (default 0.01 for sgd, 0.001 for adam/adamw)
              --momentum X          SGD momentum (default 0.9)
              --optimizer NAME      sgd | adam | adamw (default sgd)
              --scheduler NAME      the learning-rate schedule (default none: --lr throughout):
                                      step       StepLR: times --gamma every --step-size epochs (default 1 and
                                                 0.7, PyTorch's MNIST example; --step-size 1 is ExponentialLR)
                                      multistep  MultiStepLR: times --gamma (default 0.1) at each of --milestones
                                      cosine     CosineAnnealingLR: from --lr to 0 over the epochs after the
                                                 warm-up (T_max = --epochs - --warmup-epochs)
                                      onecycle   OneCycleLR, stepped every batch: up from --lr/25 to --lr over the
                                                 first 30% of the run's steps, then down to --lr/250000; it
                                                 cycles SGD's momentum (Adam's beta1) between 0.95 and 0.85 in
                                                 place of --momentum
                                    the others step after every epoch
              --step-size N         step: epochs between decays (default 1)
              --gamma X             step, multistep: the decay factor (default 0.7 for step, 0.1 for multistep)
              --milestones N,N,...  multistep: the epochs at which the learning rate decays, e.g. 5,8
              --warmup-epochs N     a linear warm-up from --lr/3 to --lr over the first N epochs (LinearLR,
                                    then the schedule through SequentialLR; step sizes and milestones count from
                                    its end); not with onecycle, which warms up itself (default 0)
              --device NAME         auto | cpu | cuda (default auto: CUDA when usable, else the CPU)
              --seed N              seeds parameter init and the shuffling (default 0)
              --data DIR            the data set's folder: the four IDX files, raw or .gz, for mnist and
                                    fashion-mnist; the binary batch files for cifar10 (default data/DATASET:
                                    data/mnist, data/fashion-mnist, data/cifar10)
              --out DIR             where checkpoints, metrics.csv, plot.png, images.png and confusion.png go
                                    (default runs/DATASET-DATE-TIME; with --resume, the checkpoint's folder)
              --resume FILE         continue from a checkpoint-epoch-N.safetensors (model, optimizer and
                                    scheduler state; with other options than the checkpoint's, those options
                                    apply from there on, the schedule at the epoch it has reached)
              --force               start in an --out folder that holds another run, deleting its checkpoints,
                                    metrics.csv and plot.png (without it, such a folder is refused)
              --train-limit N       train on the first N training images only (quick runs)
              --test-limit N        evaluate on the first N test images only
              --workers N           threads preparing batches (default 1)
              --help                this text
            """;

    static TrainOptions parse(String... args) {
        String dataset = "mnist";
        String model = null;
        int workers = 1;
        int epochs = 3;
        int batchSize = 64;
        Double lr = null;
        double momentum = 0.9;
        String optimizer = "sgd";
        String device = "auto";
        long seed = 0;
        Path data = null;
        Path out = null;
        Path resume = null;
        boolean force = false;
        int trainLimit = 0;
        int testLimit = 0;
        String scheduler = "none";
        Integer stepSize = null;
        Double gamma = null;
        List<Integer> milestones = null;
        int warmupEpochs = 0;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new UsageException(null);
            }
            if (flag.equals("--force")) {
                force = true;
                continue;
            }
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(flag + " needs a value");
            }
            switch (flag) {
                case "--dataset" -> dataset = known(flag, value, DATASETS);
                case "--model" -> model = known(flag, value, MODELS);
                case "--workers" -> workers = positiveInt(flag, value);
                case "--epochs" -> epochs = positiveInt(flag, value);
                case "--batch-size" -> batchSize = positiveInt(flag, value);
                case "--lr" -> lr = number(flag, value, false);
                case "--momentum" -> momentum = number(flag, value, true);
                case "--optimizer" -> optimizer = oneOf(flag, value, "sgd", "adam", "adamw");
                case "--scheduler" -> scheduler = known(flag, value, LrSchedule.NAMES);
                case "--step-size" -> stepSize = positiveInt(flag, value);
                case "--gamma" -> gamma = number(flag, value, false);
                case "--milestones" -> milestones = milestones(flag, value);
                case "--warmup-epochs" -> warmupEpochs = (int) Math.min(Integer.MAX_VALUE, wholeNumber(flag, value));
                case "--device" -> device = oneOf(flag, value, "auto", "cpu", "cuda");
                case "--seed" -> seed = longValue(flag, value);
                case "--data" -> data = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--resume" -> resume = Path.of(value);
                case "--train-limit" -> trainLimit = positiveInt(flag, value);
                case "--test-limit" -> testLimit = positiveInt(flag, value);
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        if (model == null) {
            model = switch (dataset) {
                case "fashion-mnist" -> "cnn-bn";
                case "cifar10" -> "cifar-net";
                default -> "lenet";
            };
        }
        boolean colour = dataset.equals("cifar10");
        // resnet18 takes either: its first convolution is built for the data set's channels.
        if (!model.equals("resnet18") && colour != model.equals("cifar-net")) {
            throw new UsageException("--model " + model + " takes " + (colour ? "1-channel 28×28 images (mnist, "
                    + "fashion-mnist), not cifar10's 3-channel 32×32 ones; use --model cifar-net, LeNet-5 with 3 "
                    + "input channels, or resnet18" : "cifar10's 3-channel 32×32 images, not " + dataset + "'s grey "
                    + "28×28 ones; use --model lenet, cnn-bn or resnet18"));
        }
        LrSchedule schedule = schedule(scheduler, stepSize, gamma, milestones, warmupEpochs, epochs);
        if (data == null) {
            data = Path.of("data", dataset);
        }
        if (lr == null) {
            lr = optimizer.equals("sgd") ? 0.01 : 0.001;
        }
        if (out == null) {
            out = resume != null ? resume.toAbsolutePath().getParent()
                    : Path.of("runs", dataset + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return new TrainOptions(dataset, model, epochs, batchSize, lr, momentum, optimizer, schedule, device, seed,
                data, out, resume, force, trainLimit, testLimit, workers);
    }

    /** The schedule, each of its options checked to belong to the scheduler chosen and to fit the run. */
    private static LrSchedule schedule(String name, Integer stepSize, Double gamma, List<Integer> milestones,
                                       int warmupEpochs, int epochs) {
        if (stepSize != null && !name.equals("step")) {
            throw new UsageException("--step-size applies to --scheduler step, not " + name);
        }
        if (gamma != null && !name.equals("step") && !name.equals("multistep")) {
            throw new UsageException("--gamma applies to --scheduler step or multistep, not " + name);
        }
        if (milestones != null && !name.equals("multistep")) {
            throw new UsageException("--milestones applies to --scheduler multistep, not " + name);
        }
        if (name.equals("multistep") && milestones == null) {
            throw new UsageException("--scheduler multistep needs --milestones, the epochs at which the learning rate "
                    + "is multiplied by --gamma, e.g. --milestones 5,8");
        }
        if (warmupEpochs > 0 && name.equals("onecycle")) {
            throw new UsageException("--warmup-epochs does not apply to --scheduler onecycle, which warms up over the "
                    + "first 30% of its steps itself; use --scheduler none, step, multistep or cosine with it");
        }
        if (name.equals("cosine") && warmupEpochs >= epochs) {
            throw new UsageException("--warmup-epochs " + warmupEpochs + " leaves none of the " + epochs + " epochs "
                    + "(--epochs) for --scheduler cosine; use fewer warm-up epochs or more epochs");
        }
        return switch (name) {
            case "step" -> new LrSchedule(name, stepSize != null ? stepSize : LrSchedule.STEP_SIZE,
                    gamma != null ? gamma : LrSchedule.STEP_GAMMA, List.of(), warmupEpochs);
            case "multistep" -> new LrSchedule(name, 0, gamma != null ? gamma : LrSchedule.MULTISTEP_GAMMA,
                    milestones, warmupEpochs);
            default -> new LrSchedule(name, 0, 0, List.of(), warmupEpochs);
        };
    }

    /** Increasing whole numbers >= 1, comma-separated: "5,8". */
    private static List<Integer> milestones(String flag, String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            long v;
            try {
                v = Long.parseLong(part.strip());
            } catch (NumberFormatException e) {
                v = 0;
            }
            if (v < 1 || v > Integer.MAX_VALUE || !out.isEmpty() && v <= out.get(out.size() - 1)) {
                throw new UsageException(flag + " expects increasing whole numbers >= 1 separated by commas, e.g. "
                        + "5,8; got \"" + value + "\"");
            }
            out.add((int) v);
        }
        return out;
    }

    private static long wholeNumber(String flag, String value) {
        long v = longValue(flag, value);
        if (v < 0) {
            throw new UsageException(flag + " must be a whole number >= 0, got " + value);
        }
        return v;
    }

    private static int positiveInt(String flag, String value) {
        long v = longValue(flag, value);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new UsageException(flag + " must be a whole number >= 1, got " + value);
        }
        return (int) v;
    }

    private static long longValue(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects a whole number, got \"" + value + "\"");
        }
    }

    /**
     * A number as typed, in float64 as PyTorch's Python floats (schedulers compute with it); it must also be finite
     * as the float32 the updates use.
     */
    private static double number(String flag, String value, boolean zeroAllowed) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects a number, got \"" + value + "\"");
        }
        if (!Float.isFinite((float) v) || v < 0 || (!zeroAllowed && v == 0)) {
            throw new UsageException(flag + " must be a finite number " + (zeroAllowed ? ">= 0" : "> 0") + ", got "
                    + value);
        }
        return v;
    }

    /** A name from a longer list, PyTorch-style: "unknown --model 'vgg'; expected one of lenet, cifar-net, cnn-bn". */
    private static String known(String flag, String value, List<String> names) {
        if (!names.contains(value)) {
            throw new UsageException("unknown " + flag + " '" + value + "'; expected one of " + String.join(", ", names));
        }
        return value;
    }

    private static String oneOf(String flag, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw new UsageException(flag + " must be one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
    }

    /** A bad command line (message says what), or a request for help (null message). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
