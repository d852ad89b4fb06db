package dev.blitz.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The command line of {@link TrainMnist}, parsed and checked. */
record TrainOptions(String dataset, String model, int epochs, int batchSize, float lr, float momentum,
                    String optimizer, String device, long seed, Path data, Path out, Path resume, boolean force,
                    int trainLimit, int testLimit, int workers) {
    /** The {@code --dataset} values. */
    static final List<String> DATASETS = List.of("mnist", "fashion-mnist", "cifar10");
    /** The {@code --model} values. */
    static final List<String> MODELS = List.of("lenet", "cifar-net", "cnn-bn");

    static final String USAGE = """
            Usage: scripts/train [options]      (or: scripts/train-mnist [options], java -jar blitz.jar [options])
            Trains a classifier (LeNet-5 on MNIST by default), printing progress and test accuracy after every
            epoch, and at the end the accuracy for each class.
              --dataset NAME        mnist | fashion-mnist | cifar10 (default mnist)
              --model NAME          lenet | cifar-net | cnn-bn (default lenet for mnist, cnn-bn for fashion-mnist,
                                    cifar-net for cifar10); lenet and cnn-bn take the 1-channel MNIST images,
                                    cifar-net CIFAR-10's 3-channel ones
              --epochs N            epochs to train, counting those in a resumed checkpoint (default 3)
              --batch-size N        images per step (default 64)
              --lr X                learning rate (default 0.01 for sgd, 0.001 for adam/adamw)
              --momentum X          SGD momentum (default 0.9)
              --optimizer NAME      sgd | adam | adamw (default sgd)
              --device NAME         auto | cpu | cuda (default auto: CUDA when usable, else the CPU)
              --seed N              seeds parameter init and the shuffling (default 0)
              --data DIR            the data set's folder: the four IDX files, raw or .gz, for mnist and
                                    fashion-mnist; the binary batch files for cifar10 (default data/DATASET:
                                    data/mnist, data/fashion-mnist, data/cifar10)
              --out DIR             where checkpoints, metrics.csv, plot.png, images.png and confusion.png go
                                    (default runs/DATASET-DATE-TIME; with --resume, the checkpoint's folder)
              --resume FILE         continue from a checkpoint-epoch-N.safetensors (model and optimizer state)
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
        Float lr = null;
        float momentum = 0.9f;
        String optimizer = "sgd";
        String device = "auto";
        long seed = 0;
        Path data = null;
        Path out = null;
        Path resume = null;
        boolean force = false;
        int trainLimit = 0;
        int testLimit = 0;
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
        if (colour != model.equals("cifar-net")) {
            throw new UsageException("--model " + model + " takes " + (colour ? "1-channel 28×28 images (mnist, "
                    + "fashion-mnist), not cifar10's 3-channel 32×32 ones; use --model cifar-net, LeNet-5 with 3 "
                    + "input channels" : "cifar10's 3-channel 32×32 images, not " + dataset + "'s grey 28×28 ones; "
                    + "use --model lenet or cnn-bn"));
        }
        if (data == null) {
            data = Path.of("data", dataset);
        }
        if (lr == null) {
            lr = optimizer.equals("sgd") ? 0.01f : 0.001f;
        }
        if (out == null) {
            out = resume != null ? resume.toAbsolutePath().getParent()
                    : Path.of("runs", dataset + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return new TrainOptions(dataset, model, epochs, batchSize, lr, momentum, optimizer, device, seed, data, out,
                resume, force, trainLimit, testLimit, workers);
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

    private static float number(String flag, String value, boolean zeroAllowed) {
        float v;
        try {
            v = Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects a number, got \"" + value + "\"");
        }
        if (!Float.isFinite(v) || v < 0 || (!zeroAllowed && v == 0)) {
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
