package dev.blitz.examples;

import dev.blitz.autograd.GradMode;
import dev.blitz.autograd.functions.Conv2d;
import dev.blitz.autograd.functions.Linear;
import dev.blitz.autograd.functions.MaxPool2d;
import dev.blitz.autograd.functions.MseLoss;
import dev.blitz.autograd.functions.Relu;
import dev.blitz.backend.SgdParams;
import dev.blitz.backend.cpu.CpuBackend;
import dev.blitz.tensor.Reduction;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;

/**
 * Median time of one LeNet-5 training step on the CPU backend (zero grad, forward, MSE loss, backward, SGD
 * lr 0.01), per batch size, for {@code scripts/bench}. Usage: {@code Bench [sizes=1,64,256] [steps=30]
 * [warmup=20]}; warm-up runs at least that many steps and goes on until the step time has settled. The
 * network is written with the autograd functions directly, with the same layers and parameter values as the
 * PyTorch peer in ../shared/peers/pytorch-cpu-lenet; moving it onto {@code nn} modules changes only
 * {@link #step} and the parameter list.
 */
public final class Bench {
    private static final int[] ONE = {1, 1};
    private static final int[] TWO = {2, 2};
    private static final int[] ZERO = {0, 0};
    private static final SgdParams SGD = new SgdParams(0.01f, 0f, 0f, 0f, false, false);

    private final Tensor[] params = {
        param(1, 6, 1, 5, 5), param(2, 6), param(3, 16, 6, 5, 5), param(4, 16),
        param(5, 120, 400), param(6, 120), param(7, 84, 120), param(8, 84), param(9, 10, 84), param(10, 10)
    };

    private Bench() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1,64,256").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        System.out.println("# blitz LeNet-5 training step (zero grad, forward, MSE, backward, SGD lr 0.01) on cpu:"
                + " threads=" + CpuBackend.threads() + " vector_api=" + CpuBackend.vectorized()
                + " java=" + System.getProperty("java.version"));
        Bench net = new Bench();
        for (int n : sizes) {
            Tensor x = Tensor.of(values(n * 32 * 32, 11, 1.0), n, 1, 32, 32);
            Tensor target = Tensor.of(values(n * 10, 12, 1.0), n, 10);
            warmUp(net, x, target, warmup);
            double[] ms = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                net.step(x, target);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            double median = steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2;
            System.out.printf("RESULT engine=blitz-cpu device=cpu threads=%d N=%d steps=%d median_ms=%.3f"
                    + " min_ms=%.3f img_per_s=%.1f%n", CpuBackend.threads(), n, steps, median, ms[0],
                    n / (median / 1e3));
            x.close();
            target.close();
        }
    }

    /**
     * Runs steps until the JIT has settled: at least {@code minSteps} and three seconds, then until the median
     * of the last 20 steps is within 2% of the 20 before (at most a minute). The compiler threads share the
     * cores with the kernels, so a fixed short warm-up can end mid-compilation.
     */
    private static void warmUp(Bench net, Tensor x, Tensor target, int minSteps) {
        int window = 20;
        long start = System.nanoTime();
        double[] recent = new double[2 * window];
        for (int i = 0; ; i++) {
            long t0 = System.nanoTime();
            net.step(x, target);
            long now = System.nanoTime();
            recent[i % recent.length] = now - t0;
            double elapsed = (now - start) / 1e9;
            if (elapsed > 60 || i >= minSteps && i >= recent.length && elapsed > 3 && settled(recent, i, window)) {
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

    /** One training step; returns the loss before the update. */
    private float step(Tensor x, Tensor target) {
        for (Tensor p : params) {
            if (p.grad() != null) {
                p.grad().close();
                p.setGrad(null);
            }
        }
        Tensor h = pool(Relu.apply(Conv2d.apply(x, params[0], params[1], ONE, ZERO)));
        h = pool(Relu.apply(Conv2d.apply(h, params[2], params[3], ONE, ZERO)));
        h = h.view(x.size(0), 16 * 5 * 5);
        h = Relu.apply(Linear.apply(h, params[4], params[5]));
        h = Relu.apply(Linear.apply(h, params[6], params[7]));
        h = Linear.apply(h, params[8], params[9]);
        Tensor loss = MseLoss.apply(h, target, Reduction.MEAN);
        loss.backward();
        float value = loss.item();
        try (var g = GradMode.noGrad()) {
            for (Tensor p : params) {
                p.backend().sgdStep(SGD, p.buffer(), p.grad().buffer(), null, false);
            }
        }
        return value;
    }

    private static Tensor pool(Tensor t) {
        return MaxPool2d.apply(t, TWO, TWO, ZERO);
    }

    /** The peer's parameter values: seed s, scale 0.1 (see ../shared/fixtures/README.md). */
    private static Tensor param(int seed, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return Tensor.of(values(n, seed, 0.1), shape).requiresGrad(true);
    }

    private static float[] values(int n, int seed, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            long k = (i * 7919L + seed * 104729L) % 2001L;
            v[i] = (float) ((k - 1000) / 1000.0 * scale);
        }
        return v;
    }
}
