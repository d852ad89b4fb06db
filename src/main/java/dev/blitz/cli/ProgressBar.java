package dev.blitz.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of one epoch: on a terminal a bar redrawn in place (percentage, images/s, mean loss so far, ETA); when
 * the output is a file or pipe, a plain line every tenth of the epoch or 30 seconds, whichever comes first.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 30_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastTenth;
    private int done;
    private double lossSum;
    private int steps;
    /** Each step's time since the step before it (or the bar's creation): data hand-off included. */
    private long[] stepNanos = new long[1024];
    private long lastStep = start;

    ProgressBar(PrintStream out, boolean terminal, String label, int total) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.lastDraw = start;
    }

    /** Records one step of {@code images} images with training loss {@code loss}. */
    void step(int images, float loss) {
        done += images;
        lossSum += loss;
        long now = System.nanoTime();
        if (steps == stepNanos.length) {
            stepNanos = java.util.Arrays.copyOf(stepNanos, 2 * steps);
        }
        stepNanos[steps++] = now - lastStep;
        lastStep = now;
        boolean last = done >= total;
        if (terminal) {
            if (last || now - lastDraw >= REDRAW_NANOS) {
                out.print("\r" + text(now) + (last ? "\n" : ""));
                out.flush();
                lastDraw = now;
            }
        } else {
            int tenth = (int) (10L * done / Math.max(total, 1));
            if (last || tenth > lastTenth || now - lastDraw >= LINE_NANOS) {
                out.println(text(now));
                lastDraw = now;
                lastTenth = tenth;
            }
        }
    }

    /** Ends a terminal's half-drawn bar when an epoch stops part-way, so the error after it has a line of its own. */
    void stopped() {
        if (terminal && done < total) {
            out.println();
        }
    }

    /** The mean training loss of the steps so far. */
    double meanLoss() {
        return steps == 0 ? Double.NaN : lossSum / steps;
    }

    /** The median time of a step so far, in milliseconds (NaN before the first). */
    double stepMedianMillis() {
        if (steps == 0) {
            return Double.NaN;
        }
        long[] sorted = java.util.Arrays.copyOf(stepNanos, steps);
        java.util.Arrays.sort(sorted);
        long middle = steps % 2 == 1 ? 2 * sorted[steps / 2] : sorted[steps / 2 - 1] + sorted[steps / 2];
        return middle / 2e6;
    }

    /** The mean time of a step so far, in milliseconds (NaN before the first). */
    double stepMeanMillis() {
        long sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += stepNanos[i];
        }
        return steps == 0 ? Double.NaN : sum / 1e6 / steps;
    }

    /** Seconds since the bar was created. */
    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    private String text(long now) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        double fraction = total == 0 ? 1 : (double) done / total;
        String eta = rate > 0 ? clock((total - done) / rate) : "--:--";
        String stats = String.format(Locale.ROOT, "%3d%% %d/%d  %.0f img/s  loss %.4f  %s %s", (int) (100 * fraction),
                done, total, rate, meanLoss(), done >= total ? "time" : "ETA", done >= total ? clock(seconds) : eta);
        if (!terminal) {
            return label + "  " + stats;
        }
        int filled = (int) (WIDTH * fraction);
        return label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + stats + "   ";
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
