package dev.blitz.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An output folder holds one run. Before a run writes there, the checkpoints of any other run in it (and, unless
 * this run continues the folder's own checkpoints, its {@code metrics.csv}, {@code plot.png}, {@code images.png} and
 * {@code confusion.png}) are found: without
 * {@code --force} that is an error naming them and the ways out; with it they are deleted, so two runs never mix.
 */
final class RunFolder {
    private RunFolder() {
    }

    /**
     * @param dir the output folder
     * @param resumed the checkpoint this run continues, or null for a new run
     * @param resumeFile its model file, or null
     * @param force whether to delete another run's files rather than refuse
     * @param log where to say what was deleted
     * @throws IllegalStateException naming the other run's files, without {@code force}
     */
    static void claim(Path dir, Checkpoint.Resumed resumed, Path resumeFile, boolean force, PrintStream log)
            throws IOException {
        List<Path> others = new ArrayList<>();
        boolean ownCheckpoints = false;
        for (Map.Entry<Path, String> e : Checkpoint.runIds(dir).entrySet()) {
            if (resumed != null && e.getValue() != null
                    && e.getValue().equals(Objects.requireNonNullElse(resumed.runId(), ""))) {
                ownCheckpoints = true;
            } else {
                others.add(e.getKey());
            }
        }
        boolean continuesHere = resumed != null && (ownCheckpoints
                || dir.toAbsolutePath().normalize().equals(resumeFile.toAbsolutePath().normalize().getParent()));
        for (String name : List.of("metrics.csv", "plot.png", "images.png", "confusion.png")) {
            if (!continuesHere && Files.exists(dir.resolve(name))) {
                others.add(dir.resolve(name));
            }
        }
        if (others.isEmpty()) {
            return;
        }
        List<String> names = others.stream().map(p -> p.getFileName().toString()).toList();
        String listed = names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
        if (!force) {
            Path latest = resumed != null ? null : latestModelFile(others);
            throw new IllegalStateException(dir + " already holds another training run (" + listed + "); "
                    + (latest != null ? "continue it with --resume " + latest + ", " : "")
                    + "choose a new --out, or add --force to delete those files and start over there");
        }
        for (Path p : others) {
            Files.deleteIfExists(p);
        }
        log.println("--force: deleted another run's " + listed + " from " + dir);
    }

    /** The model file of the highest epoch among {@code files}, or null. */
    private static Path latestModelFile(List<Path> files) {
        return files.stream()
                .filter(p -> p.getFileName().toString().matches("checkpoint-epoch-\\d{1,9}\\.safetensors"))
                .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""))))
                .orElse(null);
    }
}
