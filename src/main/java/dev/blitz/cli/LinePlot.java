package dev.blitz.cli;

import dev.blitz.io.AtomicFile;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small line chart (title, axes with ticks and labels, one or more series), rendered headless to PNG. */
final class LinePlot {
    private static final int MARGIN_LEFT = 70;
    private static final int MARGIN_RIGHT = 20;
    private static final int MARGIN_TOP = 40;
    private static final int MARGIN_BOTTOM = 55;

    private record Series(String name, double[] x, double[] y, Color color, boolean markers) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    LinePlot series(String name, double[] x, double[] y, Color color, boolean markers) {
        series.add(new Series(name, x, y, color, markers));
        return this;
    }

    /** Draws the plots side by side, each {@code width} x {@code height} pixels, and writes the PNG atomically. */
    static void writePng(Path file, int width, int height, LinePlot... plots) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(width * plots.length, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < plots.length; i++) {
                Graphics2D panel = (Graphics2D) g.create(i * width, 0, width, height);
                plots[i].draw(panel, width, height);
                panel.dispose();
            }
        } finally {
            g.dispose();
        }
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private void draw(Graphics2D g, int width, int height) {
        int left = MARGIN_LEFT;
        int top = MARGIN_TOP;
        int plotW = width - MARGIN_LEFT - MARGIN_RIGHT;
        int plotH = height - MARGIN_TOP - MARGIN_BOTTOM;
        double[] xr = range(true);
        double[] yr = range(false);
        double[] xTicks = ticks(xr[0], xr[1], integralX());
        double[] yTicks = ticks(yr[0], yr[1], false);
        xr = new double[] {Math.min(xr[0], xTicks[0]), Math.max(xr[1], xTicks[xTicks.length - 1])};
        yr = new double[] {Math.min(yr[0], yTicks[0]), Math.max(yr[1], yTicks[yTicks.length - 1])};

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, left + (plotW - fm.stringWidth(title)) / 2, top - 15);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        for (double t : yTicks) {
            int y = top + plotH - (int) Math.round((t - yr[0]) / (yr[1] - yr[0]) * plotH);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.BLACK);
            String s = label(t, yTicks);
            g.drawString(s, left - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        for (double t : xTicks) {
            int x = left + (int) Math.round((t - xr[0]) / (xr[1] - xr[0]) * plotW);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, top, x, top + plotH);
            g.setColor(Color.BLACK);
            String s = label(t, xTicks);
            g.drawString(s, x - fm.stringWidth(s) / 2, top + plotH + 4 + fm.getAscent());
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotW, plotH);
        g.drawString(xLabel, left + (plotW - fm.stringWidth(xLabel)) / 2, height - 12);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(top + (plotH + fm.stringWidth(yLabel)) / 2), 16);
        rotated.dispose();

        int legendY = top + 16;
        for (Series s : series) {
            g.setColor(s.color);
            g.setStroke(new BasicStroke(s.markers ? 2f : 1.2f));
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i < s.x.length; i++) {
                double px = left + (s.x[i] - xr[0]) / (xr[1] - xr[0]) * plotW;
                double py = top + plotH - (s.y[i] - yr[0]) / (yr[1] - yr[0]) * plotH;
                if (i == 0) {
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
                if (s.markers) {
                    g.fillOval((int) Math.round(px) - 4, (int) Math.round(py) - 4, 8, 8);
                }
            }
            g.draw(path);
            g.drawLine(left + plotW - 150, legendY - 4, left + plotW - 125, legendY - 4);
            g.setColor(Color.BLACK);
            g.drawString(s.name, left + plotW - 118, legendY);
            legendY += 16;
        }
    }

    /** Data range on one axis, widened when flat or empty so the scale stays finite. */
    private double[] range(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : xAxis ? s.x : s.y) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
            return new double[] {lo - 0.5, hi + 0.5};
        }
        return new double[] {lo, hi};
    }

    /** Whether every x is a whole number (steps, epochs): then x ticks are whole numbers too. */
    private boolean integralX() {
        for (Series s : series) {
            for (double v : s.x) {
                if (v != Math.rint(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** About five round-numbered ticks covering [lo, hi], at least 1 apart when {@code integral}. */
    static double[] ticks(double lo, double hi, boolean integral) {
        double raw = (hi - lo) / 5;
        if (integral) {
            raw = Math.max(raw, 1);
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (raw <= step) {
                break;
            }
        }
        double first = Math.floor(lo / step) * step;
        double last = Math.ceil(hi / step) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = first + i * step;
        }
        return out;
    }

    private static String label(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
