package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;

import java.util.Arrays;

/**
 * The factories behind {@link Tensor}'s {@code arange}, {@code linspace} and {@code eye}, and the shape check of
 * the others: values computed on the host the way PyTorch's CPU kernels compute them, then copied to the device.
 */
final class Creation {
    /** float32 elements per vector of PyTorch's AVX2 arange kernel; its loop takes two vectors at a time. */
    private static final int FLOAT32_LANES = 8;
    /** float64 elements per vector of the same kernel. */
    private static final int FLOAT64_LANES = 4;
    private static final double TWO_TO_63 = 0x1p63;

    private Creation() {
    }

    /** The shape of these sizes, refused with PyTorch's message when one is negative. */
    static Shape shape(String op, int... sizes) {
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException(op + "(): Trying to create tensor with negative dimension " + s
                        + ": " + Arrays.toString(sizes));
            }
        }
        return Shape.of(sizes);
    }

    /**
     * {@code torch.arange(start, end, step)} of integers: int64, {@code ceil((end - start) / step)} elements
     * {@code start + i * step}.
     */
    static Tensor arange(long start, long end, long step, Device device) {
        checkRange(step != 0, end >= start, end <= start, step);
        long sign = Long.signum(step);
        long count = (end - start + step - sign) / step;
        long[] values = new long[size(count)];
        for (int i = 0; i < values.length; i++) {
            values[i] = start + step * i;
        }
        return Tensor.fromHost(values, Shape.of(values.length), device);
    }

    /**
     * {@code torch.arange(start, end, step, dtype=dtype)}. float32 and float64 follow PyTorch's AVX2 kernel to the
     * bit: the count is {@code ceil((end - start) / step)} in double; the elements come in pairs of vectors (8
     * float32 or 4 float64 each) while a whole pair fits, each vector from its first element
     * {@code fma(i, step, start)} rounded to the dtype, the others {@code fma(k, step, first)} in double then
     * rounded; the remaining ones are each {@code fma(i, step, start)}. (PyTorch on several threads restarts the
     * vectors at each thread's first element, so above 32768 elements its last bits can then differ.) int64 takes
     * the arguments truncated to integers first, as PyTorch.
     */
    static Tensor arange(double start, double end, double step, DType dtype, Device device) {
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("arange: \"arange_cpu\" not implemented for '" + dtype
                    + "'; expected torch.float32, torch.float64 or torch.int64");
        }
        if (dtype == DType.INT64) {
            long s = toLong("arange", start);
            long e = toLong("arange", end);
            long st = toLong("arange", step);
            return arange(s, e, st, device);
        }
        if (!(Double.isFinite(start) && Double.isFinite(end))) {
            checkRange(step > 0 || step < 0, true, true, step);
            throw new IllegalArgumentException("arange: unsupported range: " + cpp(start) + " -> " + cpp(end));
        }
        checkRange(step > 0 || step < 0, end >= start, end <= start, step);
        double count = Math.ceil((end - start) / step);
        int n = size(count);
        boolean f32 = dtype == DType.FLOAT32;
        int lanes = f32 ? FLOAT32_LANES : FLOAT64_LANES;
        int vectorEnd = n - n % (2 * lanes);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            if (i < vectorEnd) {
                int k = i % lanes;
                double first = round(Math.fma(i - k, step, start), f32);
                values[i] = k == 0 ? first : round(Math.fma(k, step, first), f32);
            } else {
                values[i] = round(Math.fma(i, step, start), f32);
            }
        }
        return Tensor.fromHost(f32 ? toFloats(values) : values, Shape.of(n), device);
    }

    /**
     * {@code torch.linspace(start, end, steps, dtype=dtype)}: as PyTorch's CPU kernel, {@code step = (end - start)
     * / (steps - 1)} in the dtype (double for int64), the first half {@code start + i * step} and the rest
     * {@code end - (steps - 1 - i) * step}, each one fused multiply-add; int64 truncates start, end and each value.
     */
    static Tensor linspace(double start, double end, int steps, DType dtype, Device device) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        }
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("linspace: \"linspace_cpu\" not implemented for '" + dtype
                    + "'; expected torch.float32, torch.float64 or torch.int64");
        }
        int half = steps / 2;
        Object values;
        if (steps == 1) {
            // PyTorch fills start rather than dividing by zero steps
            values = switch (dtype) {
                case FLOAT32 -> new float[] {(float) start};
                case FLOAT64 -> new double[] {start};
                default -> new long[] {toLong("linspace", start)};
            };
        } else if (dtype == DType.FLOAT32) {
            float s = (float) start;
            float e = (float) end;
            float step = (e - s) / (steps - 1);
            float[] v = new float[steps];
            for (int i = 0; i < steps; i++) {
                v[i] = i < half ? Math.fma(step, (float) i, s) : Math.fma(-step, (float) (steps - 1 - i), e);
            }
            values = v;
        } else if (dtype == DType.FLOAT64) {
            double step = (end - start) / (steps - 1);
            double[] v = new double[steps];
            for (int i = 0; i < steps; i++) {
                v[i] = i < half ? Math.fma(step, i, start) : Math.fma(-step, steps - 1 - i, end);
            }
            values = v;
        } else {
            double s = toLong("linspace", start);
            double e = toLong("linspace", end);
            double step = (e - s) / (steps - 1);
            long[] v = new long[steps];
            for (int i = 0; i < steps; i++) {
                v[i] = (long) (i < half ? Math.fma(step, i, s) : Math.fma(-step, steps - 1 - i, e));
            }
            values = v;
        }
        return Tensor.fromHost(values, Shape.of(steps), device);
    }

    /** {@code torch.eye(n, m, dtype=dtype)}: ones on the main diagonal, zeros elsewhere. */
    static Tensor eye(int n, int m, DType dtype, Device device) {
        if (n < 0) {
            throw new IllegalArgumentException("eye: n must be greater or equal to 0, got " + n);
        }
        if (m < 0) {
            throw new IllegalArgumentException("eye: m must be greater or equal to 0, got " + m);
        }
        Shape shape = Shape.of(n, m);
        Object values = HostArrays.newArray(dtype, shape.numel());
        for (int i = 0; i < Math.min(n, m); i++) {
            int at = i * m + i;
            switch (dtype) {
                case FLOAT32 -> ((float[]) values)[at] = 1;
                case FLOAT64 -> ((double[]) values)[at] = 1;
                case INT64 -> ((long[]) values)[at] = 1;
                case BOOL -> ((boolean[]) values)[at] = true;
            }
        }
        return Tensor.fromHost(values, shape, device);
    }

    /** PyTorch's three checks of an arange, in its order. */
    private static void checkRange(boolean stepNonzero, boolean endAtOrAbove, boolean endAtOrBelow, double step) {
        if (!stepNonzero) {
            throw new IllegalArgumentException("arange: step must be nonzero");
        }
        if (!(step > 0 ? endAtOrAbove : endAtOrBelow)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign");
        }
    }

    private static int size(double count) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange: " + (long) count + " elements are more than the "
                    + (Integer.MAX_VALUE - 8) + " a tensor can hold");
        }
        return (int) count;
    }

    /** A double argument as PyTorch's {@code Scalar.to<int64_t>()}: truncated, refused when out of range. */
    private static long toLong(String op, double v) {
        if (!(v >= -TWO_TO_63 && v < TWO_TO_63)) {
            throw new IllegalArgumentException(op + ": value cannot be converted to type int64_t without overflow: "
                    + v);
        }
        return (long) v;
    }

    private static double round(double v, boolean toFloat) {
        return toFloat ? (float) v : v;
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** A double the way C++'s stream prints it in PyTorch's messages: {@code inf}, {@code nan}, {@code 0}. */
    private static String cpp(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : Double.toString(v);
    }
}
