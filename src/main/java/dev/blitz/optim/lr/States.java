package dev.blitz.optim.lr;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The schedulers' state dicts: PyTorch's Python values as small CPU tensors, and the checks when loading them. */
final class States {
    private States() {
    }

    static Tensor float64(double value) {
        return Tensor.full(Shape.of(), value, DType.FLOAT64, Device.CPU);
    }

    static Tensor float64(double[] values) {
        return Tensor.of(values, values.length).to(Device.CPU);
    }

    static Tensor int64(long value) {
        return Tensor.of(new long[] {value}, Shape.of(), Device.CPU);
    }

    static Tensor int64(long[] values) {
        return Tensor.of(values, Shape.of(values.length), Device.CPU);
    }

    static Tensor bool(boolean value) {
        return Tensor.of(new boolean[] {value}).to(Device.CPU);
    }

    /** Notes every key of {@code expected} missing from {@code state} and every key of {@code state} not expected. */
    static void checkKeys(Map<String, Tensor> state, Set<String> expected, List<String> problems) {
        for (String key : expected) {
            if (!state.containsKey(key)) {
                problems.add("missing key \"" + key + "\"");
            }
        }
        for (String key : state.keySet()) {
            if (!expected.contains(key)) {
                problems.add("unexpected key \"" + key + "\"");
            }
        }
    }

    static boolean sameValues(Tensor a, Tensor b) {
        return a.shape().equals(b.shape()) && Arrays.equals(a.toDoubleArray(), b.toDoubleArray());
    }

    static String describe(Tensor t) {
        double[] v = t.toDoubleArray();
        return t.dim() == 0 ? format(v[0]) : Arrays.toString(Arrays.stream(v).mapToObj(States::format).toArray());
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The float64 values of {@code key}, which must hold {@code n} of them; null (noted) otherwise. */
    static double[] vector(Map<String, Tensor> state, String key, int n, List<String> problems) {
        Tensor t = state.get(key);
        if (t == null) {
            return null;
        }
        if (t.dim() != 1 || t.numel() != n) {
            problems.add("size mismatch for " + key + ": " + t.shape() + " in the state, expected [" + n + "] (one "
                    + "per parameter group)");
            return null;
        }
        return t.toDoubleArray();
    }

    /** The whole number in {@code key}, at least {@code min}; {@code min - 1} (noted) otherwise. */
    static long count(Map<String, Tensor> state, String key, long min, List<String> problems) {
        Tensor t = state.get(key);
        if (t == null) {
            return min - 1;
        }
        double v = t.numel() == 1 ? t.toDoubleArray()[0] : Double.NaN;
        if (!(v >= min) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
            problems.add(key + " = " + (t.numel() == 1 ? describe(t) : t.shape().toString()) + " is not a whole "
                    + "number >= " + min);
            return min - 1;
        }
        return (long) v;
    }

    static void throwIfAny(String owner, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading the state of " + owner + ":\n\t"
                    + String.join("\n\t", problems));
        }
    }
}
