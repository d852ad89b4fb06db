package dev.blitz.models;

import dev.blitz.nn.Conv2d;
import dev.blitz.nn.F;
import dev.blitz.nn.Linear;
import dev.blitz.nn.Module;
import dev.blitz.tensor.Tensor;

/** The LeNet-5 of PyTorch's 60-minute blitz, written the way the tutorial writes it. */
public class LeNet extends Module {
    /** 1 input channel (a grey image), 6 output channels, 5×5 kernels. */
    public final Conv2d conv1 = register("conv1", new Conv2d(1, 6, 5));
    /** 6 input channels, 16 output channels, 5×5 kernels. */
    public final Conv2d conv2 = register("conv2", new Conv2d(6, 16, 5));
    /** 16 channels of 5×5 (a 32×32 input after two convolutions and poolings) to 120 features. */
    public final Linear fc1 = register("fc1", new Linear(16 * 5 * 5, 120));
    /** 120 features to 84. */
    public final Linear fc2 = register("fc2", new Linear(120, 84));
    /** 84 features to 10 class scores. */
    public final Linear fc3 = register("fc3", new Linear(84, 10));

    /**
     * conv → relu → 2×2 max-pool, twice, then flatten and three linear layers (relu between them).
     *
     * @param x [N, 1, 32, 32] images
     * @return [N, 10] class scores (logits)
     */
    @Override
    public Tensor forward(Tensor x) {
        x = F.maxPool2d(F.relu(conv1.forward(x)), 2);
        x = F.maxPool2d(F.relu(conv2.forward(x)), 2);
        x = x.flatten(1);
        x = F.relu(fc1.forward(x));
        x = F.relu(fc2.forward(x));
        return fc3.forward(x);
    }
}
