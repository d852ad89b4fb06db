package dev.blitz.backend.cuda;

import dev.blitz.core.Device;
import dev.blitz.core.Reduction;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

/**
 * Log-softmax and cross-entropy with label smoothing. Checking the targets before the launch would copy them to
 * the host and wait for the GPU every training step; the kernel cannot throw, so it leaves a bad target behind
 * (and NaN in that row's loss and gradient) for {@link #checkTargets}, which runs at the thread's next read of
 * any result, a read that waits for the GPU anyway. For the same reason the kernels skip a target of -100,
 * PyTorch's default {@code ignore_index}, themselves: its row adds nothing, and the mean divides by the number of
 * the other rows, counted on the device (NaN when there are none), as the CPU's composed form does.
 */
final class CrossEntropyCuda {
    /** PyTorch's default {@code ignore_index}, as the kernels compare it with the float targets (exactly). */
    static final float IGNORE_INDEX = -100f;
    private final Kernels kernels;
    private final CachingAllocator memory;
    private final Device device;
    /** Per thread, so that a bad target is reported to the thread whose loss it is; made at its first use. */
    private final ThreadLocal<TargetCheck> checks = new ThreadLocal<>();

    /** Where one thread's kernels leave a bad target, and whether one was queued since the last read. */
    private static final class TargetCheck {
        /** Two floats, zero until a kernel meets a target that is not a class index: then that value and the classes. */
        final CudaBuffer badTarget;
        boolean unchecked;

        TargetCheck(CudaBuffer badTarget) {
            this.badTarget = badTarget;
        }
    }

    CrossEntropyCuda(Kernels kernels, CachingAllocator memory, Device device) {
        this.kernels = kernels;
        this.memory = memory;
        this.device = device;
    }

    private TargetCheck check() {
        TargetCheck check = checks.get();
        if (check == null) {
            check = new TargetCheck(memory.allocate(2));
            CudaCheck.driver(JCudaDriver.cuMemsetD32(check.badTarget.pointer(), 0, 2), "cuMemsetD32");
            checks.set(check);
        }
        return check;
    }

    void logSoftmax(CudaBuffer x, int rows, int cols, CudaBuffer out) {
        kernels.logSoftmax(rows, x, cols, out);
    }

    /** Per-row losses, then for sum the one-block reduction of MSE's second stage, for mean the kept rows' mean. */
    void forward(CudaBuffer logp, CudaBuffer target, int n, int c, float eps, Reduction reduction, CudaBuffer out) {
        CudaBuffer rows = reduction == Reduction.NONE ? out : memory.allocate(Math.max(n, 1));
        TargetCheck check = check();
        kernels.crossEntropy(n, logp, target, c, eps, IGNORE_INDEX, rows, check.badTarget);
        check.unchecked = true;
        if (reduction == Reduction.MEAN) {
            kernels.crossEntropyMean(n, rows, n, target, IGNORE_INDEX, out);
        } else if (reduction == Reduction.SUM) {
            kernels.sumFinish(n, rows, 1f, out);
        }
        if (rows != out) {
            rows.release();
        }
    }

    /** For mean, the upstream gradient over the kept count first (one block, on the device), then every element. */
    void backward(CudaBuffer logp, CudaBuffer target, CudaBuffer gradOut, int n, int c, float eps,
                  Reduction reduction, CudaBuffer gradIn) {
        if (reduction != Reduction.MEAN) {
            kernels.crossEntropyBackward(n * c, logp, target, gradOut, reduction == Reduction.NONE ? 1 : 0, c, eps,
                    IGNORE_INDEX, gradIn);
            return;
        }
        CudaBuffer perKept = memory.allocate(1);
        kernels.crossEntropyMean(1, gradOut, n, target, IGNORE_INDEX, perKept);
        kernels.crossEntropyBackward(n * c, logp, target, perKept, 0, c, eps, IGNORE_INDEX, gradIn);
        perKept.release();
    }

    /**
     * Throws, naming the value, if a kernel this thread queued since its last check met a target that is neither a
     * class index nor -100.
     */
    void checkTargets() {
        TargetCheck check = checks.get();
        if (check == null || !check.unchecked) {
            return;
        }
        check.unchecked = false;
        float[] bad = new float[2];
        CudaCheck.driver(JCudaDriver.cuMemcpyDtoH(Pointer.to(bad), check.badTarget.pointer(), 8), "cuMemcpyDtoH");
        if (bad[0] != 0f) { // every value that is not a class index is nonzero or NaN
            CudaCheck.driver(JCudaDriver.cuMemsetD32(check.badTarget.pointer(), 0, 2), "cuMemsetD32");
            throw new IllegalArgumentException("cross_entropy: a target on " + device + " was " + bad[0]
                    + ", which is not a class index; expected integers in [0, " + (int) bad[1] + ") or -100 (ignored)"
                    + " (found when results were next read from the GPU; the loss and gradient of its row are NaN)");
        }
    }
}
