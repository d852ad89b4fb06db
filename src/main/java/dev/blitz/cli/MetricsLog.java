package dev.blitz.cli;

import dev.blitz.io.AtomicFile;
import dev.blitz.io.ReadableFile;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code metrics.csv}: one row per training step ({@code epoch,step,train_loss,,,lr}, with the learning rate that
 * step used) and one per finished epoch ({@code epoch,step,,test_loss,test_accuracy,}); epochs count from 1, steps
 * from 1 across epochs. The rows are also kept in memory for the plot.
 */
final class MetricsLog implements AutoCloseable {
    static final String HEADER = "epoch,step,train_loss,test_loss,test_accuracy,lr";
    /** The header of logs written before the {@code lr} column; their rows are continued with it empty. */
    static final String HEADER_WITHOUT_LR = "epoch,step,train_loss,test_loss,test_accuracy";

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
     * Those rows must be well-formed and complete: the header, then rows whose steps follow each other and whose
     * epochs end with their epoch row, up to the end of epoch {@code keepEpochs}. What follows is the part being
     * trained again and is dropped unread (a run killed mid-epoch can leave a half-written last line there). A
     * history that starts after {@code keepEpochs} (a run resumed without one) gives nothing to copy. A history
     * without the {@code lr} column ({@link #HEADER_WITHOUT_LR}) is copied with that column empty.
     *
     * @throws IOException if the history is not a file or is not such a log, naming it, the line and the problem
     */
    MetricsLog(Path file, Path history, int keepEpochs) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (history != null && Files.exists(history)) {
            for (String[] f : readHistory(history, keepEpochs)) {
                kept.add(String.join(",", f));
                remember(f);
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

    /** The longest line a metrics log has: six short numbers. A longer one means another kind of file. */
    private static final int MAX_LINE = 200;
    private static final Pattern COUNT = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?");

    /** The rows of {@code history} up to the end of epoch {@code keepEpochs}, each checked, split into fields. */
    private static List<String[]> readHistory(Path history, int keepEpochs) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Channels.newInputStream(ReadableFile.open(history,
                "a metrics log")))) {
            String header = line(history, in, 1);
            if (!HEADER.equals(header) && !HEADER_WITHOUT_LR.equals(header)) {
                throw new IOException(history + ": line 1 is " + (header == null ? "missing (empty file)"
                        : quote(header)) + ", expected the header \"" + HEADER + "\"");
            }
            int fields = header.split(",").length;
            long epoch = 0;
            long step = 0;
            boolean epochEnded = false;
            for (int number = 2; ; number++) {
                if (keepEpochs == 0 || epochEnded && epoch == keepEpochs) {
                    return rows;
                }
                String line = line(history, in, number);
                if (line == null) {
                    throw new IOException(history + ": ends " + (rows.isEmpty() ? "before its first row"
                            : "in epoch " + epoch + " at step " + step) + ", but resuming after epoch " + keepEpochs
                            + " needs every row up to the end of that epoch (a log of another run? move it away to "
                            + "start a new one)");
                }
                String at = history + ": line " + number + ": ";
                String[] f = line.split(",", -1);
                if (f.length != fields) {
                    throw new IOException(at + "expected " + fields + " fields (" + header + "), got " + f.length
                            + ": " + quote(line));
                }
                long e = count(at, "epoch", f[0]);
                long s = count(at, "step", f[1]);
                boolean stepRow = !f[2].isEmpty() && f[3].isEmpty() && f[4].isEmpty();
                boolean epochRow = f[2].isEmpty() && !f[3].isEmpty() && !f[4].isEmpty();
                if (!stepRow && !epochRow) {
                    throw new IOException(at + "neither a step row (epoch,step,train_loss,,) nor an epoch row "
                            + "(epoch,step,,test_loss,test_accuracy): " + quote(line));
                }
                if (fields == 6 && !f[5].isEmpty()) {
                    finite(at, "lr", f[5]);
                }
                if (rows.isEmpty() && e > keepEpochs) {
                    // The log starts after the checkpoint (its run was resumed without a log): nothing to keep.
                    return rows;
                }
                boolean follows = epochEnded ? stepRow && e == epoch + 1 && s == step + 1
                        : e == epoch && s == (stepRow ? step + 1 : step);
                if (!rows.isEmpty() && !follows) {
                    String after = epochEnded
                            ? "the end of epoch " + epoch + " at step " + step + "; expected the step row of epoch "
                                    + (epoch + 1) + ", step " + (step + 1)
                            : "epoch " + epoch + ", step " + step + "; expected the step row of step " + (step + 1)
                                    + " or epoch " + epoch + "'s end at step " + step;
                    throw new IOException(at + "the " + (stepRow ? "step" : "epoch") + " row of epoch " + e + ", step "
                            + s + " follows " + after + " (rows missing, repeated or out of order)");
                }
                if (stepRow) {
                    finite(at, "train_loss", f[2]);
                } else {
                    number(at, "test_loss", f[3]);
                    double accuracy = finite(at, "test_accuracy", f[4]);
                    if (accuracy < 0 || accuracy > 1) {
                        throw new IOException(at + "test_accuracy " + f[4] + " is not in [0, 1]");
                    }
                }
                epoch = e;
                step = s;
                epochEnded = epochRow;
                rows.add(fields == 6 ? f : new String[] {f[0], f[1], f[2], f[3], f[4], ""});
            }
        }
    }

    /** Line {@code number} without its line break, or null at the end of the file. */
    private static String line(Path file, InputStream in, int number) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            if (sb.length() == MAX_LINE) {
                throw new IOException(file + ": line " + number + " is longer than " + MAX_LINE
                        + " characters; not a metrics log");
            }
            sb.append((char) c);
        }
        int end = sb.length();
        return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
    }

    private static long count(String at, String what, String text) throws IOException {
        if (!COUNT.matcher(text).matches()) {
            throw new IOException(at + what + " " + quote(text) + " is not a whole number >= 1");
        }
        return Long.parseLong(text);
    }

    /** A number as the log writes it: decimal, or NaN or Infinity for a test loss that overflowed. */
    private static double number(String at, String what, String text) throws IOException {
        if (!NUMBER.matcher(text).matches() && !text.matches("NaN|-?Infinity")) {
            throw new IOException(at + what + " " + quote(text) + " is not a number");
        }
        return Double.parseDouble(text);
    }

    /** A number that must be finite: training stops at a non-finite loss, and an accuracy is a fraction. */
    private static double finite(String at, String what, String text) throws IOException {
        double v = number(at, what, text);
        if (!Double.isFinite(v)) {
            throw new IOException(at + what + " " + text + " is not a finite number");
        }
        return v;
    }

    private static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            // Shown escaped: the line may be binary.
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.append('"').toString();
    }

    private void remember(String[] f) {
        if (!f[2].isEmpty()) {
            losses.add(new Point(Double.parseDouble(f[1]), Double.parseDouble(f[2])));
        } else if (!f[4].isEmpty()) {
            accuracies.add(new Point(Double.parseDouble(f[0]), Double.parseDouble(f[4])));
        }
    }

    /** A step row; {@code lr} is the learning rate the step used, as text (a float32's). */
    void step(int epoch, long step, float loss, String lr) throws IOException {
        write(epoch + "," + step + "," + loss + ",,," + lr);
    }

    void epoch(int epoch, long step, double testLoss, double testAccuracy) throws IOException {
        write(String.format(Locale.ROOT, "%d,%d,,%.6f,%.6f,", epoch, step, testLoss, testAccuracy));
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
