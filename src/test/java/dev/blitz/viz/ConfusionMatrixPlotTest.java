package dev.blitz.viz;

import dev.blitz.data.ConfusionMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixPlotTest {
    @TempDir
    Path dir;

    @Test
    void cellsAreColouredByTheirShareOfTheTrueClass() throws IOException {
        ConfusionMatrix m = new ConfusionMatrix(List.of("T-shirt/top", "Trouser", "Pullover"));
        int[][] counts = {{3, 1, 0}, {0, 0, 0}, {2, 2, 4}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                for (int k = 0; k < counts[t][p]; k++) {
                    m.add(t, p);
                }
            }
        }
        Path png = dir.resolve("confusion.png");
        ConfusionMatrixPlot.write(png, m);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        int cell = ConfusionMatrixPlot.CELL;
        assertEquals(ConfusionMatrixPlot.LEFT + 3 * cell + ConfusionMatrixPlot.RIGHT, image.getWidth());
        assertEquals(ConfusionMatrixPlot.TOP + 3 * cell + ConfusionMatrixPlot.BOTTOM, image.getHeight());
        int[] dark = {8, 48, 107};
        double[][] share = {{0.75, 0.25, 0}, {0, 0, 0}, {0.25, 0.25, 0.5}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                // Near the cell's corner, clear of its border and of the count written in its middle.
                int rgb = image.getRGB(ConfusionMatrixPlot.LEFT + p * cell + 4, ConfusionMatrixPlot.TOP + t * cell + 4);
                int expected = 0;
                for (int c = 0; c < 3; c++) {
                    expected = expected << 8 | (int) Math.round(255 + (dark[c] - 255) * share[t][p]);
                }
                assertEquals(Integer.toHexString(expected), Integer.toHexString(rgb & 0xffffff),
                        "cell (" + t + ", " + p + ")");
            }
        }
        // The count is written in the middle of its cell: some pixel there differs from the cell's colour.
        int x0 = ConfusionMatrixPlot.LEFT + 2 * cell;
        int y0 = ConfusionMatrixPlot.TOP + 2 * cell;
        int background = image.getRGB(x0 + 4, y0 + 4);
        boolean text = false;
        for (int y = y0 + cell / 3; y < y0 + 2 * cell / 3; y++) {
            for (int x = x0 + cell / 3; x < x0 + 2 * cell / 3; x++) {
                text |= image.getRGB(x, y) != background;
            }
        }
        assertTrue(text, "the count 4 is drawn in cell (2, 2)");
    }
}
