package dev.blitz.cli;

import dev.blitz.io.AtomicFile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv}: one row per training step ({@code epoch,step,train_loss,,}) and one per finished epoch
 * ({@code epoch,step,,test_loss,test_accuracy}); epochs count from 1, steps from 1 across epochs. The rows are
 * also kept in memory for the plot.
 */
final class MetricsLog implements AutoCloseable {
    static final String HEADER = "epoch,step,train_loss,test_loss,test_accuracy";

    /** A step row: x = global step, y = training loss. An epoch row: x = epoch, y = test accuracy in [0, 1]. */
    record Point(double x, double y) {
    }

    private final List<Point> losses = new ArrayList<>();
    private final List<Point> accuracies = new ArrayList<>();
    private final Path file;
    private final BufferedWriter writer;

    /**
     * Opens {@code file} for appending. With {@code history} (a metrics.csv of an earlier run), its rows of the
     * first {@code keepEpochs} epochs are copied first, so a resumed run's log reads like an uninterrupted one.
     */
    MetricsLog(Path file, Path history, int keepEpochs) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (history != null && Files.isRegularFile(history)) {
            List<String> lines = Files.readAllLines(history, StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.split(",", -1);
                if (f.length == 5 && f[0].matches("\\d{1,9}") && Integer.parseInt(f[0]) <= keepEpochs) {
                    kept.add(line);
                    remember(f);
                }
            }
        }
        AtomicFile.write(file, out -> out.write((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8)));
        this.file = file;
        try {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw failed("open", e);
        }
    }

    private void remember(String[] f) {
        if (!f[2].isEmpty()) {
            losses.add(new Point(Double.parseDouble(f[1]), Double.parseDouble(f[2])));
        } else if (!f[4].isEmpty()) {
            accuracies.add(new Point(Double.parseDouble(f[0]), Double.parseDouble(f[4])));
        }
    }

    void step(int epoch, long step, float loss) throws IOException {
        write(epoch + "," + step + "," + loss + ",,");
    }

    void epoch(int epoch, long step, double testLoss, double testAccuracy) throws IOException {
        write(String.format(Locale.ROOT, "%d,%d,,%.6f,%.6f", epoch, step, testLoss, testAccuracy));
        try {
            writer.flush();
        } catch (IOException e) {
            throw failed("append to", e);
        }
    }

    private void write(String line) throws IOException {
        try {
            writer.write(line);
            writer.newLine();
        } catch (IOException e) {
            throw failed("append to", e);
        }
        remember(line.split(",", -1));
    }

    /** A full disk says only "No space left on device"; this says which file, and that the rows before are kept. */
    private IOException failed(String what, IOException e) {
        return new IOException("could not " + what + " " + file + ": " + e.getMessage()
                + " (the rows written before are kept)", e);
    }

    List<Point> losses() {
        return losses;
    }

    List<Point> accuracies() {
        return accuracies;
    }

    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } catch (IOException e) {
            throw failed("append to", e);
        }
    }
}
