package dev.blitz.backend.cuda;

import dev.blitz.backend.Strided;
import dev.blitz.core.DType;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Data movement in every dtype: host transfers, fills, whole-buffer copies (the driver's memcpy and memset) and
 * the kernels for views (copy_strided) and conversions (cast). Bool travels as one byte, 0 or 1, per element.
 */
final class CopyCuda {
    private static final String WAITS = " (waits for the queued work, so a failed kernel may show here)";

    private final Kernels kernels;
    private final CachingAllocator memory;

    CopyCuda(Kernels kernels, CachingAllocator memory) {
        this.kernels = kernels;
        this.memory = memory;
    }

    /** A new buffer of {@code length} elements of {@code dtype} holding the host data at {@code host}. */
    CudaBuffer upload(DType dtype, Pointer host, int length) {
        CudaBuffer b = memory.allocate(dtype, length);
        if (length > 0) {
            CudaCheck.driver(JCudaDriver.cuMemcpyHtoD(b.pointer(), host, b.dataBytes()), "cuMemcpyHtoD");
        }
        return b;
    }

    CudaBuffer upload(boolean[] data) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) (data[i] ? 1 : 0);
        }
        return upload(DType.BOOL, Pointer.to(bytes), data.length);
    }

    /** Copies the first {@code length} elements to {@code host}, an array of that many {@code dtype} elements. */
    void download(CudaBuffer src, DType dtype, Pointer host, int length) {
        if (src.dtype() != dtype) {
            throw new IllegalArgumentException("cannot download a " + src.dtype() + " buffer into an array of "
                    + dtype);
        }
        if (length > 0) {
            CudaCheck.driver(JCudaDriver.cuMemcpyDtoH(host, src.pointer(), (long) length * dtype.itemSize()),
                    "cuMemcpyDtoH" + WAITS);
        }
    }

    /** A float[] takes any dtype, converted as {@link #read} converts. */
    void download(CudaBuffer src, float[] dst) {
        if (src.dtype() == DType.FLOAT32) {
            download(src, DType.FLOAT32, Pointer.to(dst), dst.length);
            return;
        }
        double[] values = toDoubles(src, dst.length);
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (float) values[i];
        }
    }

    void download(CudaBuffer src, boolean[] dst) {
        byte[] bytes = new byte[dst.length];
        download(src, DType.BOOL, Pointer.to(bytes), bytes.length);
        for (int i = 0; i < dst.length; i++) {
            dst[i] = bytes[i] != 0;
        }
    }

    /** Element {@code index} as a float, whatever the dtype (bool: 1 or 0). */
    float read(CudaBuffer src, int index) {
        int size = src.dtype().itemSize();
        byte[] raw = new byte[8];
        CudaCheck.driver(JCudaDriver.cuMemcpyDtoH(Pointer.to(raw), src.at(index), size), "cuMemcpyDtoH" + WAITS);
        ByteBuffer bits = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        return switch (src.dtype()) {
            case FLOAT32 -> bits.getFloat(0);
            case FLOAT64 -> (float) bits.getDouble(0);
            case INT64 -> (float) bits.getLong(0);
            case BOOL -> raw[0] != 0 ? 1f : 0f;
        };
    }

    /** Every element of {@code dst} = {@code value} converted to its dtype (bool: nonzero, NaN included). */
    void fill(CudaBuffer dst, double value) {
        int n = dst.length();
        if (n == 0) {
            return;
        }
        switch (dst.dtype()) {
            case FLOAT32 -> CudaCheck.driver(JCudaDriver.cuMemsetD32Async(dst.pointer(),
                    Float.floatToRawIntBits((float) value), n, Kernels.STREAM), "cuMemsetD32Async");
            case BOOL -> CudaCheck.driver(JCudaDriver.cuMemsetD8Async(dst.pointer(), (byte) (value != 0 ? 1 : 0), n,
                    Kernels.STREAM), "cuMemsetD8Async");
            default -> kernels.fill(dst.dtype(), n, value, dst);
        }
    }

    void copy(CudaBuffer src, CudaBuffer dst) {
        if (src.length() > 0) {
            CudaCheck.driver(JCudaDriver.cuMemcpyDtoDAsync(dst.pointer(), src.pointer(), src.dataBytes(),
                    Kernels.STREAM), "cuMemcpyDtoDAsync");
        }
    }

    void copyStrided(Strided src, Strided dst, int[] dims) {
        int n = numel(dims);
        if (n == 0) {
            return;
        }
        int[] strides = Strides.pack("copyStrided", dims, src.strides(), dst.strides());
        CudaBuffer from = (CudaBuffer) src.buffer();
        CudaBuffer to = (CudaBuffer) dst.buffer();
        kernels.copyStrided(from.dtype(), n, from.at(src.offset()), to.at(dst.offset()), strides);
    }

    void cast(CudaBuffer src, CudaBuffer dst) {
        if (src.dtype() == dst.dtype()) {
            copy(src, dst);
        } else {
            kernels.cast(src.dtype(), src.length(), src, dst, DTypeCode.of(dst.dtype()).code);
        }
    }

    static int numel(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    private double[] toDoubles(CudaBuffer src, int length) {
        double[] out = new double[length];
        switch (src.dtype()) {
            case FLOAT64 -> download(src, DType.FLOAT64, Pointer.to(out), length);
            case INT64 -> {
                long[] v = new long[length];
                download(src, DType.INT64, Pointer.to(v), length);
                for (int i = 0; i < v.length; i++) {
                    out[i] = v[i];
                }
            }
            default -> { // bool
                boolean[] v = new boolean[length];
                download(src, v);
                for (int i = 0; i < v.length; i++) {
                    out[i] = v[i] ? 1 : 0;
                }
            }
        }
        return out;
    }
}
