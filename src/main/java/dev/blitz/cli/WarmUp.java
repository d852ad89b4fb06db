package dev.blitz.cli;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.nn.F;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.List;

/**
 * One LeNet-shaped training step on two images, on a daemon thread started before the data loads. The first real
 * step would otherwise also pay for loading and initialising the classes of the kernels, the autograd engine and
 * the Vector API (about 0.3 s of its 0.9 s on 2 cores), while the second core idles as the data is decompressed;
 * done alongside, the command ends that much sooner. It shares nothing with the training: its own tensors with
 * fixed values, no random numbers (the default generator stays the training's alone), and results go nowhere.
 * CPU only: a GPU's context and libraries are set up when the model moves there.
 */
final class WarmUp {
    private static final int IMAGES = 2;

    private WarmUp() {
    }

    /** Starts the warm-up for {@code device} and returns its thread at once; another device than the CPU: null. */
    static Thread start(Device device) {
        if (!device.equals(Device.CPU)) {
            return null;
        }
        Thread thread = new Thread(WarmUp::step, "blitz-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** LeNet-5's layers, cross-entropy, backward and an SGD step with momentum; nothing it computes is kept. */
    static void step() {
        try (var scope = MemoryScope.open()) {
            Tensor w1 = parameter(0.05, 6, 1, 5, 5);
            Tensor b1 = parameter(0.01, 6);
            Tensor w2 = parameter(0.02, 16, 6, 5, 5);
            Tensor b2 = parameter(0.01, 16);
            Tensor w3 = parameter(0.01, 120, 400);
            Tensor b3 = parameter(0.01, 120);
            Tensor w4 = parameter(0.02, 10, 120);
            Tensor b4 = parameter(0.01, 10);
            List<Tensor> params = List.of(w1, b1, w2, b2, w3, b3, w4, b4);
            SGD optimizer = SGD.builder(params, 0.01).momentum(0.9).build();
            Tensor x = values(1, IMAGES, 1, 32, 32);
            Tensor h = F.maxPool2d(F.relu(F.conv2d(x, w1, b1)), 2);
            h = F.maxPool2d(F.relu(F.conv2d(h, w2, b2)), 2).reshape(IMAGES, 400);
            Tensor logits = F.linear(F.relu(F.linear(h, w3, b3)), w4, b4);
            F.crossEntropy(logits, Tensor.of(new long[] {3, 7}, IMAGES)).backward();
            optimizer.step();
        }
    }

    /** {@link #values} as a leaf that requires grad. */
    private static Tensor parameter(double scale, int... shape) {
        return values(scale, shape).requiresGrad(true);
    }

    /**
     * {@code scale * sin(i)}: signs and sizes of every kind, no ties. The input gets no gradient, as in training
     * (the first convolution's data gradient is never computed there).
     */
    private static Tensor values(double scale, int... shape) {
        float[] data = new float[Shape.of(shape).numel()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (scale * Math.sin(i + 1));
        }
        return Tensor.of(data, shape);
    }
}
