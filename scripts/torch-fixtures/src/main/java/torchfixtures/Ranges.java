package torchfixtures;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Path;

/**
 * PyTorch's CPU {@code arange}, {@code linspace} and {@code eye} values, for Blitz's {@code CreationOpsTest}: float32
 * and float64 to the last bit (arange's vectorised kernel and linspace's two halves round in their own ways), and
 * int64's truncation of fractional arguments.
 *
 * <p>DJL passes the arguments of {@code arange} and {@code linspace} as Java floats ({@code torch::arange(float,
 * float, float, options)}), so every argument here is a float32 value; the recipes write them as the doubles
 * PyTorch receives (e.g. {@code 0.07f} is {@code 0.07000000029802322}), which Blitz's tests pass the same way.
 * With such arguments {@code start + i * step} is exact in double for float64 arange, so those entries check the
 * count and the path, not the rounding; the float32 ones do check it.
 *
 * <p>Usage: Ranges OUT_FILE
 */
public final class Ranges {
    private Ranges() {
    }

    static final Device CPU = Device.cpu();

    static String py(float v) {
        return Double.toString(v);
    }

    static String dtypeName(DataType t) {
        return t == DataType.FLOAT32 ? "torch.float32" : t == DataType.FLOAT64 ? "torch.float64" : "torch.int64";
    }

    static void put(Entries out, String name, String recipe, PtNDArray a) {
        long[] shape = a.getShape().getShape();
        switch (a.getDataType()) {
            case FLOAT32 -> out.floats(name, recipe, shape, a.toFloatArray());
            case FLOAT64 -> out.doubles(name, recipe, shape, a.toDoubleArray());
            case INT64 -> out.longs(name, recipe, shape, a.toLongArray());
            default -> throw new IllegalStateException("dtype " + a.getDataType());
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Ranges OUT_FILE");
            System.exit(2);
        }
        Engine engine = Engine.getEngine("PyTorch");
        PtNDManager m = (PtNDManager) engine.newBaseManager(CPU);
        Entries out = new Entries("computed by libtorch " + engine.getVersion() + " CPU through DJL "
                + Engine.getDjlVersion() + " by scripts/torch-fixtures (run ranges, Ranges.java), one intra-op"
                + " thread, on x86-64 (libtorch 2.7.1 has DEFAULT and AVX2 builds of these kernels and ran the AVX2"
                + " one). Arguments are float32 values, written as the doubles PyTorch receives.");

        float[][] aranges = {{0f, 1f, 0.1f}, {-3.3f, 50f, 0.07f}, {5f, -7f, -0.13f}, {0.1f, 100f, 0.3f}, {0f, 3f, 1f}};
        String[] names = {"0_1_0.1", "-3.3_50_0.07", "5_-7_-0.13", "0.1_100_0.3", "0_3_1"};
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            String suffix = t == DataType.FLOAT32 ? "f32" : "f64";
            for (int i = 0; i < aranges.length; i++) {
                float[] a = aranges[i];
                put(out, "arange_" + suffix + "_" + names[i], "torch.arange(" + py(a[0]) + ", " + py(a[1]) + ", "
                        + py(a[2]) + ", dtype=" + dtypeName(t) + ")",
                        JniUtils.arange(m, a[0], a[1], a[2], t, CPU, SparseFormat.DENSE));
            }
        }
        float[][] intAranges = {{0f, 5.5f, 1.5f}, {10f, -3.5f, -2.5f}, {-7.75f, 7.75f, 2.5f}};
        for (float[] a : intAranges) {
            put(out, "arange_i64_" + a[0] + "_" + a[1] + "_" + a[2], "torch.arange(" + py(a[0]) + ", " + py(a[1])
                    + ", " + py(a[2]) + ", dtype=torch.int64)",
                    JniUtils.arange(m, a[0], a[1], a[2], DataType.INT64, CPU, SparseFormat.DENSE));
        }

        float[][] linspaces = {{0f, 1f, 7}, {-3.3f, 7.1f, 100}, {0.1f, 0.7f, 101}, {-1f, 1f, 33}, {2.5f, 5f, 1},
            {10f, -10f, 6}};
        String[] lnames = {"0_1_7", "-3.3_7.1_100", "0.1_0.7_101", "-1_1_33", "2.5_5_1", "10_-10_6"};
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            String suffix = t == DataType.FLOAT32 ? "f32" : "f64";
            for (int i = 0; i < linspaces.length; i++) {
                float[] a = linspaces[i];
                put(out, "linspace_" + suffix + "_" + lnames[i], "torch.linspace(" + py(a[0]) + ", " + py(a[1])
                        + ", " + (int) a[2] + ", dtype=" + dtypeName(t) + ")",
                        JniUtils.linspace(m, a[0], a[1], (int) a[2], t, CPU, SparseFormat.DENSE));
            }
        }
        float[][] intLinspaces = {{-3f, 10f, 7}, {0f, 10f, 4}, {-7.9f, 8.6f, 9}};
        for (float[] a : intLinspaces) {
            put(out, "linspace_i64_" + a[0] + "_" + a[1] + "_" + (int) a[2], "torch.linspace(" + py(a[0]) + ", "
                    + py(a[1]) + ", " + (int) a[2] + ", dtype=torch.int64)",
                    JniUtils.linspace(m, a[0], a[1], (int) a[2], DataType.INT64, CPU, SparseFormat.DENSE));
        }
        put(out, "eye_f32_2_3", "torch.eye(2, 3)", JniUtils.eye(m, 2, 3, DataType.FLOAT32, CPU, SparseFormat.DENSE));
        put(out, "eye_f64_3_3", "torch.eye(3, dtype=torch.float64)",
                JniUtils.eye(m, 3, 3, DataType.FLOAT64, CPU, SparseFormat.DENSE));
        out.write(Path.of(args[0]));
    }
}
