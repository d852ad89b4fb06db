package dev.blitz.examples;

import dev.blitz.nn.Conv2d;
import dev.blitz.nn.F;
import dev.blitz.nn.Linear;
import dev.blitz.nn.Module;
import dev.blitz.tensor.Tensor;

/** The LeNet-5 of PyTorch's 60-minute blitz, written the way the tutorial writes it. */
public class Net extends Module {
    public final Conv2d conv1 = register("conv1", new Conv2d(1, 6, 5));
    public final Conv2d conv2 = register("conv2", new Conv2d(6, 16, 5));
    public final Linear fc1 = register("fc1", new Linear(16 * 5 * 5, 120));
    public final Linear fc2 = register("fc2", new Linear(120, 84));
    public final Linear fc3 = register("fc3", new Linear(84, 10));

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
