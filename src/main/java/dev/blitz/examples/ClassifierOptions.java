package dev.blitz.examples;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@link ClassifierChapter}, parsed and checked. The chapter's own numbers (batch 4, SGD with
 * lr 0.001 and momentum 0.9, a line every 2000 mini-batches) are fixed, as in the tutorial; these options say where
 * the data and the results are, and how much of the data to use.
 *
 * @param dataset {@code auto}, {@code cifar10} or {@code fashion-mnist}
 * @param data the data set's folder, or null for {@code data/cifar10} or {@code data/fashion-mnist}
 * @param epochs passes over the training set
 * @param trainLimit the first N training images only, or 0 for all
 * @param testLimit the first N test images only, or 0 for all
 * @param out where the pictures and the state dict go
 * @param workers threads preparing batches, the tutorial's {@code num_workers}
 * @param printEvery mini-batches per running-loss line
 * @param seed seeds the weights and the shuffling
 */
record ClassifierOptions(String dataset, Path data, int epochs, int trainLimit, int testLimit, Path out, int workers,
                         int printEvery, long seed) {
    /** The {@code --dataset} values. */
    static final List<String> DATASETS = List.of("auto", "cifar10", "fashion-mnist");

    static final String USAGE = """
            Usage: scripts/blitz-java dev.blitz.examples.ClassifierChapter [options]
            PyTorch's blitz chapter "Training a classifier", line for line: CIFAR-10 when its files are there,
            else Fashion-MNIST (padded to 32x32; the chapter's Net then takes 1 input channel).
              --dataset NAME        auto | cifar10 | fashion-mnist (default auto: cifar10 when the data folder
                                    holds CIFAR-10's binary files, else fashion-mnist)
              --data DIR            the data set's folder (default data/cifar10, or data/fashion-mnist;
                                    scripts/fetch-cifar10 and scripts/fetch-fashion-mnist fill them)
              --epochs N            passes over the training set (default 2, as the chapter)
              --train-limit N       train on the first N training images only (quick runs)
              --test-limit N        test on the first N test images only
              --out DIR             where train-images.png, test-images.png and the state dict go
                                    (default runs/classifier-chapter)
              --workers N           threads preparing batches (default 2, the chapter's num_workers)
              --print-every N       mini-batches per running-loss line (default 2000, as the chapter)
              --seed N              seeds the weights and the shuffling (default 0)
              --help                this text
            """;

    /**
     * Reads the options.
     *
     * @param args the command line
     * @return the options, with defaults for those not given
     * @throws UsageException for {@code --help} (no message) or a bad option, naming it and what it takes
     */
    static ClassifierOptions parse(String... args) {
        String dataset = "auto";
        Path data = null;
        int epochs = 2;
        int trainLimit = 0;
        int testLimit = 0;
        Path out = Path.of("runs", "classifier-chapter");
        int workers = 2;
        int printEvery = 2000;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new UsageException(null);
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
                case "--dataset" -> dataset = known(flag, value);
                case "--data" -> data = Path.of(value);
                case "--epochs" -> epochs = positiveInt(flag, value);
                case "--train-limit" -> trainLimit = positiveInt(flag, value);
                case "--test-limit" -> testLimit = positiveInt(flag, value);
                case "--out" -> out = Path.of(value);
                case "--workers" -> workers = positiveInt(flag, value);
                case "--print-every" -> printEvery = positiveInt(flag, value);
                case "--seed" -> seed = longValue(flag, value);
                default -> throw new UsageException("unknown option " + flag + "; --help lists them");
            }
        }
        return new ClassifierOptions(dataset, data, epochs, trainLimit, testLimit, out, workers, printEvery, seed);
    }

    private static String known(String flag, String value) {
        if (!DATASETS.contains(value)) {
            throw new UsageException("unknown " + flag + " '" + value + "'; expected one of "
                    + String.join(", ", DATASETS));
        }
        return value;
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

    /** A bad command line (the message says what), or a request for help (null message). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
