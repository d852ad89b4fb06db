package dev.blitz.tensor;

import dev.blitz.core.Device;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * PyTorch's printed form of a float32 tensor with default print options (torch/_tensor_str.py): precision 4,
 * line width 80, and above 1000 elements only the first and last 3 entries of each dimension around "...".
 */
final class TensorFormat {
    private static final int PRECISION = 4;
    private static final int LINE_WIDTH = 80;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final String PREFIX = "tensor(";

    private final float[] values;
    private final int[] dims;
    private final boolean summarize;
    private boolean intMode = true;
    private boolean sciMode;
    private int width = 1;

    private TensorFormat(float[] values, int[] dims) {
        this.values = values;
        this.dims = dims;
        this.summarize = values.length > THRESHOLD;
    }

    static String format(Tensor t) {
        return format(t.toFloatArray(), t.size(), t.device(), t.gradFn() == null ? null : t.gradFn().name(),
                t.requiresGrad());
    }

    /** The text for {@code values} (row-major) of shape {@code dims}; {@code gradFn} is a node name or null. */
    static String format(float[] values, int[] dims, Device device, String gradFn, boolean requiresGrad) {
        List<String> suffixes = new ArrayList<>();
        if (device.isCuda()) {
            suffixes.add("device='" + device + "'");
        }
        String body;
        if (values.length == 0) {
            body = "[]";
            if (dims.length != 1) {
                suffixes.add("size=" + pythonTuple(dims));
            }
        } else {
            TensorFormat f = new TensorFormat(values, dims);
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

    /** PyTorch's _Formatter: integer or scientific notation, and one width, from the shown nonzero finite values. */
    private void chooseMode() {
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
            if (Float.isFinite(values[offset]) && values[offset] != 0) {
                out.add((double) values[offset]);
            }
            return;
        }
        for (int i : shownIndices(d)) {
            collectNonzeroFinite(d + 1, offset + i * stride(d), out);
        }
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
            return formatValue(values[0]);
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
            data.add(formatValue(values[offset + idx[k]]));
        }
        StringJoiner lines = new StringJoiner(",\n" + " ".repeat(indent + 1), "[", "]");
        for (int i = 0; i < data.size(); i += perLine) {
            lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + perLine))));
        }
        return lines.toString();
    }

    private String formatValue(float value) {
        String s;
        if (sciMode) {
            s = scientific(value);
        } else if (intMode) {
            s = fixed(value, 0) + (Float.isFinite(value) ? "." : "");
        } else {
            s = fixed(value, PRECISION);
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
