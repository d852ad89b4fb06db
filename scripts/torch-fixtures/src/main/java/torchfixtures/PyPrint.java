package torchfixtures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What Python's {@code str(tensor)} prints, for the tensors the blitz chapters print, following
 * {@code torch/_tensor_str.py} (PyTorch 2.x) with the default print options: precision 4, linewidth 80, threshold
 * 1000, sci_mode chosen automatically, default dtype float32.
 *
 * <p>Covered: floating tensors in fixed-point and "int mode" (every value integral: {@code 1.}), integer and bool
 * tensors, any rank above 0, the {@code dtype=} suffix for dtypes that are not float32/int64/bool. Anything else
 * (scientific notation, summarised tensors over 1000 elements, non-finite values, 0-dim tensors, grad_fn /
 * requires_grad suffixes) throws rather than guess.
 */
final class PyPrint {
    private PyPrint() {
    }

    static final int PRECISION = 4;
    static final int LINEWIDTH = 80;
    static final int THRESHOLD = 1000;

    /** A tensor's values as libtorch returned them: floats widened exactly to double, ints, or bools. */
    record T(String dtype, long[] shape, double[] f, long[] i, boolean[] b) {
        static T float32(float[] v, long... shape) {
            double[] d = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                d[k] = v[k];
            }
            return new T("torch.float32", shape, d, null, null);
        }

        static T float64(double[] v, long... shape) {
            return new T("torch.float64", shape, v.clone(), null, null);
        }

        static T int64(long[] v, long... shape) {
            return new T("torch.int64", shape, null, v.clone(), null);
        }

        static T bool(boolean[] v, long... shape) {
            return new T("torch.bool", shape, null, null, v.clone());
        }

        boolean floating() {
            return f != null;
        }

        int numel() {
            return f != null ? f.length : i != null ? i.length : b.length;
        }
    }

    /** {@code str(torch.Size(shape))}. */
    static String size(long[] shape) {
        StringBuilder s = new StringBuilder("torch.Size([");
        for (int k = 0; k < shape.length; k++) {
            s.append(k == 0 ? "" : ", ").append(shape[k]);
        }
        return s.append("])").toString();
    }

    /** Python's {@code str(bool)}. */
    static String bool(boolean v) {
        return v ? "True" : "False";
    }

    /** {@code str(t)} for a tensor on the default (CPU) device without autograd history. */
    static String str(T t) {
        if (t.shape().length == 0) {
            throw new UnsupportedOperationException("0-dim tensors are not needed here");
        }
        if (t.numel() > THRESHOLD) {
            throw new UnsupportedOperationException("summarised printing is not implemented");
        }
        String prefix = "tensor(";
        int indent = prefix.length();
        Formatter fmt = new Formatter(t);
        String body = tensorStr(t, 0, t.shape().length == 0 ? 1 : t.numel(), 0, indent, fmt);
        List<String> suffixes = new ArrayList<>();
        boolean defaultDtype = t.dtype().equals("torch.float32") || t.dtype().equals("torch.int64")
                || t.dtype().equals("torch.bool");
        if (!defaultDtype) {
            suffixes.add("dtype=" + t.dtype());
        }
        return addSuffixes(prefix + body, suffixes, indent);
    }

    /** _tensor_str_with_formatter over the block [offset, offset + count) of dims from {@code dim} on. */
    private static String tensorStr(T t, int dim, int count, int offset, int indent, Formatter fmt) {
        long[] shape = t.shape();
        int rank = shape.length - dim;
        if (rank == 1) {
            return vectorStr(t, offset, (int) shape[dim], indent, fmt);
        }
        int n = (int) shape[dim];
        int stride = count / n;
        List<String> slices = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            slices.add(tensorStr(t, dim + 1, stride, offset + k * stride, indent + 1, fmt));
        }
        String sep = "," + "\n".repeat(rank - 1) + " ".repeat(indent + 1);
        return "[" + String.join(sep, slices) + "]";
    }

    /** _vector_str: elements per line from the common width, lines joined with ",\n" and indent + 1 spaces. */
    private static String vectorStr(T t, int offset, int n, int indent, Formatter fmt) {
        int elementLength = fmt.width + 2;
        int perLine = Math.max(1, (int) Math.floor((double) (LINEWIDTH - indent) / elementLength));
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < n; k++) {
            if (k > 0 && k % perLine == 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (k % perLine != 0) {
                line.append(", ");
            }
            line.append(fmt.format(t, offset + k));
        }
        lines.add(line.toString());
        return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }

    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
        StringBuilder s = new StringBuilder(tensorStr);
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLen + suffix.length() + 2 > LINEWIDTH) {
                s.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + suffix.length();
            } else {
                s.append(", ").append(suffix);
                lastLineLen += suffix.length() + 2;
            }
        }
        return s.append(")").toString();
    }

    /** Python's {@code "{:.Nf}".format(v)}: the exact binary value rounded half-even, a minus sign kept. */
    static String fixed(double v, int decimals) {
        String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if ((v < 0 || (v == 0 && 1 / v < 0)) && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }

    /** _Formatter: one common width for all elements, int_mode for integral floats. */
    static final class Formatter {
        final boolean floating;
        boolean intMode = true;
        int width = 1;

        Formatter(T t) {
            floating = t.floating();
            if (!floating) {
                for (int k = 0; k < t.numel(); k++) {
                    width = Math.max(width, raw(t, k).length());
                }
                return;
            }
            List<Double> nz = new ArrayList<>();
            for (double v : t.f()) {
                if (!Double.isFinite(v)) {
                    throw new UnsupportedOperationException("non-finite values are not needed here");
                }
                if (v != 0) {
                    nz.add(v);
                }
            }
            if (nz.isEmpty()) {
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (double v : nz) {
                min = Math.min(min, Math.abs(v));
                max = Math.max(max, Math.abs(v));
                if (v != Math.ceil(v)) {
                    intMode = false;
                }
            }
            boolean sci = max / min > 1000.0 || max > 1.0e8 || (!intMode && min < 1.0e-4);
            if (sci) {
                throw new UnsupportedOperationException("scientific notation is not implemented: min " + min
                        + " max " + max);
            }
            for (double v : nz) {
                width = Math.max(width, intMode ? fixed(v, 0).length() + 1 : fixed(v, PRECISION).length());
            }
        }

        private static String raw(T t, int k) {
            return t.i() != null ? Long.toString(t.i()[k]) : bool(t.b()[k]);
        }

        String format(T t, int k) {
            String ret;
            if (floating) {
                double v = t.f()[k];
                ret = intMode ? fixed(v, 0) + "." : fixed(v, PRECISION);
            } else {
                ret = raw(t, k);
            }
            return " ".repeat(Math.max(0, width - ret.length())) + ret;
        }
    }
}
