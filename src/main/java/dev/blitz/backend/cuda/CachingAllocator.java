package dev.blitz.backend.cuda;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.MemoryStats;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory in size classes: a released block waits in its class's free list for the next request of that
 * class, so a training loop that repeats its shapes stops calling cuMemAlloc/cuMemFree after its first steps.
 * Reuse is safe without events because every kernel, copy and library call runs on the one (legacy default)
 * stream: whatever used a block was queued before whatever uses it next.
 */
final class CachingAllocator {
    private static final long MIN_BLOCK = 512;

    private final Device device;
    private final Map<Long, ArrayDeque<CUdeviceptr>> free = new HashMap<>();
    private long inUse;
    private long peak;
    private long cached;
    private long deviceAllocations;

    CachingAllocator(Device device) {
        this.device = device;
    }

    /** {@code length} floats; needs the device's context current on this thread (see {@link CudaDevice#bind()}). */
    CudaBuffer allocate(int length) {
        return allocate(DType.FLOAT32, length);
    }

    /** {@code length} elements of {@code dtype}, in the block of the size class of their bytes. */
    synchronized CudaBuffer allocate(DType dtype, int length) {
        long bytes = sizeClass((long) dtype.itemSize() * length);
        ArrayDeque<CUdeviceptr> bin = free.get(bytes);
        CUdeviceptr p = bin == null ? null : bin.poll();
        if (p != null) {
            cached -= bytes;
        } else {
            p = deviceAlloc(bytes);
        }
        inUse += bytes;
        peak = Math.max(peak, inUse);
        return new CudaBuffer(this, p, dtype, length, bytes);
    }

    synchronized void free(CudaBuffer b) {
        free.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).push(b.pointer());
        inUse -= b.bytes();
        cached += b.bytes();
    }

    /** Gives every cached block back to the device (cuMemFree waits for the work queued on them). */
    synchronized void emptyCache() {
        for (ArrayDeque<CUdeviceptr> bin : free.values()) {
            for (CUdeviceptr p : bin) {
                CudaCheck.driver(JCudaDriver.cuMemFree(p), "cuMemFree");
            }
        }
        free.clear();
        cached = 0;
    }

    synchronized MemoryStats stats() {
        return new MemoryStats(inUse, peak, cached, deviceAllocations);
    }

    private CUdeviceptr deviceAlloc(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        int status = JCudaDriver.cuMemAlloc(p, bytes);
        if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            emptyCache();
            status = JCudaDriver.cuMemAlloc(p, bytes);
        }
        if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            long[] freeBytes = new long[1];
            long[] totalBytes = new long[1];
            JCudaDriver.cuMemGetInfo(freeBytes, totalBytes);
            throw new OutOfDeviceMemoryException(outOfMemoryMessage(device, bytes, stats(), freeBytes[0],
                    totalBytes[0]));
        }
        CudaCheck.driver(status, "cuMemAlloc(" + bytes + " bytes)");
        deviceAllocations++;
        return p;
    }

    static String outOfMemoryMessage(Device device, long bytes, MemoryStats stats, long deviceFree, long deviceTotal) {
        return "CUDA out of memory: tried to allocate " + MemoryStats.bytes(bytes) + " (" + bytes + " bytes) on "
                + device + " after emptying the cache and retrying; allocator: " + stats + "; device: "
                + MemoryStats.bytes(deviceFree) + " free of " + MemoryStats.bytes(deviceTotal)
                + ". Close tensors you no longer need, run each step in a MemoryScope, or use a smaller batch.";
    }

    /** Requests round up to at most 1/8 more (at least 512 bytes), so similar shapes share blocks. */
    static long sizeClass(long bytes) {
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        long step = Math.max(MIN_BLOCK, Long.highestOneBit(bytes) / 8);
        return (bytes + step - 1) / step * step;
    }
}
