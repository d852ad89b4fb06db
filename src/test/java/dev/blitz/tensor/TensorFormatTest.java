package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.nn.F;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Tensor.toString against text PyTorch 2.x prints with default print options. Each expected string was worked
 * out by hand from torch/_tensor_str.py (_Formatter, _vector_str, _tensor_str_with_formatter, _add_suffixes);
 * those marked "test_print" are asserted verbatim by PyTorch's own test_torch.py (TestTorch.test_print).
 */
class TensorFormatTest {

    private static String text(float[] values, int[] dims, String gradFn) {
        return TensorFormat.format(values, dims, Device.CPU, gradFn, false);
    }

    private static String text(Object values, DType dtype, int... dims) {
        return TensorFormat.format(values, dims, dtype, Device.CPU, null, false);
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

    @Test
    void int64RightAlignsToTheWidestShownValue() {
        // test_print: torch.tensor([1, 2]), torch.tensor([1, -2]), torch.tensor([1, 1010]), torch.tensor([1000000000]).
        assertEquals("tensor([1, 2])", text(new long[] {1, 2}, DType.INT64, 2));
        assertEquals("tensor([ 1, -2])", text(new long[] {1, -2}, DType.INT64, 2));
        assertEquals("tensor([   1, 1010])", text(new long[] {1, 1010}, DType.INT64, 2));
        assertEquals("tensor([1000000000])", text(new long[] {1000000000}, DType.INT64, 1));
        // test_print: torch.tensor(2341234123412341).
        assertEquals("tensor(2341234123412341)", text(new long[] {2341234123412341L}, DType.INT64));
        assertEquals("tensor([[1, 1],\n        [1, 1]])", text(new long[] {1, 1, 1, 1}, DType.INT64, 2, 2));
        assertEquals("tensor([[ -1,  20],\n        [300,   4]])", text(new long[] {-1, 20, 300, 4}, DType.INT64, 2, 2));
        assertEquals("tensor([-9223372036854775808,                    1])",
                text(new long[] {Long.MIN_VALUE, 1}, DType.INT64, 2));
    }

    @Test
    void int64RowsWrapAtEightyColumns() {
        long[] v = new long[30];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 + i;
        }
        // Width 2, so 4 columns an element: (80 - 7) / 4 = 18 per line.
        assertEquals("tensor([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,\n"
                + "        28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39])", text(v, DType.INT64, 30));
    }

    @Test
    void int64SummarizesAboveAThousandElements() {
        long[] v = new long[2000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        // A hidden value does not widen the shown ones.
        v[1000] = 1_000_000_000_000L;
        assertEquals("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])", text(v, DType.INT64, 2000));
    }

    @Test
    void boolPrintsPythonsTrueAndFalseAligned() {
        // test_print: torch.tensor([True]), torch.tensor(True).
        assertEquals("tensor([True])", text(new boolean[] {true}, DType.BOOL, 1));
        assertEquals("tensor(True)", text(new boolean[] {true}, DType.BOOL));
        assertEquals("tensor(False)", text(new boolean[] {false}, DType.BOOL));
        // "False" sets the width to 5, so "True" gets a leading space.
        assertEquals("tensor([ True, False])", text(new boolean[] {true, false}, DType.BOOL, 2));
        assertEquals("tensor([True, True])", text(new boolean[] {true, true}, DType.BOOL, 2));
        assertEquals("tensor([[ True, False],\n        [False,  True]])",
                text(new boolean[] {true, false, false, true}, DType.BOOL, 2, 2));
    }

    @Test
    void boolSummarizesOnTheShownValues() {
        boolean[] alternating = new boolean[2000];
        boolean[] mostlyTrue = new boolean[2000];
        for (int i = 0; i < 2000; i++) {
            alternating[i] = i % 2 == 0;
            mostlyTrue[i] = i != 1000;
        }
        assertEquals("tensor([ True, False,  True,  ..., False,  True, False])",
                text(alternating, DType.BOOL, 2000));
        assertEquals("tensor([True, True, True,  ..., True, True, True])", text(mostlyTrue, DType.BOOL, 2000));
    }

    @Test
    void float64FormatsLikeFloat32WithADtypeSuffix() {
        assertEquals("tensor([2., 2.], dtype=torch.float64)", text(new double[] {2, 2}, DType.FLOAT64, 2));
        assertEquals("tensor(1.5000, dtype=torch.float64)", text(new double[] {1.5}, DType.FLOAT64));
        assertEquals("tensor([[ 0.5000, -1.2500],\n        [ 3.0000,  4.1250]], dtype=torch.float64)",
                text(new double[] {0.5, -1.25, 3, 4.125}, DType.FLOAT64, 2, 2));
        // test_print: torch.tensor([1e-324, 1e-323, 1e-322, 1e307, 1e308, 1e309], dtype=torch.float64), where 1e-324
        // is 0 and 1e309 inf (Java rejects both literals). Subnormals keep a 3-digit exponent, so the width is 11.
        assertEquals("tensor([ 0.0000e+00, 9.8813e-324, 9.8813e-323, 1.0000e+307, 1.0000e+308,\n"
                        + "                inf], dtype=torch.float64)",
                text(new double[] {0, 1e-323, 1e-322, 1e307, 1e308, Double.POSITIVE_INFINITY}, DType.FLOAT64, 6));
    }

    @Test
    void float64IsFormattedFromTheDoubleValues() {
        // 2.00005 is 2.0000499999... as a double but 2.0000500679... as a float: {:.4f} gives 2.0000 and 2.0001.
        assertEquals("tensor([2.0000], dtype=torch.float64)", text(new double[] {2.00005}, DType.FLOAT64, 1));
        assertEquals("tensor([2.0001])", text(new float[] {2.00005f}, DType.FLOAT32, 1));
        // 10 / 0.01 is exactly 1000.0 in doubles, not above 1000, so fixed-point; float32 0.01 makes it scientific
        // (scientificNotationForTinyHugeOrWideRanges).
        assertEquals("tensor([ 0.0100, 10.0000], dtype=torch.float64)",
                text(new double[] {0.01, 10}, DType.FLOAT64, 2));
        double[] ones = new double[2000];
        java.util.Arrays.fill(ones, 1);
        assertEquals("tensor([1., 1., 1.,  ..., 1., 1., 1.], dtype=torch.float64)", text(ones, DType.FLOAT64, 2000));
    }

    @Test
    void dtypeComesAfterDeviceAndBeforeGradFn() {
        assertEquals("tensor([1., 2.], device='cuda:0', dtype=torch.float64, grad_fn=<AddBackward0>)",
                TensorFormat.format(new double[] {1, 2}, new int[] {2}, DType.FLOAT64, Device.cuda(0), "AddBackward0",
                        true));
        assertEquals("tensor([1., 2.], dtype=torch.float64, requires_grad=True)",
                TensorFormat.format(new double[] {1, 2}, new int[] {2}, DType.FLOAT64, Device.CPU, null, true));
        // test_print: torch.tensor([123], device='cuda:0').
        assertEquals("tensor([123], device='cuda:0')",
                TensorFormat.format(new long[] {123}, new int[] {1}, DType.INT64, Device.cuda(0), null, false));
        // The full last line (79 + 2 by _add_suffixes' count) sends the dtype to its own line; grad_fn follows it.
        double[] out = {-0.0794, 0.0241, 0.1110, -0.0562, 0.0466, -0.0853, 0.0189, 0.1085};
        assertEquals("tensor([-0.0794,  0.0241,  0.1110, -0.0562,  0.0466, -0.0853,  0.0189,  0.1085],\n"
                        + "       dtype=torch.float64, grad_fn=<AddmmBackward0>)",
                TensorFormat.format(out, new int[] {8}, DType.FLOAT64, Device.CPU, "AddmmBackward0", true));
    }

    @Test
    void emptyTensorsShowEveryDtypeButFloat32() {
        // _str_intern: with no elements to show the type, dtype is added unless it is the default float32.
        assertEquals("tensor([], dtype=torch.int64)", text(new long[0], DType.INT64, 0));
        assertEquals("tensor([], dtype=torch.bool)", text(new boolean[0], DType.BOOL, 0));
        assertEquals("tensor([], dtype=torch.float64)", text(new double[0], DType.FLOAT64, 0));
        assertEquals("tensor([], size=(0, 3), dtype=torch.int64)", text(new long[0], DType.INT64, 0, 3));
        assertEquals("tensor([], size=(0, 3))", text(new float[0], DType.FLOAT32, 0, 3));
        // 11 + 17 + 13 + 21 = 62 columns by _add_suffixes' count, and 20 more would pass 80.
        assertEquals("tensor([], device='cuda:0', size=(2, 0), dtype=torch.float64,\n       requires_grad=True)",
                TensorFormat.format(new double[0], new int[] {2, 0}, DType.FLOAT64, Device.cuda(0), null, true));
    }

    @Test
    void valuesMustMatchTheDtypeAndShape() {
        assertEquals("values of a torch.int64 tensor must be a long[], got float[]",
                assertThrows(IllegalArgumentException.class, () -> text(new float[2], DType.INT64, 2)).getMessage());
        assertEquals("3 values for shape [2, 2], which has 4 elements",
                assertThrows(IllegalArgumentException.class, () -> text(new long[3], DType.INT64, 2, 2)).getMessage());
    }

    @Test
    void sizePrintsAsTorchSize() {
        assertEquals("torch.Size([6, 1, 5, 5])", Shape.of(6, 1, 5, 5).torchSize());
        assertEquals("torch.Size([3])", Shape.of(3).torchSize());
        assertEquals("torch.Size([])", Shape.of().torchSize());
    }
}
