package dev.blitz.cli;

import dev.blitz.core.Device;
import dev.blitz.io.SafeTensors;
import dev.blitz.nn.Module;
import dev.blitz.optim.Optimizer;
import dev.blitz.optim.lr.LRScheduler;
import dev.blitz.tensor.Tensor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A training checkpoint after an epoch, as two safetensors files: {@code checkpoint-epoch-N.safetensors} holds the
 * model's state dict under PyTorch's names (so {@code net.load_state_dict(safetensors.torch.load_file(path))}
 * works), {@code checkpoint-epoch-N.optim.safetensors} the optimizer's state dict ({@link Optimizer#stateDict()}
 * names: {@code state.<i>.<key>}, and {@code param_groups.<g>.<key>} with the hyper-parameters as float64) and the
 * learning-rate scheduler's ({@link LRScheduler#stateDict()} under {@code lr_scheduler.}: float64 learning rates,
 * int64 counts), so both come back exactly. Both carry the same metadata (run id, epoch, global step, seed, options),
 * which {@link #load} requires to match, so a model file is never resumed beside another run's or another step's
 * optimizer state. The optimizer file is written first and each file atomically, so the model file's presence means
 * both are complete. Checkpoints from before parameter groups and schedulers (per-parameter state only) still load.
 */
final class Checkpoint {
    static final String FORMAT = "blitz-mnist-checkpoint-1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Checkpoint() {
    }

    /** The optimizer file's prefix for the scheduler's state. */
    static final String SCHEDULER_PREFIX = "lr_scheduler.";
    /**
     * The options that fix the hyper-parameters and the learning rates: a checkpoint's optimizer hyper-parameters and
     * scheduler state are restored only when it agrees with the run on all of them.
     */
    static final List<String> SCHEDULE_OPTIONS = List.of("optimizer", "lr", "momentum", "lr_scheduler");
    /** What checkpoints from before an option was recorded were trained with. */
    static final Map<String, String> OLDER_DEFAULTS = Map.of("dataset", "mnist", "model", "lenet", "lr_scheduler",
            "none");

    /**
     * What a loaded checkpoint says about the run so far.
     *
     * @param runId null in checkpoints from before run ids
     * @param epoch the epochs trained
     * @param step the optimisation steps taken
     * @param metadata the options it was trained with, as saved
     * @param scheduleRestored whether the optimizer's hyper-parameters and the scheduler's state came from it (the
     *     run's options agreed with it on {@link #SCHEDULE_OPTIONS}); otherwise they are the run's own
     */
    record Resumed(String runId, int epoch, long step, Map<String, String> metadata, boolean scheduleRestored) {
    }

    /** A new run's id: random, so two runs never share one (seeds and options may well be the same). */
    static String newRunId() {
        return String.format("%016x", RANDOM.nextLong());
    }

    static Path modelFile(Path dir, int epoch) {
        return dir.resolve("checkpoint-epoch-" + epoch + ".safetensors");
    }

    static Path optimizerFile(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return modelFile.resolveSibling(stem + ".optim.safetensors");
    }

    /**
     * Saves the state of run {@code runId} after {@code epoch} epochs and {@code step} steps; returns the model file.
     * When the model file cannot be written, the optimizer file just written is deleted: alone it is no checkpoint.
     * {@code scheduler} may be null (a constant learning rate).
     */
    static Path save(Path dir, String runId, int epoch, long step, Module model, Optimizer optimizer,
                     LRScheduler scheduler, Map<String, String> options) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("run_id", runId);
        metadata.put("epoch", Integer.toString(epoch));
        metadata.put("step", Long.toString(step));
        metadata.putAll(options);
        Path file = modelFile(dir, epoch);
        Path optimizerFile = optimizerFile(file);
        Map<String, Tensor> training = new LinkedHashMap<>(optimizer.stateDict());
        if (scheduler != null) {
            scheduler.stateDict().forEach((key, t) -> training.put(SCHEDULER_PREFIX + key, t));
        }
        SafeTensors.save(training, metadata, optimizerFile);
        try {
            SafeTensors.save(model.stateDict(), metadata, file);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(optimizerFile);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return file;
    }

    /**
     * The checkpoint files in {@code dir}, model and optimizer files alike, by name, each with the run id in its
     * metadata: {@code ""} for a checkpoint from before run ids, null for a file whose metadata cannot be read.
     */
    static Map<Path, String> runIds(Path dir) throws IOException {
        Map<Path, String> ids = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "checkpoint-epoch-*.safetensors")) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String id;
                try {
                    SafeTensors.Contents c = SafeTensors.load(file, Device.CPU);
                    c.tensors().values().forEach(Tensor::close);
                    id = c.metadata().getOrDefault("run_id", "");
                } catch (IOException | RuntimeException e) {
                    id = null;
                }
                ids.put(file, id);
            }
        }
        return ids;
    }

    /**
     * Loads model and optimizer state from {@code file} and its optimizer file, after checking they belong together.
     * When the checkpoint agrees with {@code options} on {@link #SCHEDULE_OPTIONS}, the optimizer's hyper-parameters
     * (the learning rates a scheduler set among them) and the scheduler's state are restored too, so the run goes on
     * exactly as if uninterrupted; otherwise the optimizer keeps the hyper-parameters it was built with and the
     * scheduler its fresh state. Bad files give an IOException, state that does not fit the model, optimizer or
     * scheduler an IllegalArgumentException; both name the file.
     *
     * @param scheduler the run's scheduler, or null for a constant learning rate
     * @param options the run's options, under the metadata's keys
     */
    static Resumed load(Path file, Module model, Optimizer optimizer, LRScheduler scheduler,
                        Map<String, String> options) throws IOException {
        // Only absence is checked here: SafeTensors.load names a folder or an unreadable file itself.
        if (!Files.exists(file)) {
            throw new IOException("checkpoint " + file + " does not exist");
        }
        Path optimizerFile = optimizerFile(file);
        if (!Files.exists(optimizerFile)) {
            throw new IOException("checkpoint " + file + " has no optimizer state beside it (expected " + optimizerFile
                    + ")");
        }
        SafeTensors.Contents modelState = SafeTensors.load(file);
        SafeTensors.Contents optimizerState = SafeTensors.load(optimizerFile);
        Map<String, String> meta = modelState.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + " is not a Blitz MNIST training checkpoint (metadata format="
                    + meta.get("format") + ", expected " + FORMAT + ")");
        }
        String mismatch = firstDifference(meta, optimizerState.metadata());
        if (mismatch != null) {
            throw new IOException(file.getFileName() + " and " + optimizerFile.getFileName() + " in "
                    + file.toAbsolutePath().getParent() + " were not saved together: " + mismatch + "; resume from a "
                    + "model file with the optimizer file saved beside it");
        }
        int epoch;
        long step;
        try {
            epoch = Integer.parseInt(meta.get("epoch"));
            step = Long.parseLong(meta.get("step"));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": metadata epoch/step are not numbers: " + meta);
        }
        if (epoch < 0 || step < 0) {
            throw new IOException(file + ": metadata epoch=" + epoch + " step=" + step + " (expected counts >= 0)");
        }
        try {
            model.loadStateDict(modelState.tensors());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        boolean sameSchedule = SCHEDULE_OPTIONS.stream()
                .allMatch(key -> Objects.equals(options.get(key), meta.getOrDefault(key, OLDER_DEFAULTS.get(key))));
        Map<String, Tensor> optimizerTensors = new LinkedHashMap<>();
        Map<String, Tensor> schedulerTensors = new LinkedHashMap<>();
        optimizerState.tensors().forEach((key, t) -> {
            if (key.startsWith(SCHEDULER_PREFIX)) {
                schedulerTensors.put(key.substring(SCHEDULER_PREFIX.length()), t);
            } else if (sameSchedule || !key.startsWith("param_groups.")) {
                // Without param_groups entries the optimizer keeps the hyper-parameters the command line gave.
                optimizerTensors.put(key, t);
            }
        });
        try {
            optimizer.loadStateDict(optimizerTensors);
            if (sameSchedule && scheduler != null) {
                scheduler.loadStateDict(schedulerTensors);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(optimizerFile + ": " + e.getMessage(), e);
        }
        return new Resumed(meta.get("run_id"), epoch, step, meta, sameSchedule);
    }

    /** The first metadata key on which the model and optimizer files disagree, in words; null when they agree. */
    private static String firstDifference(Map<String, String> model, Map<String, String> optimizer) {
        Set<String> keys = new LinkedHashSet<>(model.keySet());
        keys.addAll(optimizer.keySet());
        for (String key : keys) {
            String a = model.get(key);
            String b = optimizer.get(key);
            if (!Objects.equals(a, b)) {
                return key + " is " + (a == null ? "missing" : a) + " in the model file but "
                        + (b == null ? "missing" : b) + " in the optimizer file";
            }
        }
        return null;
    }
}
