package dev.blitz.models;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.TorchRngFixture;
import dev.blitz.nn.CrossEntropyLoss;
import dev.blitz.nn.IncompatibleKeys;
import dev.blitz.nn.Linear;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResNet18Test {
    /**
     * torchvision's {@code resnet18().state_dict()}: keys in order and shapes, written out from its architecture
     * (each module's parameters, then its buffers, then its children; a batch norm has weight, bias,
     * running_mean, running_var, num_batches_tracked).
     */
    private static Map<String, List<Integer>> torchvisionStateDict() {
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("conv1.weight", List.of(64, 3, 7, 7));
        batchNorm(expected, "bn1.", 64);
        int[] planes = {64, 128, 256, 512};
        int inplanes = 64;
        for (int layer = 0; layer < 4; layer++) {
            int p = planes[layer];
            for (int block = 0; block < 2; block++) {
                String prefix = "layer" + (layer + 1) + "." + block + ".";
                int in = block == 0 ? inplanes : p;
                expected.put(prefix + "conv1.weight", List.of(p, in, 3, 3));
                batchNorm(expected, prefix + "bn1.", p);
                expected.put(prefix + "conv2.weight", List.of(p, p, 3, 3));
                batchNorm(expected, prefix + "bn2.", p);
                if (block == 0 && layer > 0) {
                    expected.put(prefix + "downsample.0.weight", List.of(p, in, 1, 1));
                    batchNorm(expected, prefix + "downsample.1.", p);
                }
            }
            inplanes = p;
        }
        expected.put("fc.weight", List.of(1000, 512));
        expected.put("fc.bias", List.of(1000));
        return expected;
    }

    private static void batchNorm(Map<String, List<Integer>> out, String prefix, int channels) {
        out.put(prefix + "weight", List.of(channels));
        out.put(prefix + "bias", List.of(channels));
        out.put(prefix + "running_mean", List.of(channels));
        out.put(prefix + "running_var", List.of(channels));
        out.put(prefix + "num_batches_tracked", List.of());
    }

    @Test
    void stateDictKeysAndShapesAreTorchvisions() {
        Map<String, List<Integer>> expected = torchvisionStateDict();
        // 62 parameters and 20 batch norms' 3 buffers each.
        assertEquals(122, expected.size());
        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        new ResNet18().stateDict().forEach((k, t) -> {
            List<Integer> dims = new ArrayList<>();
            for (int d : t.shape().dims()) {
                dims.add(d);
            }
            actual.put(k, dims);
        });
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
        assertEquals(expected, actual);
    }

    @Test
    void parameterCountIsTorchvisions() {
        // sum(p.numel() for p in resnet18().parameters()), as torchvision documents it: 11.7M.
        long total = 0;
        for (Tensor p : new ResNet18().parameters()) {
            total += p.numel();
        }
        assertEquals(11_689_512L, total);
        assertEquals(62, new ResNet18().parameters().size());
    }

    @Test
    void printsAsPyTorchPrintsResnet18() {
        assertEquals("""
            ResNet(
              (conv1): Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)
              (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
              (relu): ReLU(inplace=True)
              (maxpool): MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)
              (layer1): Sequential(
                (0): BasicBlock(
                  (conv1): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                )
                (1): BasicBlock(
                  (conv1): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                )
              )
              (layer2): Sequential(
                (0): BasicBlock(
                  (conv1): Conv2d(64, 128, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(128, 128, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (downsample): Sequential(
                    (0): Conv2d(64, 128, kernel_size=(1, 1), stride=(2, 2), bias=False)
                    (1): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  )
                )
                (1): BasicBlock(
                  (conv1): Conv2d(128, 128, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(128, 128, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                )
              )
              (layer3): Sequential(
                (0): BasicBlock(
                  (conv1): Conv2d(128, 256, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(256, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(256, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(256, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (downsample): Sequential(
                    (0): Conv2d(128, 256, kernel_size=(1, 1), stride=(2, 2), bias=False)
                    (1): BatchNorm2d(256, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  )
                )
                (1): BasicBlock(
                  (conv1): Conv2d(256, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(256, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(256, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(256, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                )
              )
              (layer4): Sequential(
                (0): BasicBlock(
                  (conv1): Conv2d(256, 512, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(512, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(512, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (downsample): Sequential(
                    (0): Conv2d(256, 512, kernel_size=(1, 1), stride=(2, 2), bias=False)
                    (1): BatchNorm2d(512, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  )
                )
                (1): BasicBlock(
                  (conv1): Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(512, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(512, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                )
              )
              (avgpool): AdaptiveAvgPool2d(output_size=(1, 1))
              (fc): Linear(in_features=512, out_features=1000, bias=True)
            )""", new ResNet18().toString());
    }

    /** Sample mean, standard deviation and the fraction beyond two standard deviations of {@code expectedStd}. */
    private static double[] moments(Tensor t, double expectedStd) {
        float[] v = t.toFloatArray();
        double sum = 0;
        double sumSq = 0;
        long tails = 0;
        for (float x : v) {
            sum += x;
            sumSq += (double) x * x;
            tails += Math.abs(x) > 2 * expectedStd ? 1 : 0;
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sumSq / v.length - mean * mean), (double) tails / v.length};
    }

    @Test
    void convolutionsStartAsTorchvisionsKaimingNormalFanOut() {
        Blitz.manualSeed(0);
        Map<String, Tensor> state = new ResNet18().stateDict();
        // kaiming_normal_(mode="fan_out", nonlinearity="relu"): std = sqrt(2 / (out_channels * kh * kw)).
        for (var e : Map.of("layer4.1.conv2.weight", 512 * 3 * 3, "layer4.0.downsample.0.weight", 512,
                "layer3.0.conv1.weight", 256 * 3 * 3).entrySet()) {
            Tensor w = state.get(e.getKey());
            double std = Math.sqrt(2.0 / e.getValue());
            double[] m = moments(w, std);
            long n = w.numel();
            // Over 100k samples the sample std is within 1% of the true one (its error is about std / sqrt(2n)).
            assertEquals(std, m[1], 0.01 * std, e.getKey() + " std");
            assertEquals(0, m[0], 5 * std / Math.sqrt(n), e.getKey() + " mean");
            // A normal has 4.55% beyond 2 std; PyTorch's default kaiming-uniform (a=sqrt(5)) would have none.
            assertEquals(0.0455, m[2], 0.004, e.getKey() + " share beyond 2 std");
        }
        // fc keeps Linear's default: U(-1/sqrt(512), 1/sqrt(512)), std bound / sqrt(3).
        double bound = 1 / Math.sqrt(512);
        double[] fc = moments(state.get("fc.weight"), bound / Math.sqrt(3));
        assertEquals(bound / Math.sqrt(3), fc[1], 0.01 * bound / Math.sqrt(3), "fc.weight std");
        for (float x : state.get("fc.weight").toFloatArray()) {
            assertTrue(Math.abs(x) <= bound, "fc.weight within its uniform bound: " + x);
        }
    }

    @Test
    void batchNormsStartAtWeightOneBiasZero() {
        Blitz.manualSeed(0);
        int batchNorms = 0;
        for (var e : new ResNet18().stateDict().entrySet()) {
            String key = e.getKey();
            float[] expected = null;
            if (key.endsWith(".weight") && e.getValue().dim() == 1 && !key.startsWith("fc.")) {
                expected = new float[e.getValue().numel()];
                java.util.Arrays.fill(expected, 1f);
                batchNorms++;
            } else if (key.endsWith(".bias") && !key.startsWith("fc.")) {
                expected = new float[e.getValue().numel()];
            }
            if (expected != null) {
                assertArrayEquals(expected, e.getValue().toFloatArray(), key);
            }
        }
        assertEquals(20, batchNorms);
    }

    @Test
    void greyImagesTakeAOneChannelFirstConvolution() {
        Blitz.manualSeed(0);
        ResNet18 grey = ResNet18.builder().numClasses(10).inChannels(1).build();
        assertEquals("Conv2d(1, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)",
                grey.conv1.toString());
        assertArrayEquals(new int[] {64, 1, 7, 7}, grey.conv1.weight.shape().dims());
        // fan_out does not depend on the input channels: 64 * 7 * 7.
        assertEquals(Math.sqrt(2.0 / (64 * 49)), moments(grey.conv1.weight, 1)[1], 0.05 * Math.sqrt(2.0 / (64 * 49)));
        Tensor out = grey.forward(Tensor.randn(2, 1, 28, 28));
        assertArrayEquals(new int[] {2, 10}, out.shape().dims());
        assertEquals(new ResNet18(10).parameters().size(), grey.parameters().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResNet18.builder().inChannels(0).build());
        assertEquals("ResNet18: num_classes and in_channels must be >= 1, got num_classes=1000, in_channels=0",
                e.getMessage());
    }

    @Test
    void forwardGivesOneScorePerClassAndBackwardReachesEveryParameter() {
        Blitz.manualSeed(0);
        ResNet18 model = new ResNet18(10);
        // 32 -> 16 (conv1) -> 8 (maxpool) -> 8, 4, 2, 1 (layer1..4) -> 1 (avgpool)
        Tensor out = model.forward(Tensor.randn(2, 3, 32, 32));
        assertArrayEquals(new int[] {2, 10}, out.shape().dims());
        out.sum().backward();
        model.namedParameters().forEach((name, p) -> assertArrayEquals(p.shape().dims(), p.grad().shape().dims(), name));
        model.eval();
        Tensor eval = model.forward(Tensor.randn(1, 3, 32, 32));
        assertArrayEquals(new int[] {1, 10}, eval.shape().dims());
    }

    @Test
    void fineTuningTrainsOnlyTheReplacedHead() {
        Blitz.manualSeed(0);
        ResNet18 model = new ResNet18();
        for (Tensor p : model.parameters()) {
            p.requiresGrad(false);
        }
        Linear head = new Linear(512, 10);
        Linear old = (Linear) model.replace("fc", head);
        assertNotSame(head, old);
        assertSame(head, model.fc());
        assertEquals("Linear(in_features=512, out_features=10, bias=True)",
                model.toString().lines().filter(l -> l.startsWith("  (fc)")).findFirst().orElseThrow().substring(8));
        assertEquals(List.of(10, 512), List.of(model.stateDict().get("fc.weight").shape().dims()[0],
                model.stateDict().get("fc.weight").shape().dims()[1]));

        Map<String, float[]> before = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> before.put(name, p.toFloatArray()));
        SGD optimizer = new SGD(head.parameters(), 0.1);
        Tensor loss = new CrossEntropyLoss().forward(model.forward(Tensor.randn(2, 3, 32, 32)),
                Tensor.of(new long[] {3, 7}, 2));
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();

        model.namedParameters().forEach((name, p) -> {
            if (name.startsWith("fc.")) {
                assertFalse(java.util.Arrays.equals(before.get(name), p.toFloatArray()), name + " should change");
            } else {
                assertArrayEquals(before.get(name), p.toFloatArray(), name + " should stay frozen");
                assertEquals(null, p.grad(), name);
            }
        });
    }

    @Test
    void replacingAMissingChildNamesWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResNet18().replace("head", new Linear(512, 10)));
        assertEquals("ResNet18 has no submodule named \"head\" (its submodules: [conv1, bn1, relu, maxpool, layer1,"
                + " layer2, layer3, layer4, avgpool, fc])", e.getMessage());
    }

    @Test
    void aBackboneCheckpointLoadsNonStrictlyAndReportsTheKeysItSkipped() {
        Blitz.manualSeed(0);
        Map<String, Tensor> checkpoint = new ResNet18().stateDict();
        checkpoint.remove("fc.weight");
        checkpoint.remove("fc.bias");
        checkpoint.put("aux.weight", Tensor.zeros(3));
        ResNet18 model = new ResNet18(10);
        float[] fcBefore = model.fc().stateDict().get("weight").toFloatArray();

        IncompatibleKeys result = model.loadStateDict(checkpoint, false);
        assertEquals(List.of("fc.weight", "fc.bias"), result.missingKeys());
        assertEquals(List.of("aux.weight"), result.unexpectedKeys());
        assertEquals("_IncompatibleKeys(missing_keys=['fc.weight', 'fc.bias'], unexpected_keys=['aux.weight'])",
                result.toString());
        assertArrayEquals(checkpoint.get("layer3.1.conv2.weight").toFloatArray(),
                model.layer3.stateDict().get("1.conv2.weight").toFloatArray());
        assertArrayEquals(fcBefore, model.fc().stateDict().get("weight").toFloatArray());

        IllegalArgumentException strict = assertThrows(IllegalArgumentException.class,
                () -> model.loadStateDict(checkpoint));
        assertEquals("Error(s) in loading state_dict for ResNet:\n"
                + "\tMissing key(s) in state_dict: \"fc.weight\", \"fc.bias\".\n"
                + "\tUnexpected key(s) in state_dict: \"aux.weight\".", strict.getMessage());
        assertEquals("<All keys matched successfully>", model.loadStateDict(model.stateDict(), true).toString());
    }

    @Test
    void aShapeMismatchIsAnErrorEvenWhenNotStrict() {
        // PyTorch raises for the ImageNet head loaded into a 10-class one whatever strict says.
        ResNet18 model = new ResNet18(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.loadStateDict(new ResNet18().stateDict(), false));
        assertTrue(e.getMessage().startsWith("Error(s) in loading state_dict for ResNet:\n\tsize mismatch for fc.weight:"),
                e.getMessage());
    }

    /** The weight formula of scripts/torch-fixtures' Resnet.java, which computed the expected logits with libtorch. */
    private static float value(String key, int k, int i, long fanIn) {
        double s = unit(k, i);
        if (key.endsWith("running_var")) {
            return (float) (1.0 + 0.25 * s);
        }
        if (key.endsWith("running_mean") || key.endsWith("bias")) {
            return (float) (0.1 * s);
        }
        if (fanIn == 0) {
            return (float) (1.0 + 0.2 * s);
        }
        return (float) (s * Math.sqrt(3.0 / fanIn));
    }

    /** SplitMix64 of (k, i) to [-1, 1), as Resnet.unit. */
    private static double unit(int k, int i) {
        long z = ((long) k << 32) + i + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1p-53 * 2 - 1;
    }

    @Test
    void evalForwardMatchesPyTorch() {
        // Entry k of torchvision's state dict (num_batches_tracked left out) filled by the formula.
        Map<String, Tensor> state = new LinkedHashMap<>();
        int k = 0;
        for (var e : torchvisionStateDict().entrySet()) {
            String key = e.getKey();
            int[] dims = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            if (key.endsWith("num_batches_tracked")) {
                state.put(key, Tensor.of(new long[] {0}, Shape.of(), Device.CPU));
                continue;
            }
            int n = 1;
            for (int d : dims) {
                n *= d;
            }
            long fanIn = dims.length >= 2 ? n / dims[0] : 0;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = value(key, k, i, fanIn);
            }
            state.put(key, Tensor.of(v, dims));
            k++;
        }
        float[] input = new float[2 * 3 * 40 * 40];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) unit(1000, i);
        }
        ResNet18 model = new ResNet18();
        model.loadStateDict(state);
        model.eval();
        float[] logits;
        try (var g = GradMode.noGrad()) {
            logits = model.forward(Tensor.of(input, 2, 3, 40, 40)).toFloatArray();
        }
        float[] expected = TorchRngFixture.load("torch-resnet", "resnet18_eval.json").floats("resnet18_eval_logits");
        assertEquals(expected.length, logits.length);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - logits[i]));
        }
        // float32 sums in another order through 20 layers: 5e-7 of the logits' size here; a wrong layer is ~1
        assertTrue(worst < 1e-5 * scale, "largest difference " + worst + " for logits up to " + scale);
    }
}
