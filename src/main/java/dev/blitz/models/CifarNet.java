package dev.blitz.models;

import dev.blitz.nn.Conv2d;
import dev.blitz.nn.F;
import dev.blitz.nn.Linear;
import dev.blitz.nn.MaxPool2d;
import dev.blitz.nn.Module;
import dev.blitz.tensor.Tensor;

/**
 * The {@code Net} of PyTorch's "Training a classifier" chapter, for CIFAR-10's 3×32×32 colour images: LeNet-5 with
 * three input channels and its pooling as a module. Its layers, state-dict keys and {@code print} are the
 * tutorial's ({@code conv1}, {@code pool}, {@code conv2}, {@code fc1}, {@code fc2}, {@code fc3}; printed as
 * {@code Net(...)}, the tutorial's class name), so a state dict loads into the tutorial's {@code Net} and back.
 */
public class CifarNet extends Module {
    /** 3 input channels (RGB), 6 output channels, 5×5 kernels. */
    public final Conv2d conv1 = register("conv1", new Conv2d(3, 6, 5));
    /** 2×2 max-pooling with stride 2, used after both convolutions. */
    public final MaxPool2d pool = register("pool", new MaxPool2d(2, 2, 0));
    /** 6 input channels, 16 output channels, 5×5 kernels. */
    public final Conv2d conv2 = register("conv2", new Conv2d(6, 16, 5));
    /** 16 channels of 5×5 (a 32×32 input after two convolutions and poolings) to 120 features. */
    public final Linear fc1 = register("fc1", new Linear(16 * 5 * 5, 120));
    /** 120 features to 84. */
    public final Linear fc2 = register("fc2", new Linear(120, 84));
    /** 84 features to 10 class scores. */
    public final Linear fc3 = register("fc3", new Linear(84, 10));

    /**
     * {@code pool(relu(conv1(x)))}, {@code pool(relu(conv2(x)))}, flatten from dimension 1, then {@code fc1} and
     * {@code fc2} with relu and {@code fc3}.
     *
     * @param x [N, 3, 32, 32] images
     * @return [N, 10] class scores (logits)
     */
    @Override
    public Tensor forward(Tensor x) {
        x = pool.forward(F.relu(conv1.forward(x)));
        x = pool.forward(F.relu(conv2.forward(x)));
        x = x.flatten(1);
        x = F.relu(fc1.forward(x));
        x = F.relu(fc2.forward(x));
        return fc3.forward(x);
    }

    /** PyTorch prints the tutorial's class, {@code Net}. */
    @Override
    protected String typeName() {
        return "Net";
    }
}
