package dev.blitz.tensor;

import dev.blitz.core.Device;
import dev.blitz.nn.F;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tensor.toString against text PyTorch 2.x prints with default print options. Each expected string was worked
 * out by hand from torch/_tensor_str.py (_Formatter, _vector_str, _tensor_str_with_formatter, _add_suffixes).
 */
class TensorFormatTest {

    private static String text(float[] values, int[] dims, String gradFn) {
        return TensorFormat.format(values, dims, Device.CPU, gradFn, false);
    }

    @Test
    void blitzOutputRowWrapsAtEightyColumns() {
        float[] out = {-0.0794f, 0.0241f, 0.1110f, -0.0562f, 0.0466f, -0.0853f, 0.0189f, 0.1085f, -0.0176f, 0.0727f};
        // 9 + 8 * 7 + 7 * 2 = 79 characters plus the comma: 8 values per line, the rest under the first value.
        assertEquals("tensor([[-0.0794,  0.0241,  0.1110, -0.0562,  0.0466, -0.0853,  0.0189,  0.1085,\n"
                        + "         -0.0176,  0.0727]], grad_fn=<AddmmBackward0>)",
                text(out, new int[] {1, 10}, "AddmmBackward0"));
    }

    @Test
    void suffixMovesToItsOwnLineWhenTheLastLineIsFull() {
        float[] out = {-0.0794f, 0.0241f, 0.1110f, -0.0562f, 0.0466f, -0.0853f, 0.0189f, 0.1085f};
        assertEquals("tensor([-0.0794,  0.0241,  0.1110, -0.0562,  0.0466, -0.0853,  0.0189,  0.1085],\n"
                + "       grad_fn=<AddmmBackward0>)", text(out, new int[] {8}, "AddmmBackward0"));
    }

    @Test
    void integralValuesPrintWithATrailingDot() {
        assertEquals("tensor([0., 0., 0., 0., 0., 0.])", Tensor.zeros(6).toString());
        assertEquals("tensor([[1., 2., 3.],\n        [4., 5., 6.]])",
                Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toString());
    }

    @Test
    void matrixValuesShareOneRightAlignedWidth() {
        Tensor m = Tensor.of(new float[] {0.5f, -1.25f, 2f, 3f, 4.125f, -0.0625f}, 2, 3);
        assertEquals("tensor([[ 0.5000, -1.2500,  2.0000],\n        [ 3.0000,  4.1250, -0.0625]])", m.toString());
        assertEquals("tensor([  1.5000,  -2.2500, 100.0000])",
                Tensor.of(new float[] {1.5f, -2.25f, 100f}, 3).toString());
    }

    @Test
    void threeDimensionalBlocksAreSeparatedByABlankLine() {
        float[] v = new float[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        assertEquals("tensor([[[ 0.,  1.,  2.],\n"
                        + "         [ 3.,  4.,  5.]],\n"
                        + "\n"
                        + "        [[ 6.,  7.,  8.],\n"
                        + "         [ 9., 10., 11.]]])",
                Tensor.of(v, 2, 2, 3).toString());
    }

    @Test
    void roundsTheExactValueHalfToEvenAsPythonDoes() {
        // 0.03125 and 0.09375 are exact binary ties at 4 decimals; Java's %.4f would give 0.0313.
        assertEquals("tensor([0.0312, 0.0938])", Tensor.of(new float[] {0.03125f, 0.09375f}, 2).toString());
        assertEquals("tensor([0.1000, 0.2000, 0.3000])", Tensor.of(new float[] {0.1f, 0.2f, 0.3f}, 3).toString());
    }

    @Test
    void scientificNotationForTinyHugeOrWideRanges() {
        assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(new float[] {1e-5f, 1f}, 2).toString());
        assertEquals("tensor([-1.0000e-05,  1.0000e+00])", Tensor.of(new float[] {-1e-5f, 1f}, 2).toString());
        assertEquals("tensor([1.0000e-03, 2.0000e+00])", Tensor.of(new float[] {0.001f, 2f}, 2).toString());
        assertEquals("tensor([1.0000e+09, 1.0000e+00])", Tensor.of(new float[] {1e9f, 1f}, 2).toString());
        assertEquals("tensor([0.0000e+00, 1.2346e+09])", Tensor.of(new float[] {0f, 1.23456789e9f}, 2).toString());
        // The ratio test runs on the float32 values: 0.001f is a little above 1e-3 (ratio < 1000, fixed-point),
        // 0.01f a little below 1e-2 (ratio > 1000, scientific).
        assertEquals("tensor([0.0010, 1.0000])", Tensor.of(new float[] {0.001f, 1f}, 2).toString());
        assertEquals("tensor([1.0000e-02, 1.0000e+01])", Tensor.of(new float[] {0.01f, 10f}, 2).toString());
        assertEquals("tensor([5.0000e-01, 2.0000e+03])", Tensor.of(new float[] {0.5f, 2000f}, 2).toString());
    }

    @Test
    void nanAndInfinityAreSpelledAsPython() {
        assertEquals("tensor([   nan,    inf,   -inf, 1.5000])",
                Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.5f}, 4)
                        .toString());
        assertEquals("tensor([nan, 1., 2.])", Tensor.of(new float[] {Float.NaN, 1f, 2f}, 3).toString());
    }

    @Test
    void largeTensorsAreSummarizedWithEdgeItems() {
        float[] ones = new float[2000];
        java.util.Arrays.fill(ones, 1f);
        assertEquals("tensor([1., 1., 1.,  ..., 1., 1., 1.])", Tensor.of(ones, 2000).toString());

        float[] range = new float[2000];
        for (int i = 0; i < range.length; i++) {
            range[i] = i;
        }
        // Only the shown values (0, 1, 2, 1997, 1998, 1999) choose the format: 1999 / 1 > 1000, so scientific.
        assertEquals("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
                + "        1.9990e+03])", Tensor.of(range, 2000).toString());
    }

    @Test
    void summarizedMatrixShowsThreeRowsAndColumnsAtEachEnd() {
        float[] v = new float[40 * 50];
        for (int r = 0; r < 40; r++) {
            for (int c = 0; c < 50; c++) {
                v[r * 50 + c] = (float) (r + 1 + (c + 1) / 100.0);
            }
        }
        assertEquals("tensor([[ 1.0100,  1.0200,  1.0300,  ...,  1.4800,  1.4900,  1.5000],\n"
                + "        [ 2.0100,  2.0200,  2.0300,  ...,  2.4800,  2.4900,  2.5000],\n"
                + "        [ 3.0100,  3.0200,  3.0300,  ...,  3.4800,  3.4900,  3.5000],\n"
                + "        ...,\n"
                + "        [38.0100, 38.0200, 38.0300,  ..., 38.4800, 38.4900, 38.5000],\n"
                + "        [39.0100, 39.0200, 39.0300,  ..., 39.4800, 39.4900, 39.5000],\n"
                + "        [40.0100, 40.0200, 40.0300,  ..., 40.4800, 40.4900, 40.5000]])",
                Tensor.of(v, 40, 50).toString());
    }

    @Test
    void scalarsAndAutogradSuffixes() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        assertEquals("tensor([1., 2.], requires_grad=True)", x.toString());
        assertEquals("tensor(3., grad_fn=<SumBackward0>)", x.sum().toString());
        Tensor loss = F.mseLoss(x, Tensor.zeros(2));
        assertEquals("tensor(2.5000, grad_fn=<MseLossBackward0>)", loss.toString());
        assertEquals("tensor(1.0184)", Tensor.scalar(1.0184f).toString());
        try (var g = GradMode.noGrad()) {
            assertEquals("tensor(3.)", x.sum().toString());
        }
    }

    @Test
    void deviceComesBeforeGradFn() {
        assertEquals("tensor([1., 2.], device='cuda:0', grad_fn=<AddmmBackward0>)",
                TensorFormat.format(new float[] {1f, 2f}, new int[] {2}, Device.cuda(0), "AddmmBackward0", true));
        assertEquals("tensor([1., 2.], device='cuda:1', requires_grad=True)",
                TensorFormat.format(new float[] {1f, 2f}, new int[] {2}, Device.cuda(1), null, true));
    }

    @Test
    void emptyTensorsShowTheirSizeUnlessOneDimensional() {
        assertEquals("tensor([])", Tensor.zeros(0).toString());
        assertEquals("tensor([], size=(0, 3))", Tensor.zeros(0, 3).toString());
        assertEquals("tensor([], size=(2, 0, 3))", Tensor.zeros(2, 0, 3).toString());
    }
}
