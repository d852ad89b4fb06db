package dev.blitz.tensor;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;

/**
 * Random tensors from the default {@link Generator}, drawn in PyTorch's order: a fresh tensor's elements in
 * row-major order, and a view's in the order PyTorch's TensorIterator walks it, which is what {@code uniform_},
 * {@code normal_} and {@code bernoulli_} fill: its dimensions sorted by stride, the largest outermost (for a
 * transposed matrix, its memory order). The values are drawn on the host and copied to the tensor's device.
 */
final class RandomFill {
    private RandomFill() {
    }

    /** The distributions, with the name of the PyTorch kernel that refuses a dtype it has no rule for. */
    enum Kind {
        UNIFORM("check_uniform_bounds"),
        NORMAL("normal_kernel_cpu"),
        BERNOULLI("bernoulli_scalar_cpu_");

        private final String kernel;

        Kind(String kernel) {
            this.kernel = kernel;
        }
    }

    /**
     * A new contiguous tensor of samples, as {@code torch.rand}/{@code randn}/{@code empty(...).bernoulli_(p)}
     * with a dtype: U(a, b), N(a, b²), or Bernoulli(a).
     */
    static Tensor fresh(String op, Kind kind, Shape shape, DType dtype, Device device, double a, double b) {
        return Tensor.fromHost(draw(op, kind, shape.numel(), true, dtype, a, b), shape, device);
    }

    /**
     * The samples {@code uniform_}/{@code normal_}/{@code bernoulli_} write into {@code t}, as a new contiguous
     * tensor of {@code t}'s shape, dtype and device: drawn in {@code t}'s walking order and placed where each
     * lands. A non-contiguous {@code t} also takes PyTorch's one-at-a-time normal path, whatever its size.
     *
     * @throws IllegalArgumentException if {@code t} has a dimension of stride 0 (several elements in one place,
     *     which PyTorch refuses to write in place), or as {@link Generator} does for bad parameters
     */
    static Tensor into(String op, Kind kind, Tensor t, double a, double b) {
        int[] sizes = t.size();
        int[] strides = t.stride();
        for (int d = 0; d < sizes.length; d++) {
            if (strides[d] == 0 && sizes[d] > 1) {
                throw new IllegalArgumentException(op + ": unsupported operation: more than one element of the"
                        + " written-to tensor refers to a single memory location (shape " + t.shape() + ", strides "
                        + java.util.Arrays.toString(strides) + "). Please clone() the tensor before performing the"
                        + " operation.");
            }
        }
        boolean contiguous = t.isContiguous();
        Object values = draw(op, kind, t.numel(), contiguous, t.dtype(), a, b);
        if (!contiguous) {
            values = toRowMajor(values, walkPositions(sizes, strides));
        }
        return Tensor.fromHost(values, t.shape(), t.device());
    }

    /**
     * Refuses an integer range {@code [low, high)} that a dtype cannot hold exactly: float32 and float64 beyond
     * ±2²⁴ and ±2⁵³ (where PyTorch warns and shifts the range), bool beyond [0, 2). An empty range is left to
     * the generator's message.
     */
    static void checkIntegerRange(String op, long low, long high, DType dtype) {
        if (low >= high || dtype == DType.INT64) {
            return;
        }
        long max = switch (dtype) {
            case FLOAT32 -> 1L << 24;
            case FLOAT64 -> 1L << 53;
            default -> 1;
        };
        long min = dtype == DType.BOOL ? 0 : -max;
        String range = dtype == DType.BOOL ? "[0, 1]" : dtype == DType.FLOAT32 ? "[-(2^24), 2^24]" : "[-(2^53), 2^53]";
        if (low < min || low > max) {
            throw new IllegalArgumentException(op + ": from=" + low + " is out of bounds " + range + " for " + dtype
                    + ", where every integer is exact");
        }
        if (high - 1 > max) {
            throw new IllegalArgumentException(op + ": to - 1=" + (high - 1) + " is out of bounds " + range + " for "
                    + dtype + ", where every integer is exact");
        }
    }

    /** Integers as the typed host array of {@code dtype}. */
    static Object integers(long[] values, DType dtype) {
        int n = values.length;
        switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = values[i];
                }
                return v;
            }
            case FLOAT64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = values[i];
                }
                return v;
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = values[i] != 0;
                }
                return v;
            }
            default -> {
                return values;
            }
        }
    }

    /** {@code n} samples as the typed host array of {@code dtype}. */
    private static Object draw(String op, Kind kind, int n, boolean contiguous, DType dtype, double a, double b) {
        Generator g = Generator.getDefault();
        if (kind == Kind.BERNOULLI) {
            // one rule for every dtype: a 53-bit uniform compared with p, stored as 0 or 1
            float[] bits = g.bernoulli(n, a);
            if (dtype == DType.FLOAT32) {
                return bits;
            }
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = (long) bits[i];
            }
            return integers(v, dtype);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + kind.kernel + "\" not implemented for '" + dtype
                    + "'; expected torch.float32 or torch.float64");
        }
        boolean vectorised = contiguous && n >= Generator.VECTORISED_NORMAL_MIN;
        if (dtype == DType.FLOAT32) {
            return kind == Kind.UNIFORM ? g.uniform(n, a, b) : g.normal(n, a, b, vectorised);
        }
        return kind == Kind.UNIFORM ? g.uniformFloat64(n, a, b) : g.normalFloat64(n, a, b, vectorised);
    }

    /**
     * Where each element TensorIterator visits lies in row-major order: its {@code reorder_dimensions} (an
     * insertion sort of the dimensions by stride, the smallest innermost, ties to the smaller size) then an odometer
     * over the dimensions in that order.
     */
    static int[] walkPositions(int[] sizes, int[] strides) {
        int rank = sizes.length;
        // perm[0] is the innermost dimension, as in TensorIterator; it starts from the row-major order
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = rank - 1 - i;
        }
        for (int i = 1; i < rank; i++) {
            int dim1 = i;
            for (int dim0 = i - 1; dim0 >= 0; dim0--) {
                int c = compare(perm[dim0], perm[dim1], sizes, strides);
                if (c > 0) {
                    int swap = perm[dim0];
                    perm[dim0] = perm[dim1];
                    perm[dim1] = swap;
                    dim1 = dim0;
                } else if (c < 0) {
                    break;
                }
            }
        }
        int[] rowStrides = Shape.contiguousStrides(sizes);
        int numel = Shape.of(sizes).numel();
        int[] positions = new int[numel];
        int[] index = new int[rank];
        int at = 0;
        for (int k = 0; k < numel; k++) {
            positions[k] = at;
            for (int j = 0; j < rank; j++) {
                int d = perm[j];
                at += rowStrides[d];
                if (++index[d] < sizes[d]) {
                    break;
                }
                at -= rowStrides[d] * sizes[d];
                index[d] = 0;
            }
        }
        return positions;
    }

    /** TensorIterator's {@code should_swap} for one operand: 1 to move {@code a} outward of {@code b}. */
    private static int compare(int a, int b, int[] sizes, int[] strides) {
        if (strides[a] == 0 || strides[b] == 0) {
            return 0;
        }
        if (strides[a] != strides[b]) {
            return strides[a] < strides[b] ? -1 : 1;
        }
        return sizes[a] > sizes[b] ? 1 : 0;
    }

    private static Object toRowMajor(Object drawn, int[] positions) {
        int n = positions.length;
        if (drawn instanceof float[] v) {
            float[] out = new float[n];
            for (int k = 0; k < n; k++) {
                out[positions[k]] = v[k];
            }
            return out;
        }
        if (drawn instanceof double[] v) {
            double[] out = new double[n];
            for (int k = 0; k < n; k++) {
                out[positions[k]] = v[k];
            }
            return out;
        }
        if (drawn instanceof long[] v) {
            long[] out = new long[n];
            for (int k = 0; k < n; k++) {
                out[positions[k]] = v[k];
            }
            return out;
        }
        boolean[] v = (boolean[]) drawn;
        boolean[] out = new boolean[n];
        for (int k = 0; k < n; k++) {
            out[positions[k]] = v[k];
        }
        return out;
    }
}
