package dev.blitz.backend.cuda;

import dev.blitz.autograd.functions.Conv2d;
import dev.blitz.autograd.functions.Linear;
import dev.blitz.autograd.functions.MaxPool2d;
import dev.blitz.autograd.functions.MseLoss;
import dev.blitz.autograd.functions.Relu;
import dev.blitz.backend.SgdParams;
import dev.blitz.tensor.Device;
import dev.blitz.tensor.Reduction;
import dev.blitz.tensor.Shape;
import dev.blitz.tensor.Tensor;

/**
 * The 60-minute-blitz LeNet-5 built from the autograd functions, parameters by the fixture rule
 * (/work/shared/fixtures/README.md: seeds 1..10, scale 0.1). The nn package is not on this branch: once it is,
 * this class can become {@code new nn.LeNet()} without the tests changing.
 */
final class LeNet {
    static final String[] NAMES = {
        "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight",
        "fc2.bias", "fc3.weight", "fc3.bias",
    };
    private static final int[][] SHAPES = {
        {6, 1, 5, 5}, {6}, {16, 6, 5, 5}, {16}, {120, 400}, {120}, {84, 120}, {84}, {10, 84}, {10},
    };
    private static final int[] ONE = {1, 1};
    private static final int[] TWO = {2, 2};
    private static final int[] NONE = {0, 0};

    final Tensor[] params = new Tensor[NAMES.length];

    LeNet(Device device) {
        for (int i = 0; i < params.length; i++) {
            Shape s = Shape.of(SHAPES[i]);
            params[i] = Tensor.of(Gpu.values(s.numel(), i + 1, 0.1), s, device).requiresGrad(true);
        }
    }

    static Tensor input(int batch, Device device) {
        return Tensor.of(Gpu.values(batch * 32 * 32, 11, 1.0), Shape.of(batch, 1, 32, 32), device);
    }

    static Tensor target(int batch, Device device) {
        return Tensor.of(Gpu.values(batch * 10, 12, 1.0), Shape.of(batch, 10), device);
    }

    Tensor forward(Tensor x) {
        Tensor[] p = params;
        Tensor h = MaxPool2d.apply(Relu.apply(Conv2d.apply(x, p[0], p[1], ONE, NONE)), TWO, TWO, NONE);
        h = MaxPool2d.apply(Relu.apply(Conv2d.apply(h, p[2], p[3], ONE, NONE)), TWO, TWO, NONE);
        h = h.flatten(1);
        h = Relu.apply(Linear.apply(h, p[4], p[5]));
        h = Relu.apply(Linear.apply(h, p[6], p[7]));
        return Linear.apply(h, p[8], p[9]);
    }

    static Tensor loss(Tensor output, Tensor target) {
        return MseLoss.apply(output, target, Reduction.MEAN);
    }

    /** Plain SGD through the backend's fused kernel, as optim.SGD without momentum does. */
    void sgdStep(float lr) {
        SgdParams sgd = new SgdParams(lr, 0f, 0f, 0f, false, false);
        for (Tensor p : params) {
            p.backend().sgdStep(sgd, p.buffer(), p.grad().buffer(), null, false);
        }
    }

    void zeroGrad() {
        for (Tensor p : params) {
            if (p.grad() != null) {
                p.grad().zeroInPlace();
            }
        }
    }
}
