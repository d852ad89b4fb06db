package dev.blitz.tensor;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Java arrays on the host side of a tensor: nested arrays flattened into one typed array with their sizes, and
 * typed arrays moved to and from buffers. The typed array of a dtype is float[] (float32), double[] (float64),
 * long[] (int64) or boolean[] (bool).
 */
final class HostArrays {
    private HostArrays() {
    }

    /** A row-major typed array and its sizes. */
    record Flat(Object values, int[] dims, DType dtype) {
    }

    /**
     * Flattens a rectangular nested array of float, double, long, int or boolean (any depth; int becomes int64,
     * PyTorch's integer type), as {@code torch.tensor(data)} reads nested lists.
     */
    static Flat flatten(Object nested) {
        if (nested == null || !nested.getClass().isArray()) {
            throw new IllegalArgumentException("Tensor.of: expected a Java array (float[], double[][], long[], int[][],"
                    + " boolean[], ...), got " + (nested == null ? "null" : nested.getClass().getSimpleName()));
        }
        List<Integer> dims = new ArrayList<>();
        Object probe = nested;
        while (probe.getClass().isArray() && !probe.getClass().getComponentType().isPrimitive()) {
            int n = Array.getLength(probe);
            dims.add(n);
            if (n == 0) {
                break;
            }
            probe = Array.get(probe, 0);
            if (probe == null) {
                throw new IllegalArgumentException("Tensor.of: a null row in the array");
            }
        }
        Class<?> leaf = probe.getClass().isArray() ? probe.getClass().getComponentType() : null;
        if (probe.getClass().isArray() && leaf.isPrimitive()) {
            dims.add(Array.getLength(probe));
        }
        DType dtype = leaf == float.class ? DType.FLOAT32 : leaf == double.class ? DType.FLOAT64
                : leaf == long.class || leaf == int.class ? DType.INT64 : leaf == boolean.class ? DType.BOOL : null;
        if (dtype == null) {
            String type = nested.getClass().getSimpleName();
            throw new IllegalArgumentException("Tensor.of: " + type + " is not a tensor's data; expected nested arrays"
                    + " of float, double, long, int or boolean");
        }
        int[] sizes = dims.stream().mapToInt(Integer::intValue).toArray();
        int numel = 1;
        for (int d : sizes) {
            numel *= d;
        }
        Object out = newArray(dtype, numel);
        int[] pos = {0};
        copyRows(nested, sizes, 0, out, pos, new ArrayList<>());
        return new Flat(out, sizes, dtype);
    }

    private static void copyRows(Object src, int[] dims, int depth, Object out, int[] pos, List<Integer> at) {
        int n = Array.getLength(src);
        if (n != dims[depth]) {
            throw new IllegalArgumentException("Tensor.of: the array is not rectangular: row " + at + " has " + n
                    + " entries, expected " + dims[depth] + " (like its first row)");
        }
        if (depth == dims.length - 1) {
            for (int i = 0; i < n; i++) {
                Object v = Array.get(src, i);
                if (v instanceof Float f) {
                    ((float[]) out)[pos[0]++] = f;
                } else if (v instanceof Double d) {
                    ((double[]) out)[pos[0]++] = d;
                } else if (v instanceof Number k) {
                    ((long[]) out)[pos[0]++] = k.longValue();
                } else {
                    ((boolean[]) out)[pos[0]++] = (Boolean) v;
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            Object row = Array.get(src, i);
            at.add(i);
            if (row == null || !row.getClass().isArray()) {
                throw new IllegalArgumentException("Tensor.of: the array is not rectangular: row " + at + " is "
                        + (row == null ? "null" : "not an array"));
            }
            copyRows(row, dims, depth + 1, out, pos, at);
            at.remove(at.size() - 1);
        }
    }

    /** A zeroed typed array of {@code dtype}. */
    static Object newArray(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
        };
    }

    /** The dtype whose typed array {@code values} is. */
    static DType dtypeOf(Object values) {
        if (values instanceof float[]) {
            return DType.FLOAT32;
        } else if (values instanceof double[]) {
            return DType.FLOAT64;
        } else if (values instanceof long[]) {
            return DType.INT64;
        } else if (values instanceof boolean[]) {
            return DType.BOOL;
        }
        throw new IllegalArgumentException("not a tensor's typed array: " + values.getClass());
    }

    static int length(Object values) {
        return Array.getLength(values);
    }

    static Buffer upload(Backend backend, Object values) {
        return switch (dtypeOf(values)) {
            case FLOAT32 -> backend.upload((float[]) values);
            case FLOAT64 -> backend.upload((double[]) values);
            case INT64 -> backend.upload((long[]) values);
            case BOOL -> backend.upload((boolean[]) values);
        };
    }

    static Object download(Backend backend, Buffer buffer) {
        Object out = newArray(buffer.dtype(), buffer.length());
        switch (buffer.dtype()) {
            case FLOAT32 -> backend.download(buffer, (float[]) out);
            case FLOAT64 -> backend.download(buffer, (double[]) out);
            case INT64 -> backend.download(buffer, (long[]) out);
            case BOOL -> backend.download(buffer, (boolean[]) out);
        }
        return out;
    }
}
