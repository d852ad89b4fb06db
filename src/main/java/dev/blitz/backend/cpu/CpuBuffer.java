package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;

/**
 * Host memory: a Java array of the buffer's dtype ({@code float[]} for float32, {@code double[]} for float64,
 * {@code long[]} for int64, {@code boolean[]} for bool). The float32 arrays of {@link CpuBackend#allocate} go back
 * to {@link ArrayPool} on release, so a released buffer refuses to hand its array out again rather than let two
 * tensors share it, and an array handed to the caller to keep ({@link #shared}) never goes back. Kernels take the
 * array through the typed accessors ({@link #of}, {@link #f64}, {@link #i64}, {@link #b8}), which name the dtype
 * when a buffer of another one comes in.
 */
final class CpuBuffer implements Buffer {
    private final DType dtype;
    private final Object data;
    private final int length;
    private volatile boolean pooled;
    private volatile boolean released;

    private CpuBuffer(DType dtype, Object data, int length, boolean pooled) {
        this.dtype = dtype;
        this.data = data;
        this.length = length;
        this.pooled = pooled;
    }

    /** A float32 buffer over an array from {@link ArrayPool}, which gets it back on release. */
    static CpuBuffer pooled(float[] data) {
        return new CpuBuffer(DType.FLOAT32, data, data.length, true);
    }

    /**
     * A buffer over {@code array} itself, which no pool ever takes.
     *
     * @param array a {@code float[]}, {@code double[]}, {@code long[]} or {@code boolean[]}
     * @throws IllegalArgumentException for any other object
     */
    static CpuBuffer over(Object array) {
        if (array instanceof float[] a) {
            return new CpuBuffer(DType.FLOAT32, a, a.length, false);
        }
        if (array instanceof double[] a) {
            return new CpuBuffer(DType.FLOAT64, a, a.length, false);
        }
        if (array instanceof long[] a) {
            return new CpuBuffer(DType.INT64, a, a.length, false);
        }
        if (array instanceof boolean[] a) {
            return new CpuBuffer(DType.BOOL, a, a.length, false);
        }
        throw new IllegalArgumentException("a CPU buffer holds a float[], double[], long[] or boolean[], not "
                + (array == null ? "null" : array.getClass().getSimpleName()));
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            if (pooled) {
                ArrayPool.give((float[]) data);
            }
        }
    }

    /**
     * The array of {@code b} for a caller that may keep it past the buffer's release (the NumPy bridge): the
     * buffer then leaves it to the garbage collector instead of the pool, which would hand it to another tensor.
     */
    static Object shared(Buffer b) {
        Object a = array(b, null);
        ((CpuBuffer) b).pooled = false;
        return a;
    }

    /** The float32 array of {@code b}; throws {@link IllegalStateException} for another dtype or after release. */
    static float[] of(Buffer b) {
        return (float[]) array(b, DType.FLOAT32);
    }

    /** The float64 array of {@code b}; throws {@link IllegalStateException} for another dtype or after release. */
    static double[] f64(Buffer b) {
        return (double[]) array(b, DType.FLOAT64);
    }

    /** The int64 array of {@code b}; throws {@link IllegalStateException} for another dtype or after release. */
    static long[] i64(Buffer b) {
        return (long[]) array(b, DType.INT64);
    }

    /** The bool array of {@code b}; throws {@link IllegalStateException} for another dtype or after release. */
    static boolean[] b8(Buffer b) {
        return (boolean[]) array(b, DType.BOOL);
    }

    /**
     * The array of {@code b} whatever its dtype, for kernels that only move elements ({@code System.arraycopy})
     * or switch on the dtype themselves; throws {@link IllegalStateException} after release.
     */
    static Object array(Buffer b) {
        return array(b, null);
    }

    private static Object array(Buffer b, DType expected) {
        CpuBuffer c = (CpuBuffer) b;
        if (c.released) {
            String elements = c.dtype == DType.FLOAT32 ? " floats" : " " + c.dtype + " elements";
            throw new IllegalStateException("a CPU buffer of " + c.length + elements + " was used after release");
        }
        if (expected != null && c.dtype != expected) {
            throw new IllegalStateException("expected a " + expected + " buffer, got a " + c.dtype + " buffer of "
                    + c.length + " elements");
        }
        return c.data;
    }
}
