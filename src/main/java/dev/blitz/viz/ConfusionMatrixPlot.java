package dev.blitz.viz;

import dev.blitz.data.ConfusionMatrix;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A {@link ConfusionMatrix} as a PNG: a square of cells, true classes down the left, predicted classes along the
 * bottom, each cell showing its count on a colour that gives its share of its true class (its row): white for none,
 * {@link #DARK} for all, linearly between (each row normalised by its own class), so classes of different sizes
 * compare at a glance and the diagonal reads as the per-class accuracy, which is also written at the end of each
 * row. Drawn headless with java.awt only.
 *
 * <p>Layout, in pixels, for C classes: the image is {@code LEFT + C * CELL + RIGHT} wide and
 * {@code TOP + C * CELL + BOTTOM} high; cell (t, p) covers {@code x} in {@code [LEFT + p * CELL, LEFT + (p + 1) *
 * CELL)} and {@code y} in {@code [TOP + t * CELL, TOP + (t + 1) * CELL)}, its count centred, with a 1-pixel grey
 * border along its top and left edges. A cell's colour channel is {@code round(255 + (dark - 255) * share)}, for
 * {@code share = count / row total} (0 for an empty row).
 */
public final class ConfusionMatrixPlot {
    /** The side of one cell. */
    public static final int CELL = 48;
    /** The width of the row names' column, on the left. */
    public static final int LEFT = 130;
    /** The height of the title, above the cells. */
    public static final int TOP = 36;
    /** The width of the per-class accuracy column, on the right. */
    public static final int RIGHT = 70;
    /** The height of the column names, below the cells. */
    public static final int BOTTOM = 110;
    /** The colour of a cell holding all of its row's samples. */
    public static final Color DARK = new Color(8, 48, 107);
    private static final Color GRID = new Color(200, 200, 200);

    private ConfusionMatrixPlot() {
    }

    /**
     * Draws the matrix.
     *
     * @param matrix the counts and class names
     * @return an RGB image of the size the class comment gives
     */
    public static BufferedImage render(ConfusionMatrix matrix) {
        System.setProperty("java.awt.headless", "true");
        int n = matrix.classes().size();
        BufferedImage out = new BufferedImage(LEFT + n * CELL + RIGHT, TOP + n * CELL + BOTTOM,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.setColor(Color.BLACK);
            String title = "Confusion matrix, accuracy " + percent(matrix.accuracy());
            g.drawString(title, LEFT, TOP - 12);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int t = 0; t < n; t++) {
                long support = matrix.support(t);
                int y = TOP + t * CELL;
                for (int p = 0; p < n; p++) {
                    int x = LEFT + p * CELL;
                    long count = matrix.count(t, p);
                    double share = support == 0 ? 0 : (double) count / support;
                    g.setColor(shade(share));
                    g.fillRect(x, y, CELL, CELL);
                    g.setColor(GRID);
                    g.drawLine(x, y, x + CELL - 1, y);
                    g.drawLine(x, y, x, y + CELL - 1);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    String s = Long.toString(count);
                    g.drawString(s, x + (CELL - fm.stringWidth(s)) / 2,
                            y + (CELL + fm.getAscent() - fm.getDescent()) / 2);
                }
                g.setColor(Color.BLACK);
                clipped(g, matrix.classes().get(t), 24, y, LEFT - 32, CELL, true);
                clipped(g, percent(matrix.classAccuracy(t)), LEFT + n * CELL + 6, y, RIGHT - 8, CELL, false);
            }
            g.drawString("accuracy", LEFT + n * CELL + 6, TOP - 12);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2);
            for (int p = 0; p < n; p++) {
                // In the rotated frame x runs upwards from the bottom edge and y to the right.
                String s = fit(fm, matrix.classes().get(p), BOTTOM - 28);
                rotated.drawString(s, -(TOP + n * CELL + 6 + fm.stringWidth(s)),
                        LEFT + p * CELL + (CELL + fm.getAscent() - fm.getDescent()) / 2);
            }
            String trueAxis = "true";
            rotated.drawString(trueAxis, -(TOP + (n * CELL + fm.stringWidth(trueAxis)) / 2), 4 + fm.getAscent());
            rotated.dispose();
            String axis = "predicted";
            g.drawString(axis, LEFT + (n * CELL - fm.stringWidth(axis)) / 2, out.getHeight() - 8);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The cell colour for a share of its row: white at 0, {@link #DARK} at 1. */
    static Color shade(double share) {
        return new Color(mix(DARK.getRed(), share), mix(DARK.getGreen(), share), mix(DARK.getBlue(), share));
    }

    private static int mix(int dark, double share) {
        return (int) Math.round(255 + (dark - 255) * share);
    }

    /** {@code text} in the box, vertically centred, right-aligned or left-aligned, cut to fit its width. */
    private static void clipped(Graphics2D g, String text, int x, int y, int w, int h, boolean right) {
        FontMetrics fm = g.getFontMetrics();
        String s = fit(fm, text, w);
        int tx = right ? x + w - fm.stringWidth(s) : x;
        g.drawString(s, tx, y + (h + fm.getAscent() - fm.getDescent()) / 2);
    }

    /** {@code text}, shortened with an ellipsis if it is wider than {@code w}. */
    private static String fit(FontMetrics fm, String text, int w) {
        if (fm.stringWidth(text) <= w) {
            return text;
        }
        String s = text;
        while (!s.isEmpty() && fm.stringWidth(s + "…") > w) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /**
     * Draws the matrix and writes it as a PNG, atomically.
     *
     * @param file where to write, parent folders created
     * @param matrix the counts and class names
     * @throws IOException naming the file if writing fails
     */
    public static void write(Path file, ConfusionMatrix matrix) throws IOException {
        ImageGrid.writePng(file, render(matrix));
    }
}
