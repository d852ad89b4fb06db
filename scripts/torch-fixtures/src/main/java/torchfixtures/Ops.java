package torchfixtures;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * PyTorch's side of the op benchmark (scripts/bench --ops): large elementwise ops and reductions in GB/s, matmul in
 * GFLOP/s, timed on libtorch's CPU kernels (intra-op threads set by the run script, one inter-op thread).
 *
 * <p>Every op runs {@code warmup} times untimed, then {@code repeats} times timed one call each; the line gives the
 * median and the spread (min..max). Out-of-place ops ({@code add}, {@code mul}, {@code exp}) allocate their result
 * each call, as {@code a + b} does in Python; the in-place forms ({@code add_}, {@code mul_}, {@code exp_}) time the
 * kernel alone (no {@code exp_}: repeated in place it overflows). Bytes counted: what the op must read and write once (add 3·4n, mul/exp 2·4n, reductions 4n).
 *
 * <p>Usage: Ops [repeats=20] [warmup=5]
 */
public final class Ops {
    private Ops() {
    }

    static final long N = 1L << 24; // 16,777,216 float32 elements = 64 MiB
    static final int ROWS = 4096;

    static double median(double[] a) {
        double[] b = a.clone();
        Arrays.sort(b);
        int n = b.length;
        return n % 2 == 1 ? b[n / 2] : (b[n / 2 - 1] + b[n / 2]) / 2;
    }

    /** Times {@code op} (a new result is freed right after each call) and prints one RESULT line. */
    static void bench(int threads, String name, String shape, long n, double bytes, double flops,
            int warmup, int repeats, Supplier<NDArray> op) {
        double[] ms = new double[repeats];
        for (int i = -warmup; i < repeats; i++) {
            long t0 = System.nanoTime();
            NDArray r = op.get();
            long t1 = System.nanoTime();
            if (!name.endsWith("_")) {
                r.close(); // in place ops return their input, which stays
            }
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
            }
        }
        double med = median(ms);
        double min = Arrays.stream(ms).min().orElseThrow();
        double max = Arrays.stream(ms).max().orElseThrow();
        String rate = flops > 0 ? String.format(Locale.ROOT, "gflops=%.2f", flops / (med / 1e3) / 1e9)
                : String.format(Locale.ROOT, "gbps=%.2f", bytes / (med / 1e3) / 1e9);
        System.out.printf(Locale.ROOT,
                "RESULT engine=pytorch-cpu threads=%d op=%s shape=%s n=%d repeats=%d median_ms=%.3f %s"
                        + " spread_ms=%.3f..%.3f%n",
                threads, name, shape, n, repeats, med, rate, min, max);
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Engine engine = Engine.getEngine("PyTorch");
        int threads = JniUtils.getNumThreads();
        System.out.println("# DJL " + Engine.getDjlVersion() + " engine " + engine.getEngineName() + " "
                + engine.getVersion() + " intra-op threads=" + threads + " inter-op threads="
                + JniUtils.getNumInteropThreads() + " java=" + System.getProperty("java.version")
                + " GLIBC_TUNABLES=" + System.getenv().getOrDefault("GLIBC_TUNABLES", "")
                + " THP_MEM_ALLOC_ENABLE=" + System.getenv().getOrDefault("THP_MEM_ALLOC_ENABLE", ""));
        try (PtNDManager m = (PtNDManager) engine.newBaseManager(Device.cpu())) {
            engine.setRandomSeed(0);
            // inputs in [0.5, 1.5): no denormals, exp stays finite, in-place updates stay finite over the repeats
            NDArray a = m.randomUniform(0.5f, 1.5f, new Shape(N), DataType.FLOAT32);
            NDArray b = m.randomUniform(0.5f, 1.5f, new Shape(N), DataType.FLOAT32);
            NDArray sq = a.reshape(ROWS, N / ROWS);
            String vec = "[" + N + "]";
            double fb = 4.0 * N;
            bench(threads, "add", vec, N, 3 * fb, 0, warmup, repeats, () -> a.add(b));
            bench(threads, "mul", vec, N, 2 * fb, 0, warmup, repeats, () -> a.mul(1.0001f));
            bench(threads, "exp", vec, N, 2 * fb, 0, warmup, repeats, () -> a.exp());
            bench(threads, "sum", vec, N, fb, 0, warmup, repeats, () -> a.sum());
            bench(threads, "sum_dim1", "[" + ROWS + "," + N / ROWS + "]", N, fb, 0, warmup, repeats,
                    () -> sq.sum(new int[] {1}));
            bench(threads, "max_dim1", "[" + ROWS + "," + N / ROWS + "]", N, fb, 0, warmup, repeats,
                    () -> sq.max(new int[] {1}));
            NDArray c = a.duplicate();
            bench(threads, "add_", vec, N, 3 * fb, 0, warmup, repeats, () -> c.addi(b));
            bench(threads, "mul_", vec, N, 2 * fb, 0, warmup, repeats, () -> c.muli(0.9999f));

            long k = 1024;
            NDArray x = m.randomUniform(-1f, 1f, new Shape(k, k), DataType.FLOAT32);
            NDArray y = m.randomUniform(-1f, 1f, new Shape(k, k), DataType.FLOAT32);
            bench(threads, "matmul", "[" + k + "," + k + "]@[" + k + "," + k + "]", k * k, 0,
                    2.0 * k * k * k, warmup, repeats, () -> x.matMul(y));
            long bt = 64;
            long s = 128;
            NDArray u = m.randomUniform(-1f, 1f, new Shape(bt, s, s), DataType.FLOAT32);
            NDArray v = m.randomUniform(-1f, 1f, new Shape(bt, s, s), DataType.FLOAT32);
            bench(threads, "bmm", "[" + bt + "," + s + "," + s + "]@[" + bt + "," + s + "," + s + "]",
                    bt * s * s, 0, 2.0 * bt * s * s * s, warmup, repeats, () -> u.matMul(v));
        }
        System.out.println("# done");
    }
}
