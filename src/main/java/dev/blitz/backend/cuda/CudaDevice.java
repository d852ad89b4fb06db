package dev.blitz.backend.cuda;

import dev.blitz.backend.DeviceUnavailableException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnHandle;
import jcuda.runtime.JCuda;

import java.nio.charset.StandardCharsets;

/**
 * One GPU's primary context with the cuBLAS and cuDNN handles made in it. The runtime API creates the primary
 * context (cudaSetDevice + cudaFree(0)); the driver API retains the same context for PTX launches, so kernels,
 * cuBLAS and cuDNN share one context and, all using the legacy default stream, one order of execution.
 */
final class CudaDevice {
    /** CUDA 12.0: the oldest driver API the JCuda 12.6 natives and our PTX (.version <= 8.0) need. */
    private static final int MIN_DRIVER = 12000;
    private static final ThreadLocal<CudaDevice> BOUND = new ThreadLocal<>();

    final int index;
    final CUcontext context = new CUcontext();
    final cublasHandle cublas = new cublasHandle();
    final cudnnHandle cudnn = new cudnnHandle();
    final String description;
    /** What convolution algorithm choices made here are valid for. */
    final ConvAlgorithmCache.Identity identity;

    /** Starts device {@code index}, or throws {@link DeviceUnavailableException} (or a LinkageError) saying why. */
    CudaDevice(int index) {
        this.index = index;
        int status = JCudaDriver.cuInit(0);
        if (status == CUresult.CUDA_ERROR_NO_DEVICE) {
            throw new DeviceUnavailableException("no CUDA device");
        }
        require(status, "cuInit");
        int[] driver = new int[1];
        require(JCudaDriver.cuDriverGetVersion(driver), "cuDriverGetVersion");
        if (driver[0] < MIN_DRIVER) {
            throw new DeviceUnavailableException("NVIDIA driver too old: it supports CUDA " + version(driver[0])
                    + ", blitz needs CUDA 12.0 or newer");
        }
        int[] count = new int[1];
        require(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (count[0] == 0) {
            throw new DeviceUnavailableException("no CUDA device");
        }
        if (index >= count[0]) {
            throw new DeviceUnavailableException("cuda:" + index + " does not exist (" + count[0] + " CUDA device"
                    + (count[0] == 1 ? "" : "s") + ": cuda:0" + (count[0] == 1 ? "" : " to cuda:" + (count[0] - 1))
                    + ")");
        }
        int rt = JCuda.cudaSetDevice(index);
        if (rt == 0) {
            rt = JCuda.cudaFree(new Pointer());
        }
        if (rt != 0) {
            throw new DeviceUnavailableException("cannot start the CUDA runtime on cuda:" + index + ": "
                    + jcuda.runtime.cudaError.stringFor(rt));
        }
        CUdevice device = new CUdevice();
        require(JCudaDriver.cuDeviceGet(device, index), "cuDeviceGet");
        require(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        require(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        BOUND.set(this);

        CudaCheck.cublas(JCublas2.cublasCreate(cublas), "cublasCreate");
        int[] cublasVersion = new int[1];
        CudaCheck.cublas(JCublas2.cublasGetVersion(cublas, cublasVersion), "cublasGetVersion");
        CudaCheck.cudnn(JCudnn.cudnnCreate(cudnn), "cudnnCreate");
        long cudnnVersion = JCudnn.cudnnGetVersion();
        identity = new ConvAlgorithmCache.Identity(name(device), driver[0], cudnnVersion);
        description = "cuda:" + index + " (" + identity.gpu() + ", cuDNN " + cudnnVersion(cudnnVersion) + ", cuBLAS "
                + version(cublasVersion[0], 10000) + ")";
    }

    /**
     * Makes this device's context current on the calling thread, once per thread: the driver API launches
     * need it, and the runtime API (inside cuBLAS and cuDNN) follows a current primary context.
     */
    void bind() {
        if (BOUND.get() != this) {
            CudaCheck.driver(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            BOUND.set(this);
        }
    }

    private static void require(int status, String call) {
        if (status != CUresult.CUDA_SUCCESS) {
            throw new DeviceUnavailableException(call + " failed: " + CUresult.stringFor(status));
        }
    }

    private static String name(CUdevice device) {
        byte[] name = new byte[256];
        CudaCheck.driver(JCudaDriver.cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, StandardCharsets.UTF_8);
    }

    /** CUDA's 12060 is 12.6. */
    static String version(int cudaVersion) {
        return cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
    }

    /** Versions as major * base + minor * 100 + patch: cuBLAS 130100 is 13.1.0. */
    static String version(long v, int base) {
        return v / base + "." + v % base / 100 + "." + v % 100;
    }

    /** cuDNN 9 counts major * 10000 (91400 is 9.14.0); cuDNN 8 counted major * 1000 (8907 is 8.9.7). */
    static String cudnnVersion(long v) {
        return version(v, v >= 90000 ? 10000 : 1000);
    }
}
