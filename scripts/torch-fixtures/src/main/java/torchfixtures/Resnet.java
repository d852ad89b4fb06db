package torchfixtures;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torchvision's {@code resnet18()} forward in evaluation mode, for Blitz's {@code ResNet18Test}: libtorch has no
 * torchvision, so the network is written out with libtorch's own ops, exactly as torchvision's {@code ResNet} and
 * {@code BasicBlock} call them ({@code conv2d} without bias, {@code batch_norm} with running statistics, eps 1e-5,
 * {@code relu}, {@code max_pool2d(3, 2, 1)}, {@code adaptive_avg_pool2d(1)}, {@code flatten(1)}, {@code linear}).
 * The weights and the input come from {@link #value}, a formula the test repeats: entry {@code i} of the
 * {@code k}-th state-dict tensor (torchvision's order, {@code num_batches_tracked} left out) is {@link #unit}{@code (k, i)} in [-1, 1) (SplitMix64),
 * scaled per kind.
 *
 * <p>Usage: Resnet OUT_FILE
 */
public final class Resnet {
    private Resnet() {
    }

    static final Device CPU = Device.cpu();

    /** The formula (float32 of a double), shared with the test. */
    static float value(String key, int k, int i, long fanIn) {
        double s = unit(k, i);
        if (key.endsWith("running_var")) {
            return (float) (1.0 + 0.25 * s);
        }
        if (key.endsWith("running_mean") || key.endsWith("bias")) {
            return (float) (0.1 * s);
        }
        if (fanIn == 0) { // a batch norm's weight
            return (float) (1.0 + 0.2 * s);
        }
        return (float) (s * Math.sqrt(3.0 / fanIn));
    }

    /** A value in [-1, 1) from SplitMix64 of (k, i): integer arithmetic, the same on every machine. */
    static double unit(int k, int i) {
        long z = ((long) k << 32) + i + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1p-53 * 2 - 1;
    }

    public static void main(String[] args) throws IOException {
        Engine engine = Engine.getEngine("PyTorch");
        PtNDManager m = (PtNDManager) engine.newBaseManager(CPU);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("conv1.weight", new long[] {64, 3, 7, 7});
        bn(shapes, "bn1.", 64);
        long[] planes = {64, 128, 256, 512};
        long inplanes = 64;
        for (int layer = 0; layer < 4; layer++) {
            long p = planes[layer];
            for (int block = 0; block < 2; block++) {
                String prefix = "layer" + (layer + 1) + "." + block + ".";
                long in = block == 0 ? inplanes : p;
                shapes.put(prefix + "conv1.weight", new long[] {p, in, 3, 3});
                bn(shapes, prefix + "bn1.", p);
                shapes.put(prefix + "conv2.weight", new long[] {p, p, 3, 3});
                bn(shapes, prefix + "bn2.", p);
                if (block == 0 && layer > 0) {
                    shapes.put(prefix + "downsample.0.weight", new long[] {p, in, 1, 1});
                    bn(shapes, prefix + "downsample.1.", p);
                }
            }
            inplanes = p;
        }
        shapes.put("fc.weight", new long[] {1000, 512});
        shapes.put("fc.bias", new long[] {1000});
        Map<String, PtNDArray> w = new LinkedHashMap<>();
        int k = 0;
        for (var e : shapes.entrySet()) {
            long[] s = e.getValue();
            long n = 1;
            for (long d : s) {
                n *= d;
            }
            long fanIn = s.length >= 2 && !e.getKey().contains("bn") && !e.getKey().contains("downsample.1")
                    ? n / s[0] : 0;
            float[] v = new float[(int) n];
            for (int i = 0; i < n; i++) {
                v[i] = value(e.getKey(), k, i, fanIn);
            }
            w.put(e.getKey(), (PtNDArray) m.create(v, new Shape(s)));
            k++;
        }
        float[] input = new float[2 * 3 * 40 * 40];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) unit(1000, i);
        }
        PtNDArray x = (PtNDArray) m.create(input, new Shape(2, 3, 40, 40));
        x = JniUtils.relu(bn(conv(x, w.get("conv1.weight"), 2, 3), w, "bn1."));
        x = JniUtils.maxPool(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        for (int layer = 0; layer < 4; layer++) {
            for (int block = 0; block < 2; block++) {
                String p = "layer" + (layer + 1) + "." + block + ".";
                int stride = block == 0 && layer > 0 ? 2 : 1;
                PtNDArray out = JniUtils.relu(bn(conv(x, w.get(p + "conv1.weight"), stride, 1), w, p + "bn1."));
                out = bn(conv(out, w.get(p + "conv2.weight"), 1, 1), w, p + "bn2.");
                PtNDArray identity = w.containsKey(p + "downsample.0.weight")
                        ? bn(conv(x, w.get(p + "downsample.0.weight"), 2, 0), w, p + "downsample.1.") : x;
                x = JniUtils.relu(JniUtils.add(out, identity));
            }
        }
        x = JniUtils.flatten(JniUtils.adaptiveAvgPool(x, new Shape(1, 1)), 1, -1);
        x = JniUtils.linear(x, w.get("fc.weight"), w.get("fc.bias"));
        Entries out = new Entries("computed by libtorch " + engine.getVersion() + " CPU through DJL "
                + Engine.getDjlVersion() + " by scripts/torch-fixtures (run resnet, Resnet.java), one intra-op thread:"
                + " torchvision's resnet18 forward in eval mode written with libtorch's ops, weights from the formula"
                + " in Resnet.value (repeated in ResNet18Test)");
        out.floats("resnet18_eval_logits", "resnet18().eval()(x) for x = unit(1000, i) of shape"
                + " [2, 3, 40, 40], state-dict entry k from value(key, k, i, fanIn)", x.getShape().getShape(),
                x.toFloatArray());
        out.write(Path.of(args[0]));
    }

    private static void bn(Map<String, long[]> shapes, String prefix, long c) {
        for (String s : new String[] {"weight", "bias", "running_mean", "running_var"}) {
            shapes.put(prefix + s, new long[] {c});
        }
    }

    private static PtNDArray conv(PtNDArray x, PtNDArray weight, int stride, int padding) {
        return JniUtils.convolution(x, weight, null, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), 1);
    }

    private static PtNDArray bn(PtNDArray x, Map<String, PtNDArray> w, String p) {
        return JniUtils.batchNorm(x, w.get(p + "running_mean"), w.get(p + "running_var"), w.get(p + "weight"),
                w.get(p + "bias"), false, 0.1, 1e-5);
    }
}
