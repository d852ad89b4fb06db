package torchfixtures;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Path;

/**
 * PyTorch's CPU random streams beyond float32's: float64 {@code rand}/{@code randn}/{@code uniform_}/{@code normal_}
 * on both of {@code normal_}'s paths (fewer than 16 elements and 16 or more), the Box–Muller value they share with
 * float32 draws, {@code bernoulli_} of float64, float32 and a transposed tensor, and {@code randint}/{@code randperm}
 * as float dtypes; for Blitz's {@code GeneratorTest}.
 *
 * <p>Each draw right after {@code torch.manual_seed(s)} ({@code Engine.setRandomSeed}), the {@code seq_} ones in
 * sequence after one seed. DJL's calls are exactly these PyTorch calls: {@code JniUtils.uniform} is
 * {@code torch::empty(size, dtype).uniform_(from, to)}, {@code JniUtils.normal} is {@code torch::normal(mean, std,
 * size)} ({@code empty(size).normal_(mean, std)}), {@code randint}/{@code randperm} take the dtype. DJL has no
 * {@code bernoulli_}: it is read from {@code dropout(ones, 1 - p, train=True)}, which libtorch computes on the CPU as
 * {@code ones * empty_like(ones).bernoulli_(p) / p}, each nonzero a one (p is chosen so that {@code 1 - (1 - p)}
 * is p exactly). Before writing, the seeding is checked against the torch-rng reference file and the float64
 * uniforms against an independent mt19937 replay.
 *
 * <p>Usage: Rng OUT_FILE TORCH_RNG_FRESH_SEED0_JSON
 */
public final class Rng {
    private Rng() {
    }

    static final Device CPU = Device.cpu();
    static PtNDManager m;

    static void seed(long s) {
        Engine.getInstance().setRandomSeed((int) s);
    }

    static PtNDArray uniform(double from, double to, DataType dtype, long... shape) {
        return JniUtils.uniform(m, from, to, new Shape(shape), dtype, CPU);
    }

    static PtNDArray normal(double mean, double std, DataType dtype, long... shape) {
        return JniUtils.normal(m, mean, std, new Shape(shape), dtype, CPU);
    }

    /** {@code torch.empty_like(x).bernoulli_(p)} through dropout on ones of x's layout, as 0/1 in x's dtype. */
    static double[] bernoulli(PtNDArray ones, double p) {
        double[] kept = JniUtils.dropout(ones, 1 - p, true).toType(DataType.FLOAT64, false).toDoubleArray();
        double[] out = new double[kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = kept[i] != 0 ? 1 : 0;
        }
        return out;
    }

    static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Rng OUT_FILE TORCH_RNG_FRESH_SEED0_JSON");
            System.exit(2);
        }
        Engine engine = Engine.getEngine("PyTorch");
        m = (PtNDManager) engine.newBaseManager(CPU);
        Chapters.m = m;
        Chapters.checkSeeding(Path.of(args[1]));

        seed(0);
        double[] u = uniform(0, 1, DataType.FLOAT64, 40).toDoubleArray();
        Chapters.Mt19937 mt = new Chapters.Mt19937(0);
        boolean same = true;
        for (double v : u) {
            long hi = mt.next() & 0xffffffffL;
            long lo = mt.next() & 0xffffffffL;
            same &= v == ((hi << 32 | lo) & ((1L << 53) - 1)) * 0x1p-53;
        }
        Chapters.check(same, "torch.rand(40, dtype=float64) == mt19937 replay, (u64 & (2^53 - 1)) * 2^-53 with"
                + " u64 = first word << 32 | second word");

        Entries out = new Entries("drawn by libtorch " + engine.getVersion() + " CPU through DJL "
                + Engine.getDjlVersion() + " by scripts/torch-fixtures (run rng, Rng.java), one intra-op thread,"
                + " torch.manual_seed(s) = Engine.setRandomSeed(s) before each entry (the seq_ entries: once before"
                + " the first). bernoulli_ is read from dropout (see Rng.java); on Intel CPUs libtorch's MKL build"
                + " draws bernoulli_(p) from MKL instead, so those entries need a non-Intel x86 CPU (these: "
                + System.getProperty("os.arch") + ", AMD EPYC). float64 normals call glibc's log/sin/cos"
                + " (here glibc 2.36).");
        String f64 = ", dtype=torch.float64";
        for (int n : new int[] {5, 40}) {
            seed(0);
            out.doubles("rand_f64_" + n, "torch.manual_seed(0); torch.rand(" + n + f64 + ")", new long[] {n},
                    uniform(0, 1, DataType.FLOAT64, n).toDoubleArray());
        }
        seed(0);
        out.doubles("uniform_f64_50", "torch.manual_seed(0); torch.empty(50" + f64 + ").uniform_(-2.5, 3.7)",
                new long[] {50}, uniform(-2.5, 3.7, DataType.FLOAT64, 50).toDoubleArray());
        for (int s : new int[] {0, 1}) {
            for (int n : new int[] {7, 15, 16, 17, 40, 1000}) {
                seed(s);
                out.doubles("randn_f64_" + n + "_seed" + s, "torch.manual_seed(" + s + "); torch.randn(" + n + f64
                        + ")", new long[] {n}, normal(0, 1, DataType.FLOAT64, n).toDoubleArray());
            }
            seed(s);
            out.doubles("normal_f64_7_seed" + s, "torch.manual_seed(" + s + "); torch.empty(7" + f64
                    + ").normal_(0.5, 2.0)", new long[] {7}, normal(0.5, 2.0, DataType.FLOAT64, 7).toDoubleArray());
            seed(s);
            out.doubles("normal_f64_40_seed" + s, "torch.manual_seed(" + s + "); torch.empty(40" + f64
                    + ").normal_(-1.5, 0.25)", new long[] {40},
                    normal(-1.5, 0.25, DataType.FLOAT64, 40).toDoubleArray());
        }

        // the kept second value of a Box–Muller pair is shared by float32 and float64 draws
        seed(3);
        out.doubles("seq_seed3_1_randn_f64_5", "torch.manual_seed(3); then in sequence: torch.randn(5" + f64 + ")",
                new long[] {5}, normal(0, 1, DataType.FLOAT64, 5).toDoubleArray());
        out.floats("seq_seed3_2_randn_f32_3", "then torch.randn(3)", new long[] {3},
                normal(0, 1, DataType.FLOAT32, 3).toFloatArray());
        out.doubles("seq_seed3_3_normal_f64_3", "then torch.empty(3" + f64 + ").normal_(10, 3)", new long[] {3},
                normal(10, 3, DataType.FLOAT64, 3).toDoubleArray());
        out.doubles("seq_seed3_4_randn_f64_1", "then torch.randn(1" + f64 + ")", new long[] {1},
                normal(0, 1, DataType.FLOAT64, 1).toDoubleArray());
        out.doubles("seq_seed3_5_rand_f64_2", "then torch.rand(2" + f64 + ")", new long[] {2},
                uniform(0, 1, DataType.FLOAT64, 2).toDoubleArray());

        seed(0);
        out.doubles("bernoulli_f64_40", "torch.manual_seed(0); torch.empty(40" + f64 + ").bernoulli_(0.25)",
                new long[] {40}, bernoulli((PtNDArray) m.ones(new Shape(40), DataType.FLOAT64), 0.25));
        seed(0);
        out.floats("bernoulli_f32_40", "torch.manual_seed(0); torch.empty(40).bernoulli_(0.75)", new long[] {40},
                toFloats(bernoulli((PtNDArray) m.ones(new Shape(40), DataType.FLOAT32), 0.75)));
        seed(0);
        PtNDArray transposed = JniUtils.transpose((PtNDArray) m.ones(new Shape(5, 3), DataType.FLOAT32), 0, 1);
        Chapters.check(transposed.getShape().equals(new Shape(3, 5)), "ones(5, 3).T is 3x5");
        out.floats("bernoulli_transposed_3x5", "torch.manual_seed(0); torch.empty_like(torch.ones(5, 3).T)"
                        + ".bernoulli_(0.5), row-major values of the 3x5 result (empty_like keeps the transposed"
                        + " strides, and bernoulli_ fills memory order)", new long[] {3, 5},
                toFloats(bernoulli(transposed, 0.5)));

        seed(0);
        out.doubles("randint_f64_20", "torch.manual_seed(0); torch.randint(-3, 10, (20,)" + f64 + ")",
                new long[] {20}, JniUtils.randint(m, -3, 10, new Shape(20), DataType.FLOAT64, CPU).toDoubleArray());
        seed(0);
        out.floats("randint_f32_20", "torch.manual_seed(0); torch.randint(0, 100, (20,), dtype=torch.float32)",
                new long[] {20}, JniUtils.randint(m, 0, 100, new Shape(20), DataType.FLOAT32, CPU).toFloatArray());
        seed(0);
        out.doubles("randperm_f64_12", "torch.manual_seed(0); torch.randperm(12" + f64 + ")", new long[] {12},
                JniUtils.randperm(m, 12, DataType.FLOAT64, CPU).toDoubleArray());
        out.write(Path.of(args[0]));
    }
}
