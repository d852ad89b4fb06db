package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.models.LeNet;
import dev.blitz.nn.MSELoss;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The "Neural Networks" chapter of PyTorch's 60-minute blitz, step by step, printing what the tutorial prints.
 * Two of the tutorial's slips are fixed: its forward applies conv1 twice, and its target is viewed as 10×1
 * against a 1×10 output.
 */
public final class Walkthrough {
    private Walkthrough() {
    }

    /** The tutorial's {@code Net}: LeNet-5 under the name that {@code print(net)} shows. */
    static final class Net extends LeNet {
    }

    /**
     * Runs the chapter on the default device.
     *
     * @param args an optional seed for {@code Blitz.manualSeed} (default 0)
     */
    public static void main(String[] args) {
        Blitz.manualSeed(args.length > 0 ? Long.parseLong(args[0]) : 0);
        System.out.println("Device: " + Blitz.defaultDevice());

        Net net = new Net();
        System.out.println(net);

        List<Tensor> params = net.parameters();
        System.out.println(params.size());
        System.out.println(params.get(0).shape().torchSize() + "  # conv1's .weight");

        Tensor input = Tensor.randn(1, 1, 32, 32);
        Tensor out = net.forward(input);
        System.out.println(out);

        net.zeroGrad();
        out.backward(Tensor.randn(1, 10));

        Tensor output = net.forward(input);
        Tensor target = Tensor.randn(10).view(1, -1);
        MSELoss criterion = new MSELoss();
        Tensor loss = criterion.forward(output, target);
        System.out.println(loss);
        System.out.println(loss.gradFn());

        net.zeroGrad();
        System.out.println("conv1.bias.grad before backward");
        System.out.println(net.conv1.bias.grad());
        loss.backward();
        System.out.println("conv1.bias.grad after backward");
        System.out.println(net.conv1.bias.grad());

        double learningRate = 0.01;
        try (var noGrad = Blitz.noGrad()) {
            for (Tensor f : net.parameters()) {
                f.subInPlace(f.grad().mul(learningRate));
            }
        }
        System.out.println("loss after the manual update: " + criterion.forward(net.forward(input), target).item());

        SGD optimizer = new SGD(net.parameters(), 0.01);
        optimizer.zeroGrad();
        output = net.forward(input);
        loss = criterion.forward(output, target);
        System.out.println("loss before the SGD step:     " + loss.item());
        loss.backward();
        optimizer.step();
        System.out.println("loss after the SGD step:      " + criterion.forward(net.forward(input), target).item());
    }
}
