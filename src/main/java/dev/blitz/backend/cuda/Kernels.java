package dev.blitz.backend.cuda;

import dev.blitz.backend.DeviceUnavailableException;
import dev.blitz.core.DType;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * The PTX kernels of kernels/blitz.cu, one per {@link Kernel} (their parameter lists are a contract with that
 * file), loaded once into the device's primary context and launched with the driver API on the legacy default
 * stream. Launches are 1-D: 256 threads per block and min(ceil(n / 256), 4096) blocks (min(rows, 4096) for the
 * one-block-per-row or per-output kernels), the kernels looping grid-stride over the rest.
 */
final class Kernels {
    static final String RESOURCE = "/dev/blitz/backend/cuda/blitz.ptx";
    static final int BLOCK = 256;
    static final int MAX_GRID = 4096;
    /** Stream 0, the legacy default stream, which cuBLAS and cuDNN use unless told otherwise. */
    static final CUstream STREAM = new CUstream();

    private final CUmodule module = new CUmodule();
    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);

    /** Needs the context current; throws DeviceUnavailableException when the PTX is missing or will not load. */
    Kernels() {
        byte[] ptx = readPtx();
        int status = JCudaDriver.cuModuleLoadData(module, ptx);
        if (status != CUresult.CUDA_SUCCESS) {
            throw new DeviceUnavailableException("cannot load blitz.ptx: " + CUresult.stringFor(status)
                    + (status == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                    ? " (the PTX is newer than this driver; kernels/ must emit .version 8.0 or lower)" : ""));
        }
        for (Kernel kernel : Kernel.values()) {
            CUfunction f = new CUfunction();
            if (JCudaDriver.cuModuleGetFunction(f, module, kernel.ptxName) != CUresult.CUDA_SUCCESS) {
                throw new DeviceUnavailableException("blitz.ptx has no kernel " + kernel.ptxName
                        + " (kernels/blitz.cu and the backend disagree)");
            }
            functions.put(kernel, f);
        }
    }

    /** The PTX text, NUL-terminated as cuModuleLoadData wants it. */
    private static byte[] readPtx() {
        try (InputStream in = Kernels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DeviceUnavailableException("blitz.ptx is not on the class path (resource " + RESOURCE
                        + ", built from kernels/blitz.cu into kernels/blitz.ptx)");
            }
            byte[] text = in.readAllBytes();
            byte[] ptx = new byte[text.length + 1];
            System.arraycopy(text, 0, ptx, 0, text.length);
            return ptx;
        } catch (IOException e) {
            throw new DeviceUnavailableException("cannot read " + RESOURCE + ": " + e.getMessage());
        }
    }

    // One method per kernel, named after it (affine -> affine_f32), whose parameters are the kernel's, in order
    // and typed (KernelAbiTest holds them against the PTX): int -> .u32, float -> .f32, double -> .f64,
    // CudaBuffer (null allowed) or CUdeviceptr (a view's first element) -> .u64 device pointer, int[] -> the
    // 132-byte Strides struct. A method whose first parameter is a DType launches that dtype's kernel of the
    // family (copyStrided(FLOAT64, ...) -> copy_strided_f64), the DType itself not being passed. The grid follows
    // the first parameter after it.

    void affine(int n, CudaBuffer x, float alpha, float beta, CudaBuffer out) {
        launch(Kernel.AFFINE, grid(n), n, x, alpha, beta, out);
    }

    void axpy(int n, float alpha, CudaBuffer x, CudaBuffer y) {
        launch(Kernel.AXPY, grid(n), n, alpha, x, y);
    }

    void sumTo(int nDst, CudaBuffer src, CudaBuffer dst, int[] strides) {
        launch(Kernel.SUM_TO, grid(nDst), nDst, src, dst, strides);
    }

    void mseNone(int n, CudaBuffer x, CudaBuffer t, CudaBuffer out) {
        launch(Kernel.MSE_NONE, grid(n), n, x, t, out);
    }

    /** One block per element of {@code partials}, each writing its block's sum of squares there. */
    void msePartial(int n, CudaBuffer x, CudaBuffer t, CudaBuffer partials) {
        launch(Kernel.MSE_PARTIAL, partials.length(), n, x, t, partials);
    }

    /** One block: {@code out[0] = scale * sum(partials[0..m))}. */
    void sumFinish(int m, CudaBuffer partials, float scale, CudaBuffer out) {
        launch(Kernel.SUM_FINISH, 1, m, partials, scale, out);
    }

    void mseBackward(int n, CudaBuffer x, CudaBuffer t, CudaBuffer gradOut, int gradOutStride, float scale,
                     CudaBuffer gradIn) {
        launch(Kernel.MSE_BACKWARD, grid(n), n, x, t, gradOut, gradOutStride, scale, gradIn);
    }

    void sgd(int n, CudaBuffer param, CudaBuffer grad, CudaBuffer buf, float lr, float momentum, float dampening,
             float weightDecay, int flags) {
        launch(Kernel.SGD, grid(n), n, param, grad, buf, lr, momentum, dampening, weightDecay, flags);
    }

    /** One block per row. */
    void logSoftmax(int rows, CudaBuffer x, int cols, CudaBuffer out) {
        launch(Kernel.LOG_SOFTMAX, rowGrid(rows), rows, x, cols, out);
    }

    /**
     * One block per row: per-row losses into {@code loss} (0 where the target is {@code ignore}), a target that is
     * neither {@code ignore} nor a class index into {@code bad}.
     */
    void crossEntropy(int n, CudaBuffer logp, CudaBuffer target, int c, float eps, float ignore, CudaBuffer loss,
                      CudaBuffer bad) {
        launch(Kernel.CROSS_ENTROPY, rowGrid(n), n, logp, target, c, eps, ignore, loss, bad);
    }

    /** One block: {@code out[0] = sum(values[0..m)) / count(target[0..n) != ignore)}, NaN when none is kept. */
    void crossEntropyMean(int m, CudaBuffer values, int n, CudaBuffer target, float ignore, CudaBuffer out) {
        launch(Kernel.CROSS_ENTROPY_MEAN, 1, m, values, n, target, ignore, out);
    }

    void crossEntropyBackward(int total, CudaBuffer logp, CudaBuffer target, CudaBuffer gradOut, int gradOutStride,
                              int c, float eps, float ignore, CudaBuffer gradIn) {
        launch(Kernel.CROSS_ENTROPY_BACKWARD, grid(total), total, logp, target, gradOut, gradOutStride, c, eps, ignore,
                gradIn);
    }

    void adam(int n, CudaBuffer param, CudaBuffer grad, CudaBuffer expAvg, CudaBuffer expAvgSq,
              CudaBuffer maxExpAvgSq, float weight, float beta2, float oneMinusBeta2, float negStepSize, float bc2Sqrt,
              float eps, float weightDecay, float decay, int flags) {
        launch(Kernel.ADAM, grid(n), n, param, grad, expAvg, expAvgSq, maxExpAvgSq, weight, beta2, oneMinusBeta2,
                negStepSize, bc2Sqrt, eps, weightDecay, decay, flags);
    }

    void copyStrided(DType t, int n, CUdeviceptr src, CUdeviceptr dst, int[] strides) {
        Kernel k = of(t, Kernel.COPY_STRIDED_F32, Kernel.COPY_STRIDED_F64, Kernel.COPY_STRIDED_I64,
                Kernel.COPY_STRIDED_B8);
        launch(k, grid(n), n, src, dst, strides);
    }

    /** {@code to} is a {@link DTypeCode}. */
    void cast(DType t, int n, CudaBuffer src, CudaBuffer dst, int to) {
        launch(of(t, Kernel.CAST_F32, Kernel.CAST_F64, Kernel.CAST_I64, Kernel.CAST_B8), grid(n), n, src, dst, to);
    }

    /** The 8-byte dtypes only (float32 and bool are memsets). */
    void fill(DType t, int n, double value, CudaBuffer out) {
        launch(of(t, null, Kernel.FILL_F64, Kernel.FILL_I64, null), grid(n), n, value, out);
    }

    /** The arithmetic {@link BinaryOpCode}s; binary_f32 is the broadcasting op of every training step. */
    void binary(DType t, int n, int op, CUdeviceptr a, CUdeviceptr b, CudaBuffer out, int[] strides) {
        launch(of(t, Kernel.BINARY_F32, Kernel.BINARY_F64, Kernel.BINARY_I64, null), grid(n), n, op, a, b, out,
                strides);
    }

    /** The comparison {@link BinaryOpCode}s, into a bool {@code out}. */
    void compare(DType t, int n, int op, CUdeviceptr a, CUdeviceptr b, CudaBuffer out, int[] strides) {
        launch(of(t, Kernel.COMPARE_F32, Kernel.COMPARE_F64, Kernel.COMPARE_I64, Kernel.COMPARE_B8), grid(n), n,
                op, a, b, out, strides);
    }

    void unary(DType t, int n, int op, CUdeviceptr x, double alpha, double beta, CudaBuffer out, int[] strides) {
        launch(of(t, Kernel.UNARY_F32, Kernel.UNARY_F64, Kernel.UNARY_I64, Kernel.UNARY_B8), grid(n), n, op, x,
                alpha, beta, out, strides);
    }

    /** {@code t} is the dtype of {@code a}, {@code b} and {@code out}; cond is bool. */
    void where(DType t, int n, CUdeviceptr cond, CUdeviceptr a, CUdeviceptr b, CudaBuffer out, int[] strides) {
        launch(of(t, Kernel.WHERE_F32, Kernel.WHERE_F64, Kernel.WHERE_I64, Kernel.WHERE_B8), grid(n), n, cond, a,
                b, out, strides);
    }

    /** {@code t} is x's dtype; a block per output when {@code blockPerOutput} is 1, else a thread per output. */
    void reduce(DType t, int nOut, int op, CudaBuffer x, int size, int inner, CudaBuffer out, int blockPerOutput) {
        launch(of(t, Kernel.REDUCE_F32, Kernel.REDUCE_F64, Kernel.REDUCE_I64, Kernel.REDUCE_B8),
                blockPerOutput != 0 ? rowGrid(nOut) : grid(nOut), nOut, op, x, size, inner, out, blockPerOutput);
    }

    void indexSelect(DType t, int n, CudaBuffer x, int size, int inner, CudaBuffer index, int nIndex,
                     CudaBuffer out) {
        launch(of(t, Kernel.INDEX_SELECT_F32, Kernel.INDEX_SELECT_F64, Kernel.INDEX_SELECT_I64,
                Kernel.INDEX_SELECT_B8), grid(n), n, x, size, inner, index, nIndex, out);
    }

    /** One thread per (outer, inner) pair: {@code n = outer * inner}. */
    void indexAdd(DType t, int n, CudaBuffer src, int size, int inner, CudaBuffer index, int nIndex,
                  CudaBuffer out) {
        launch(of(t, Kernel.INDEX_ADD_F32, Kernel.INDEX_ADD_F64, null, null), grid(n), n, src, size, inner, index,
                nIndex, out);
    }

    void gather(DType t, int n, CudaBuffer x, CudaBuffer index, CudaBuffer out, int dim, int[] strides) {
        launch(of(t, Kernel.GATHER_F32, Kernel.GATHER_F64, Kernel.GATHER_I64, Kernel.GATHER_B8), grid(n), n, x,
                index, out, dim, strides);
    }

    /** One thread per position of every dimension but {@code dim}. */
    void scatter(DType t, int n, CudaBuffer src, CudaBuffer index, CudaBuffer out, int dim, int add,
                 int[] strides) {
        launch(of(t, Kernel.SCATTER_F32, Kernel.SCATTER_F64, Kernel.SCATTER_I64, Kernel.SCATTER_B8), grid(n), n,
                src, index, out, dim, add, strides);
    }

    /** The family's kernel for {@code t}, given as its f32, f64, i64 and b8 kernels (null where it has none). */
    private static Kernel of(DType t, Kernel f32, Kernel f64, Kernel i64, Kernel b8) {
        Kernel k = switch (t) {
            case FLOAT32 -> f32;
            case FLOAT64 -> f64;
            case INT64 -> i64;
            case BOOL -> b8;
        };
        if (k == null) {
            Kernel any = f32 != null ? f32 : f64;
            throw new IllegalArgumentException("no CUDA kernel " + any.ptxName.replaceAll("_f\\d+$", "") + " for "
                    + t);
        }
        return k;
    }

    private static int grid(int n) {
        return (int) Math.min((n + BLOCK - 1L) / BLOCK, MAX_GRID);
    }

    /** For the kernels that give each row a block (and loop over the rows past the grid). */
    private static int rowGrid(int rows) {
        return Math.min(rows, MAX_GRID);
    }

    /** Launches {@code blocks} blocks of 256 threads (none when there is nothing to do). */
    private void launch(Kernel kernel, int blocks, Object... args) {
        if (blocks == 0) {
            return;
        }
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = param(args[i]);
        }
        CudaCheck.driver(JCudaDriver.cuLaunchKernel(functions.get(kernel), blocks, 1, 1, BLOCK, 1, 1, 0, STREAM,
                Pointer.to(params), null), "cuLaunchKernel(" + kernel.ptxName + ")");
    }

    private static Pointer param(Object arg) {
        if (arg instanceof Integer i) {
            return Pointer.to(new int[] {i});
        }
        if (arg instanceof Float f) {
            return Pointer.to(new float[] {f});
        }
        if (arg instanceof Double d) {
            return Pointer.to(new double[] {d});
        }
        if (arg instanceof CudaBuffer b) {
            return Pointer.to(b.pointer());
        }
        if (arg instanceof CUdeviceptr p) { // a view: the pointer with its byte offset
            return Pointer.to(p);
        }
        if (arg == null) {
            return Pointer.to(new CUdeviceptr());
        }
        if (arg instanceof int[] struct) {
            return Pointer.to(struct);
        }
        throw new IllegalArgumentException("no kernel parameter type for " + arg.getClass().getName());
    }
}
