package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * AvgPool2d against PyTorch's avg_pool2d written out here: the output size is
 * {@code floor((H + 2p - k + (ceil ? s - 1 : 0)) / s) + 1} (one less in ceil mode when the last window would
 * start past the input and its left padding); window {@code o} covers {@code [o * s - p, o * s - p + k)} clipped
 * to {@code H + p}, and divides by that clipped size (count_include_pad) or by the part inside the input.
 */
class AvgPool2dTest {

    private static int outSize(int in, int k, int s, int p, boolean ceil) {
        int out = Math.floorDiv(in + 2 * p - k + (ceil ? s - 1 : 0), s) + 1;
        return ceil && (out - 1) * s >= in + p ? out - 1 : out;
    }

    private static double[] reference(double[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph,
                                      int pw, boolean ceil, boolean includePad) {
        int oh = outSize(h, kh, sh, ph, ceil);
        int ow = outSize(w, kw, sw, pw, ceil);
        double[] out = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int h0 = i * sh - ph;
                    int w0 = j * sw - pw;
                    int h1 = Math.min(h0 + kh, h + ph);
                    int w1 = Math.min(w0 + kw, w + pw);
                    int padded = (h1 - h0) * (w1 - w0);
                    h0 = Math.max(h0, 0);
                    w0 = Math.max(w0, 0);
                    h1 = Math.min(h1, h);
                    w1 = Math.min(w1, w);
                    double sum = 0;
                    for (int a = h0; a < h1; a++) {
                        for (int b = w0; b < w1; b++) {
                            sum += x[(p * h + a) * w + b];
                        }
                    }
                    out[(p * oh + i) * ow + j] = sum / (includePad ? padded : (h1 - h0) * (w1 - w0));
                }
            }
        }
        return out;
    }

    private static double[] values(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(0.37 * i) * 3;
        }
        return x;
    }

    @ParameterizedTest(name = "{0}x{1} kernel {4}x{5} stride {6}x{7} padding {8}x{9} ceil {10} include pad {11}")
    @CsvSource({
        "6, 6, 2, 3, 2, 2, 2, 2, 0, 0, false, true",
        "7, 5, 1, 2, 3, 3, 2, 2, 1, 1, false, true",
        "7, 5, 1, 2, 3, 3, 2, 2, 1, 1, false, false",
        "6, 5, 2, 1, 3, 2, 2, 1, 1, 1, true, false",
        "8, 9, 1, 3, 3, 3, 3, 3, 1, 0, true, true",
        "5, 5, 1, 1, 5, 5, 1, 1, 2, 2, false, false"})
    void matchesPyTorchsFormula(int h, int w, int n, int c, int kh, int kw, int sh, int sw, int ph, int pw,
                                boolean ceil, boolean includePad) {
        double[] x = values(n * c * h * w);
        Tensor out = F.avgPool2d(Tensor.of(x, n, c, h, w), new int[] {kh, kw}, new int[] {sh, sw},
                new int[] {ph, pw}, ceil, includePad);
        assertArrayEquals(new int[] {n, c, outSize(h, kh, sh, ph, ceil), outSize(w, kw, sw, pw, ceil)}, out.size());
        assertArrayEquals(reference(x, n * c, h, w, kh, kw, sh, sw, ph, pw, ceil, includePad), out.toDoubleArray(),
                1e-12);
    }

    @Test
    void theLayerTakesUnbatchedImagesAndADivisor() {
        double[] x = values(2 * 4 * 4);
        AvgPool2d pool = AvgPool2d.builder(2).divisorOverride(3).build();
        double[] expected = reference(x, 2, 4, 4, 2, 2, 2, 2, 0, 0, false, true);
        for (int i = 0; i < expected.length; i++) {
            expected[i] *= 4.0 / 3; // the window's sum over 3 instead of 4
        }
        assertArrayEquals(expected, pool.forward(Tensor.of(x, 2, 4, 4)).toDoubleArray(), 1e-12);
        Tensor f = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {2.5f}, new AvgPool2d(2).forward(f).toFloatArray());
    }

    @Test
    void printsAsPyTorch() {
        assertEquals("AvgPool2d(kernel_size=2, stride=2, padding=0)", new AvgPool2d(2).toString());
        assertEquals("AvgPool2d(kernel_size=3, stride=1, padding=1)", new AvgPool2d(3, 1, 1).toString());
        assertEquals("AvgPool2d(kernel_size=(3, 2), stride=(2, 1), padding=1)",
                AvgPool2d.builder(3, 2).stride(2, 1).padding(1).countIncludePad(false).ceilMode(true).build()
                        .toString());
    }

    @Test
    void refusesWithPyTorchsMessages() {
        Tensor x = Tensor.zeros(1, 3, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.avgPool2d(Tensor.zeros(4, 4), 2));
        assertEquals("avg_pool2d: non-empty 3D or 4D (batch mode) tensor expected for input, got shape [4, 4]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.avgPool2d(x, 3, 1, 2));
        assertEquals("avg_pool2d: pad should be smaller than or equal to half of kernel size, but got padW = 2,"
                + " padH = 2, kW = 3, kH = 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.avgPool2d(x, 3));
        assertEquals("avg_pool2d: Given input size: (3x2x2). Calculated output size: (3x0x0). Output size is too"
                + " small", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.avgPool2d(x, 0));
        assertEquals("avg_pool2d: kernel size should be greater than zero, but got kH: 0 kW: 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AvgPool2d.builder(2).divisorOverride(0).build()
                .forward(x));
        assertEquals("avg_pool2d: divisor must be not zero", e.getMessage());
    }
}
