package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of {@link OpTable}: gradients against finite differences, dtypes, and views against copies. */
class OpTableTest {
    // PyTorch's gradcheck defaults.
    private static final double EPS = 1e-6;
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-3;

    static List<OpInfo> rows() {
        return OpTable.all();
    }

    static List<OpInfo> differentiableRows() {
        return OpTable.all().stream().filter(r -> r.differentiable).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differentiableRows")
    void gradientsMatchFiniteDifferencesInFloat64(OpInfo row) {
        for (int s = 0; s < row.samples.size(); s++) {
            for (boolean asView : new boolean[] {false, true}) {
                gradcheck(row, s, asView);
            }
        }
    }

    private static void gradcheck(OpInfo row, int s, boolean asView) {
        Tensor[] leaves = Samples.leaves(row, s, DType.FLOAT64, Device.CPU, asView);
        for (Tensor leaf : leaves) {
            leaf.requiresGrad(true);
        }
        Tensor out = row.op.apply(Samples.inputs(row, s, leaves, asView));
        double[] w = weights(out.numel());
        out.backward(Tensor.of(w, out.size()));
        for (int k = 0; k < leaves.length; k++) {
            double[] x = leaves[k].toDoubleArray();
            double[] analytic = leaves[k].grad() == null ? new double[x.length] : leaves[k].grad().toDoubleArray();
            for (int j = 0; j < x.length; j++) {
                double center = x[j];
                x[j] = center + EPS;
                double plus = projected(row, s, leaves, k, x, w, asView);
                x[j] = center - EPS;
                double minus = projected(row, s, leaves, k, x, w, asView);
                x[j] = center;
                double numeric = (plus - minus) / (2 * EPS);
                if (Math.abs(numeric - analytic[j]) > ATOL + RTOL * Math.abs(numeric)) {
                    throw new AssertionError(row + " sample " + s + (asView ? " (views)" : "") + ": input " + k
                            + ", element " + j + ": backward gives " + analytic[j] + ", finite differences "
                            + numeric);
                }
            }
        }
    }

    private static double projected(OpInfo row, int s, Tensor[] leaves, int k, double[] xk, double[] w,
                                    boolean asView) {
        Tensor[] args = leaves.clone();
        args[k] = Tensor.of(xk, leaves[k].size());
        double[] out;
        try (var g = GradMode.noGrad()) {
            out = row.op.apply(Samples.inputs(row, s, args, asView)).toDoubleArray();
        }
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += w[i] * out[i];
        }
        return sum;
    }

    private static double[] weights(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.cos(0.77 * i + 0.2);
        }
        return w;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void takesItsDtypesAndNamesTheOthers(OpInfo row) {
        for (DType dtype : DType.values()) {
            for (int s = 0; s < row.samples.size(); s++) {
                Tensor[] in = Samples.leaves(row, s, dtype, Device.CPU, false);
                if (row.dtypes.contains(dtype)) {
                    Tensor out = row.op.apply(in);
                    assertEquals(row.resultType.apply(dtype), out.dtype(), row + " of " + dtype + " sample " + s);
                } else {
                    int sample = s;
                    Exception e = assertThrows(RuntimeException.class, () -> row.op.apply(in),
                            row + " of " + dtype + " sample " + sample + " should be refused");
                    String m = e.getMessage().toLowerCase(Locale.ROOT);
                    assertTrue(m.contains(dtype.toString()) && m.contains(row.name.toLowerCase(Locale.ROOT)),
                            row + " of " + dtype + ": the error should name the op and the dtype: " + e.getMessage());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void viewsGiveWhatContiguousInputsGive(OpInfo row) {
        for (DType dtype : row.dtypes) {
            for (int s = 0; s < row.samples.size(); s++) {
                Tensor[] plain = Samples.leaves(row, s, dtype, Device.CPU, false);
                Tensor[] wide = Samples.leaves(row, s, dtype, Device.CPU, true);
                Tensor expected = row.op.apply(plain);
                Tensor actual = row.op.apply(Samples.inputs(row, s, wide, true));
                assertArrayEquals(expected.size(), actual.size(), row + " " + dtype + " sample " + s);
                assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), row + " " + dtype + " sample " + s);
            }
        }
    }
}
