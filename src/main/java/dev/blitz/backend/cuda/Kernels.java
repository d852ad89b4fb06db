package dev.blitz.backend.cuda;

import dev.blitz.backend.DeviceUnavailableException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The PTX kernels of kernels/blitz.cu (their parameter lists are a contract with that file), loaded once into
 * the device's primary context and launched with the driver API on the legacy default stream. Launches are 1-D:
 * 256 threads per block and min(ceil(n / 256), 4096) blocks, the kernels looping grid-stride over the rest.
 */
final class Kernels {
    static final String RESOURCE = "/dev/blitz/backend/cuda/blitz.ptx";
    static final int BLOCK = 256;
    static final int MAX_GRID = 4096;
    /** Stream 0, the legacy default stream, which cuBLAS and cuDNN use unless told otherwise. */
    static final CUstream STREAM = new CUstream();
    private static final String[] NAMES = {
        "affine_f32", "axpy_f32", "binary_f32", "sum_to_f32", "mse_none_f32", "mse_partial_f32", "sum_finish_f32",
        "mse_backward_f32", "sgd_f32",
    };

    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();

    /** Needs the context current; throws DeviceUnavailableException when the PTX is missing or will not load. */
    Kernels() {
        byte[] ptx = readPtx();
        int status = JCudaDriver.cuModuleLoadData(module, ptx);
        if (status != CUresult.CUDA_SUCCESS) {
            throw new DeviceUnavailableException("cannot load blitz.ptx: " + CUresult.stringFor(status)
                    + (status == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                    ? " (the PTX is newer than this driver; kernels/ must emit .version 8.0 or lower)" : ""));
        }
        for (String name : NAMES) {
            CUfunction f = new CUfunction();
            if (JCudaDriver.cuModuleGetFunction(f, module, name) != CUresult.CUDA_SUCCESS) {
                throw new DeviceUnavailableException("blitz.ptx has no kernel " + name
                        + " (kernels/blitz.cu and the backend disagree)");
            }
            functions.put(name, f);
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

    /** Launches {@code name} over {@code n} elements; {@code args} are the kernel's parameters in order. */
    void launch(String name, int n, Object... args) {
        if (n > 0) {
            launchBlocks(name, (int) Math.min((n + BLOCK - 1L) / BLOCK, MAX_GRID), args);
        }
    }

    /**
     * Launches {@code blocks} blocks of 256 threads. Parameters: Integer (int), Float (float), CudaBuffer or null
     * (a device pointer) and int[] (a struct passed by value, such as {@link Strides}).
     */
    void launchBlocks(String name, int blocks, Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = param(args[i]);
        }
        CudaCheck.driver(JCudaDriver.cuLaunchKernel(functions.get(name), blocks, 1, 1, BLOCK, 1, 1, 0, STREAM,
                Pointer.to(params), null), "cuLaunchKernel(" + name + ")");
    }

    private static Pointer param(Object arg) {
        if (arg instanceof Integer i) {
            return Pointer.to(new int[] {i});
        }
        if (arg instanceof Float f) {
            return Pointer.to(new float[] {f});
        }
        if (arg instanceof CudaBuffer b) {
            return Pointer.to(b.pointer());
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
