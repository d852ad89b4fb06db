package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * AdaptiveAvgPool2d against PyTorch's index formula written out here: output row i averages input rows
 * {@code floor(i * H / outH)} to {@code ceil((i + 1) * H / outH)} (exclusive), and likewise the columns.
 */
class AdaptiveAvgPool2dTest {

    private static double[] reference(double[] x, int planes, int h, int w, int oh, int ow) {
        double[] out = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                int h0 = (int) Math.floor((double) i * h / oh);
                int h1 = (int) Math.ceil((double) (i + 1) * h / oh);
                for (int j = 0; j < ow; j++) {
                    int w0 = (int) Math.floor((double) j * w / ow);
                    int w1 = (int) Math.ceil((double) (j + 1) * w / ow);
                    double sum = 0;
                    for (int a = h0; a < h1; a++) {
                        for (int b = w0; b < w1; b++) {
                            sum += x[(p * h + a) * w + b];
                        }
                    }
                    out[(p * oh + i) * ow + j] = sum / ((h1 - h0) * (w1 - w0));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}x{1} to {2}x{3}")
    @CsvSource({"4, 6, 2, 3", "5, 7, 3, 4", "7, 7, 1, 1", "3, 2, 5, 4", "6, 6, 6, 6", "10, 3, 4, 3"})
    void matchesPyTorchsIndexFormula(int h, int w, int oh, int ow) {
        int planes = 2 * 3;
        double[] x = new double[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.cos(0.29 * i) * 2 - 0.5;
        }
        Tensor out = new AdaptiveAvgPool2d(oh, ow).forward(Tensor.of(x, 2, 3, h, w));
        assertArrayEquals(new int[] {2, 3, oh, ow}, out.size());
        assertArrayEquals(reference(x, planes, h, w, oh, ow), out.toDoubleArray(), 1e-12);
    }

    @Test
    void oneIsGlobalAveragePoolingAlsoOfAnUnbatchedImage() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 2, 2);
        assertArrayEquals(new float[] {2.5f, 25f}, new AdaptiveAvgPool2d(1).forward(x).toFloatArray());
        assertArrayEquals(new int[] {2, 1, 1}, F.adaptiveAvgPool2d(x, 1).size());
    }

    @Test
    void printsAndRefusesAsPyTorch() {
        assertEquals("AdaptiveAvgPool2d(output_size=(5, 7))", new AdaptiveAvgPool2d(5, 7).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.adaptiveAvgPool2d(Tensor.zeros(2, 3), 1));
        assertEquals("adaptive_avg_pool2d: Expected 3D or 4D tensor, but got [2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.adaptiveAvgPool2d(Tensor.zeros(1, 0, 4, 4), 2));
        assertEquals("adaptive_avg_pool2d: Expected input to have non-zero size for non-batch dimensions, but input"
                + " has sizes [1, 0, 4, 4] with dimension 1 being empty", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.adaptiveAvgPool2d(Tensor.zeros(1, 1, 4, 4), -1, 2));
        assertEquals("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received"
                + " {-1, 2}", e.getMessage());
    }
}
