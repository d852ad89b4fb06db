package dev.blitz.models;

import dev.blitz.nn.BatchNorm1d;
import dev.blitz.nn.BatchNorm2d;
import dev.blitz.nn.Conv2d;
import dev.blitz.nn.Dropout;
import dev.blitz.nn.Flatten;
import dev.blitz.nn.Linear;
import dev.blitz.nn.MaxPool2d;
import dev.blitz.nn.Module;
import dev.blitz.nn.ReLU;
import dev.blitz.nn.Sequential;
import dev.blitz.tensor.Tensor;

/**
 * A small convolutional network with batch normalisation and dropout for 1×28×28 grey images (MNIST,
 * Fashion-MNIST), in two {@link Sequential}s as torchvision's classifiers are written, so its state-dict keys are
 * {@code features.0.weight}, {@code features.1.running_mean}, ..., {@code classifier.2.weight}:
 * <pre>
 * features:   conv3x3(1, 32) BN ReLU, conv3x3(32, 32) BN ReLU maxpool2, conv3x3(32, 64) BN ReLU maxpool2
 * classifier: flatten, dropout 0.25, linear(64*7*7, 128) BN ReLU, dropout 0.5, linear(128, 10)
 * </pre>
 * The convolutions and the hidden linear layer have no bias: the batch norm after each adds its own.
 * Call {@code train()} and {@code eval()}: batch norm and dropout behave differently in each.
 */
public class CnnBn extends Module {
    /** Three 3×3 convolutions (padding 1) with batch norm and ReLU; max-pooling halves 28×28 to 14×14 to 7×7. */
    public final Sequential features = register("features", new Sequential(
            conv(1, 32), new BatchNorm2d(32), new ReLU(),
            conv(32, 32), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
            conv(32, 64), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2)));
    /** From 64×7×7 features to 10 class scores, with dropout before each linear layer. */
    public final Sequential classifier = register("classifier", new Sequential(
            new Flatten(), new Dropout(0.25), new Linear(64 * 7 * 7, 128, false), new BatchNorm1d(128), new ReLU(),
            new Dropout(0.5), new Linear(128, 10)));

    private static Conv2d conv(int in, int out) {
        return Conv2d.builder(in, out, 3).padding(1).bias(false).build();
    }

    /**
     * The features, then the classifier.
     *
     * @param x [N, 1, 28, 28] images
     * @return [N, 10] class scores (logits)
     */
    @Override
    public Tensor forward(Tensor x) {
        return classifier.forward(features.forward(x));
    }
}
