package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Device;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * PyTorch's printed form of a tensor with default print options (torch/_tensor_str.py): precision 4, line width
 * 80, and above 1000 elements only the first and last 3 entries of each dimension around "...". Floats share one
 * fixed-point, integral or scientific format; int64 and bool print as Python's {@code str} of each value.
 */
final class TensorFormat {
    private static final int PRECISION = 4;
    private static final int LINE_WIDTH = 80;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final String PREFIX = "tensor(";

    private final Object values;
    private final DType dtype;
    private final int[] dims;
    private final boolean summarize;
    private boolean intMode = true;
    private boolean sciMode;
    private int width = 1;

    private TensorFormat(Object values, DType dtype, int[] dims, int numel) {
        this.values = values;
        this.dtype = dtype;
        this.dims = dims;
        this.summarize = numel > THRESHOLD;
    }

    static String format(Tensor t) {
        return format(t.hostValues(), t.size(), t.dtype(), t.device(),
                t.gradFn() == null ? null : t.gradFn().name(), t.requiresGrad());
    }

    /** The text for float32 {@code values} (row-major) of shape {@code dims}; {@code gradFn} is a node name or null. */
    static String format(float[] values, int[] dims, Device device, String gradFn, boolean requiresGrad) {
        return format(values, dims, DType.FLOAT32, device, gradFn, requiresGrad);
    }

    /**
     * The text PyTorch prints for a tensor with these elements, e.g. {@code tensor([1, 2])} or
     * {@code tensor([2., 2.], dtype=torch.float64)}. The suffixes come in PyTorch's order: the device when not the
     * CPU; the size of an empty tensor unless it is 1-dimensional; the dtype unless it is float32, or, for a
     * tensor with elements, one of int64 and bool (which the values show); then the grad_fn or requires_grad.
     *
     * @param values the elements in row-major order: a {@code float[]} for float32, {@code double[]} for float64,
     *     {@code long[]} for int64 or {@code boolean[]} for bool
     * @param dims the sizes per dimension
     * @param dtype the element type
     * @param device where the tensor lives
     * @param gradFn the name of the autograd node that made it, e.g. {@code AddBackward0}, or null
     * @param requiresGrad whether it requires grad (shown only without a grad_fn)
     * @return the text
     * @throws IllegalArgumentException if {@code values} is not the array type of {@code dtype}, or its length is
     *     not the product of {@code dims}
     */
    static String format(Object values, int[] dims, DType dtype, Device device, String gradFn,
            boolean requiresGrad) {
        int numel = checkValues(values, dims, dtype);
        List<String> suffixes = new ArrayList<>();
        if (device.isCuda()) {
            suffixes.add("device='" + device + "'");
        }
        String body;
        if (numel == 0) {
            body = "[]";
            if (dims.length != 1) {
                suffixes.add("size=" + pythonTuple(dims));
            }
            // No elements show the type, so only the default float32 goes without it.
            if (dtype != DType.FLOAT32) {
                suffixes.add("dtype=" + dtype);
            }
        } else {
            if (dtype == DType.FLOAT64) {
                suffixes.add("dtype=" + dtype);
            }
            TensorFormat f = new TensorFormat(values, dtype, dims, numel);
            f.chooseMode();
            body = f.tensorString(0, 0, PREFIX.length());
        }
        if (gradFn != null) {
            suffixes.add("grad_fn=<" + gradFn + ">");
        } else if (requiresGrad) {
            suffixes.add("requires_grad=True");
        }
        return addSuffixes(PREFIX + body, suffixes);
    }

    /** The element count, after checking that {@code values} is {@code dtype}'s array type and that long. */
    private static int checkValues(Object values, int[] dims, DType dtype) {
        int length = switch (dtype) {
            case FLOAT32 -> values instanceof float[] a ? a.length : -1;
            case FLOAT64 -> values instanceof double[] a ? a.length : -1;
            case INT64 -> values instanceof long[] a ? a.length : -1;
            case BOOL -> values instanceof boolean[] a ? a.length : -1;
        };
        if (length < 0) {
            throw new IllegalArgumentException("values of a " + dtype + " tensor must be a " + arrayType(dtype)
                    + ", got " + (values == null ? "null" : values.getClass().getSimpleName()));
        }
        long numel = 1;
        for (int d : dims) {
            numel *= d;
        }
        if (numel != length) {
            throw new IllegalArgumentException(length + " values for shape " + Arrays.toString(dims)
                    + ", which has " + numel + " elements");
        }
        return length;
    }

    private static String arrayType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "float[]";
            case FLOAT64 -> "double[]";
            case INT64 -> "long[]";
            case BOOL -> "boolean[]";
        };
    }

    /**
     * PyTorch's _Formatter: one width for all shown values; for floats also integer or scientific notation, chosen
     * from the shown nonzero finite values.
     */
    private void chooseMode() {
        if (!dtype.isFloatingPoint()) {
            widenToShown(0, 0);
            return;
        }
        List<Double> shown = new ArrayList<>();
        collectNonzeroFinite(0, 0, shown);
        if (shown.isEmpty()) {
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : shown) {
            min = Math.min(min, Math.abs(v));
            max = Math.max(max, Math.abs(v));
            intMode &= v == Math.ceil(v);
        }
        sciMode = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
        for (double v : shown) {
            String s = sciMode ? scientific(v) : intMode ? fixed(v, 0) + "." : fixed(v, PRECISION);
            width = Math.max(width, s.length());
        }
    }

    /** The values that will be printed (all, or each dimension's edge items when summarizing), if finite and not 0. */
    private void collectNonzeroFinite(int d, int offset, List<Double> out) {
        if (d == dims.length) {
            double v = real(offset);
            if (Double.isFinite(v) && v != 0) {
                out.add(v);
            }
            return;
        }
        for (int i : shownIndices(d)) {
            collectNonzeroFinite(d + 1, offset + i * stride(d), out);
        }
    }

    /** Integers and booleans: the width is the longest shown value's. */
    private void widenToShown(int d, int offset) {
        if (d == dims.length) {
            width = Math.max(width, plain(offset).length());
            return;
        }
        for (int i : shownIndices(d)) {
            widenToShown(d + 1, offset + i * stride(d));
        }
    }

    private double real(int i) {
        return values instanceof float[] f ? f[i] : ((double[]) values)[i];
    }

    /** Python's {@code str} of an int64 or bool element: {@code -3}, {@code True}. */
    private String plain(int i) {
        return values instanceof long[] l ? Long.toString(l[i]) : ((boolean[]) values)[i] ? "True" : "False";
    }

    private int[] shownIndices(int d) {
        int n = dims[d];
        if (summarize && n > 2 * EDGE_ITEMS) {
            int[] idx = new int[2 * EDGE_ITEMS];
            for (int i = 0; i < EDGE_ITEMS; i++) {
                idx[i] = i;
                idx[EDGE_ITEMS + i] = n - EDGE_ITEMS + i;
            }
            return idx;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    private boolean elided(int d) {
        return summarize && dims[d] > 2 * EDGE_ITEMS;
    }

    private int stride(int d) {
        int s = 1;
        for (int i = d + 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    private String tensorString(int d, int offset, int indent) {
        if (dims.length == 0) {
            return formatValue(0);
        }
        if (d == dims.length - 1) {
            return vectorString(d, offset, indent);
        }
        List<String> slices = new ArrayList<>();
        int[] idx = shownIndices(d);
        for (int k = 0; k < idx.length; k++) {
            if (elided(d) && k == EDGE_ITEMS) {
                slices.add("...");
            }
            slices.add(tensorString(d + 1, offset + idx[k] * stride(d), indent + 1));
        }
        String separator = "," + "\n".repeat(dims.length - d - 1) + " ".repeat(indent + 1);
        return "[" + String.join(separator, slices) + "]";
    }

    private String vectorString(int d, int offset, int indent) {
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (width + 2));
        List<String> data = new ArrayList<>();
        int[] idx = shownIndices(d);
        for (int k = 0; k < idx.length; k++) {
            if (elided(d) && k == EDGE_ITEMS) {
                data.add(" ...");
            }
            data.add(formatValue(offset + idx[k]));
        }
        StringJoiner lines = new StringJoiner(",\n" + " ".repeat(indent + 1), "[", "]");
        for (int i = 0; i < data.size(); i += perLine) {
            lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + perLine))));
        }
        return lines.toString();
    }

    /** Element {@code i}, right-aligned to the common width. */
    private String formatValue(int i) {
        String s;
        if (!dtype.isFloatingPoint()) {
            s = plain(i);
        } else {
            double v = real(i);
            s = sciMode ? scientific(v) : intMode ? fixed(v, 0) + (Double.isFinite(v) ? "." : "") : fixed(v, PRECISION);
        }
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** Python's {@code f"{v:.{digits}f}"}: the exact binary value rounded half-to-even. */
    private static String fixed(double v, int digits) {
        String special = nonFinite(v);
        if (special != null) {
            return special;
        }
        return sign(v) + new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's {@code f"{v:.4e}"}, e.g. {@code 1.0000e-05}. */
    private static String scientific(double v) {
        String special = nonFinite(v);
        if (special != null) {
            return special;
        }
        BigDecimal a = new BigDecimal(Math.abs(v));
        if (a.signum() == 0) {
            return sign(v) + "0." + "0".repeat(PRECISION) + "e+00";
        }
        BigDecimal r = a.round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
        int exponent = r.precision() - r.scale() - 1;
        String digits = (r.unscaledValue().toString() + "0".repeat(PRECISION)).substring(0, PRECISION + 1);
        return sign(v) + digits.charAt(0) + "." + digits.substring(1) + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private static String nonFinite(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return null;
    }

    /** "-" for negative values and -0.0, as Python prints them. */
    private static String sign(double v) {
        return Double.doubleToRawLongBits(v) < 0 ? "-" : "";
    }

    /** {@code (0, 3)}; only used for rank >= 2, so never Python's one-element {@code (n,)}. */
    private static String pythonTuple(int[] dims) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int d : dims) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }

    /** Appends ", suffix" to the last line, or starts a new indented line where it would pass the line width. */
    private static String addSuffixes(String text, List<String> suffixes) {
        StringBuilder sb = new StringBuilder(text);
        int lastLineLength = text.length() - text.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
                sb.append(",\n").append(" ".repeat(PREFIX.length())).append(suffix);
                lastLineLength = PREFIX.length() + suffix.length();
            } else {
                sb.append(", ").append(suffix);
                lastLineLength += suffix.length() + 2;
            }
        }
        return sb.append(')').toString();
    }
}
