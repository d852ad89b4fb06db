package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.backend.Backends;
import dev.blitz.backend.KernelProfile;
import dev.blitz.cli.ProcessMemory;
import dev.blitz.core.Device;
import dev.blitz.models.LeNet;
import dev.blitz.nn.MSELoss;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Memory;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;

/**
 * Median time of one blitz LeNet-5 training step (zero grad, forward, MSE loss, backward, SGD lr 0.01) per batch
 * size, written as a user would write it, for {@code scripts/bench}. Parameters and data follow the fixtures'
 * rule ({@link FixtureValues}), as the PyTorch peer's do. Each step ends by reading the loss, which waits for the
 * GPU, so CUDA times are whole steps. Each line also gives the Java heap a timed step allocated (all threads,
 * the CPU backend's workers included) and the process's peak resident memory so far.
 * With {@code --profile}, each size also gets one {@code PROFILE} line per backend kernel (summed over the timed
 * steps, per step, the longest first; see {@link KernelProfile}), which slows the step a little.
 * Usage: {@code Bench [--device cpu|cuda] [--profile] [sizes=1,64,256] [steps=30]}.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * Runs the benchmark, one {@code RESULT} line per batch size.
     *
     * @param args {@code [--device cpu|cuda] [--profile] [sizes] [steps]}
     */
    public static void main(String[] args) {
        Device device = Device.CPU;
        boolean profile = false;
        int at = 0;
        while (at < args.length && args[at].startsWith("--")) {
            if (args[at].equals("--profile")) {
                profile = true;
                at++;
            } else if (args[at].equals("--device") && at + 1 < args.length) {
                device = args[at + 1].startsWith("cuda") ? Device.cuda() : Device.CPU;
                at += 2;
            } else {
                throw new IllegalArgumentException("Bench: unknown option " + args[at]
                        + ", expected --device cpu|cuda or --profile");
            }
        }
        int[] sizes = Arrays.stream((args.length > at ? args[at] : "1,64,256").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int steps = args.length > at + 1 ? Integer.parseInt(args[at + 1]) : 30;
        if (!Blitz.isAvailable(device)) {
            System.out.println("RESULT engine=blitz device=" + device + " unavailable: "
                    + Blitz.unavailableReason(device));
            return;
        }
        String engine = device.isCuda() ? "blitz-cuda" : "blitz-cpu";
        System.out.println("# blitz LeNet-5 training step on " + Blitz.describe(device) + " java="
                + System.getProperty("java.version"));
        KernelProfile kernels = profile ? Backends.profile(device) : null;
        LeNet net = FixtureValues.lenet(device);
        SGD optimizer = new SGD(net.parameters(), 0.01f);
        MSELoss criterion = new MSELoss();
        for (int n : sizes) {
            Tensor x = FixtureValues.input(n, device);
            Tensor target = FixtureValues.target(n, device);
            warmUp(() -> step(net, optimizer, criterion, x, target));
            double[] ms = new double[steps];
            if (kernels != null) {
                kernels.reset();
            }
            long allocated = ProcessMemory.allocatedBytes();
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                step(net, optimizer, criterion, x, target);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            allocated = ProcessMemory.allocatedBytes() - allocated;
            Arrays.sort(ms);
            double median = steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2;
            System.out.printf("RESULT engine=%s device=%s N=%d steps=%d median_ms=%.3f min_ms=%.3f img_per_s=%.1f"
                    + " device_mem_peak_mib=%.1f alloc_kib_per_step=%.1f peak_rss=%s%n", engine, device, n, steps,
                    median, ms[0], n / (median / 1e3), Memory.stats(device).peakBytesInUse() / 1048576.0,
                    allocated / 1024.0 / steps, ProcessMemory.peakResident().replace(" ", ""));
            if (kernels != null) {
                printProfile(kernels, n, steps, Arrays.stream(ms).sum() / steps);
            }
            x.close();
            target.close();
        }
    }

    /**
     * Runs steps until the JIT (and cuDNN's algorithm search) has settled: at least 20 steps and three seconds,
     * then until the median of the last 20 steps is within 2% of the 20 before (at most a minute). The compiler
     * threads share the cores with the kernels, so a fixed short warm-up can end mid-compilation.
     */
    private static void warmUp(Runnable step) {
        int window = 20;
        long start = System.nanoTime();
        double[] recent = new double[2 * window];
        for (int i = 0; ; i++) {
            long t0 = System.nanoTime();
            step.run();
            long now = System.nanoTime();
            recent[i % recent.length] = now - t0;
            double elapsed = (now - start) / 1e9;
            if (elapsed > 60 || i >= recent.length && elapsed > 3 && settled(recent, i, window)) {
                return;
            }
        }
    }

    private static boolean settled(double[] recent, int last, int window) {
        double[] newer = new double[window];
        double[] older = new double[window];
        for (int k = 0; k < window; k++) {
            newer[k] = recent[(last - k) % recent.length];
            older[k] = recent[(last - window - k) % recent.length];
        }
        Arrays.sort(newer);
        Arrays.sort(older);
        return newer[window / 2] >= 0.98 * older[window / 2];
    }

    /**
     * One line per kernel, the longest first: calls and milliseconds per step, share of the kernels' time, and the
     * shortest call (the least disturbed by other processes).
     */
    private static void printProfile(KernelProfile kernels, int n, int steps, double meanMs) {
        double total = 0;
        for (KernelProfile.Line line : kernels.lines()) {
            total += line.nanos() / 1e6 / steps;
        }
        for (KernelProfile.Line line : kernels.lines()) {
            double ms = line.nanos() / 1e6 / steps;
            System.out.printf("PROFILE N=%d kernel=%s calls_per_step=%.0f ms_per_step=%.3f share=%.1f%% min_ms=%.3f%n",
                    n, line.kernel(), (double) line.calls() / steps, ms, 100 * ms / total, line.minNanos() / 1e6);
        }
        System.out.printf("PROFILE N=%d kernels_ms_per_step=%.3f outside_kernels_ms_per_step=%.3f%n", n, total,
                meanMs - total);
    }

    private static float step(LeNet net, SGD optimizer, MSELoss criterion, Tensor x, Tensor target) {
        optimizer.zeroGrad();
        try (var temporaries = MemoryScope.open()) {
            Tensor loss = criterion.forward(net.forward(x), target);
            loss.backward();
            optimizer.step();
            return loss.item();
        }
    }

}
