package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Blitz's side of the op benchmark ({@code scripts/bench --ops}): the ops and sizes of PyTorch's side
 * ({@code scripts/torch-fixtures}, {@code Ops}), large elementwise ops and reductions in GB/s, matmul in GFLOP/s,
 * on the CPU with {@code BLITZ_THREADS} threads. Each op runs {@code warmup} times untimed, then {@code repeats}
 * times timed, one call each; a line gives the median and the spread (min..max). Out-of-place results are closed
 * right after each call, as PyTorch's side frees them.
 */
public final class OpBench {
    private static final int N = 1 << 24;
    private static final int ROWS = 4096;

    private OpBench() {
    }

    /**
     * Runs every op and prints one {@code RESULT} line each.
     *
     * @param args {@code [repeats=20] [warmup=5]}
     */
    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Blitz.manualSeed(0);
        Tensor a = Tensor.rand(N).add(0.5);
        Tensor b = Tensor.rand(N).add(0.5);
        Tensor rows = a.view(ROWS, N / ROWS);
        String vec = "[" + N + "]";
        double fb = 4.0 * N;
        bench("add", vec, N, 3 * fb, 0, warmup, repeats, () -> a.add(b));
        bench("mul", vec, N, 2 * fb, 0, warmup, repeats, () -> a.mul(1.0001));
        bench("exp", vec, N, 2 * fb, 0, warmup, repeats, a::exp);
        bench("sum", vec, N, fb, 0, warmup, repeats, a::sum);
        String matrix = "[" + ROWS + "," + N / ROWS + "]";
        bench("sum_dim1", matrix, N, fb, 0, warmup, repeats, () -> rows.sum(1, false));
        bench("max_dim1", matrix, N, fb, 0, warmup, repeats, () -> rows.max(1, false).values());
        Tensor c = a.copy();
        bench("add_", vec, N, 3 * fb, 0, warmup, repeats, () -> c.addInPlace(b));
        bench("mul_", vec, N, 2 * fb, 0, warmup, repeats, () -> c.mulInPlace(0.9999));

        int k = 1024;
        Tensor x = Tensor.rand(k, k).mul(2).sub(1);
        Tensor y = Tensor.rand(k, k).mul(2).sub(1);
        bench("matmul", "[" + k + "," + k + "]@[" + k + "," + k + "]", (long) k * k, 0, 2.0 * k * k * k, warmup,
                repeats, () -> x.matmul(y));
        int bt = 64;
        int s = 128;
        Tensor u = Tensor.rand(bt, s, s).mul(2).sub(1);
        Tensor v = Tensor.rand(bt, s, s).mul(2).sub(1);
        String batch = "[" + bt + "," + s + "," + s + "]";
        bench("bmm", batch + "@" + batch, (long) bt * s * s, 0, 2.0 * bt * s * s * s, warmup, repeats,
                () -> u.matmul(v));
        System.out.println("# done");
    }

    private static void bench(String name, String shape, long n, double bytes, double flops, int warmup,
                              int repeats, Supplier<Tensor> op) {
        double[] ms = new double[repeats];
        for (int i = -warmup; i < repeats; i++) {
            long t0 = System.nanoTime();
            Tensor r = op.get();
            long t1 = System.nanoTime();
            if (!name.endsWith("_")) {
                r.close();
            }
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double med = repeats % 2 == 1 ? sorted[repeats / 2] : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
        String rate = flops > 0 ? String.format(Locale.ROOT, "gflops=%.2f", flops / (med / 1e3) / 1e9)
                : String.format(Locale.ROOT, "gbps=%.2f", bytes / (med / 1e3) / 1e9);
        System.out.printf(Locale.ROOT, "RESULT engine=blitz-cpu threads=%s op=%s shape=%s n=%d repeats=%d"
                        + " median_ms=%.3f %s spread_ms=%.3f..%.3f%n", System.getenv().getOrDefault("BLITZ_THREADS",
                        String.valueOf(Runtime.getRuntime().availableProcessors())), name, shape, n, repeats, med, rate,
                sorted[0], sorted[repeats - 1]);
    }
}
