package dev.blitz.cli;

import dev.blitz.io.SafeTensors;
import dev.blitz.nn.Module;
import dev.blitz.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint after an epoch, as two safetensors files: {@code checkpoint-epoch-N.safetensors} holds the
 * model's state dict under PyTorch's names (so {@code net.load_state_dict(safetensors.torch.load_file(path))}
 * works), {@code checkpoint-epoch-N.optim.safetensors} the optimizer's state ({@link Optimizer#stateDict()}
 * names, {@code state.<i>.<key>}). Both carry the same metadata (epoch, global step, seed, options). The optimizer
 * file is written first and each file atomically, so the model file's presence means both are complete.
 */
final class Checkpoint {
    static final String FORMAT = "blitz-mnist-checkpoint-1";

    private Checkpoint() {
    }

    /** What a loaded checkpoint says about the run so far. */
    record Resumed(int epoch, long step, Map<String, String> metadata) {
    }

    static Path modelFile(Path dir, int epoch) {
        return dir.resolve("checkpoint-epoch-" + epoch + ".safetensors");
    }

    static Path optimizerFile(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return modelFile.resolveSibling(stem + ".optim.safetensors");
    }

    /** Saves the state after {@code epoch} epochs and {@code step} steps; returns the model file. */
    static Path save(Path dir, int epoch, long step, Module model, Optimizer optimizer, Map<String, String> options)
            throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("epoch", Integer.toString(epoch));
        metadata.put("step", Long.toString(step));
        metadata.putAll(options);
        Path file = modelFile(dir, epoch);
        SafeTensors.save(optimizer.stateDict(), metadata, optimizerFile(file));
        SafeTensors.save(model.stateDict(), metadata, file);
        return file;
    }

    /**
     * Loads model and optimizer state from {@code file} and its optimizer file, after checking they belong together.
     * Bad files give an IOException, state that does not fit the model or optimizer an IllegalArgumentException;
     * both name the file.
     */
    static Resumed load(Path file, Module model, Optimizer optimizer) throws IOException {
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
        for (String key : new String[] {"format", "epoch", "step", "optimizer"}) {
            if (!String.valueOf(meta.get(key)).equals(optimizerState.metadata().get(key))) {
                throw new IOException(file + " and " + optimizerFile + " do not belong together: " + key + " is "
                        + meta.get(key) + " vs " + optimizerState.metadata().get(key));
            }
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
        try {
            optimizer.loadStateDict(optimizerState.tensors());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(optimizerFile + ": " + e.getMessage(), e);
        }
        return new Resumed(epoch, step, meta);
    }
}
