package dev.blitz.models;

import dev.blitz.nn.AdaptiveAvgPool2d;
import dev.blitz.nn.BatchNorm2d;
import dev.blitz.nn.Conv2d;
import dev.blitz.nn.Linear;
import dev.blitz.nn.MaxPool2d;
import dev.blitz.nn.Module;
import dev.blitz.nn.ReLU;
import dev.blitz.nn.Sequential;
import dev.blitz.tensor.Tensor;

/**
 * torchvision's {@code resnet18(num_classes=...)}: the same submodules under the same names, so its state-dict keys
 * ({@code conv1.weight}, {@code bn1.running_mean}, {@code layer2.0.downsample.0.weight}, ..., {@code fc.bias}) and
 * shapes are torchvision's, a checkpoint saved from PyTorch loads with {@link #loadStateDict}, and it prints as
 * PyTorch prints {@code resnet18()}. The weights start from Blitz's default initialisation of each layer
 * (torchvision re-initialises convolutions with Kaiming normal, fan-out), meant to be loaded or trained.
 *
 * <p>{@code fc} can be replaced, as PyTorch's {@code model.fc = nn.Linear(512, 10)} for fine-tuning:
 * {@code model.replace("fc", new Linear(512, 10))}; {@link #forward} uses whatever is registered there.
 */
public class ResNet18 extends Module {
    /** 7×7, stride 2, padding 3, 3 → 64 channels, no bias. */
    public final Conv2d conv1 = register("conv1", Conv2d.builder(3, 64, 7).stride(2).padding(3).bias(false).build());
    /** Batch norm over 64 channels. */
    public final BatchNorm2d bn1 = register("bn1", new BatchNorm2d(64));
    /** {@code ReLU(inplace=True)}. */
    public final ReLU relu = register("relu", new ReLU(true));
    /** 3×3, stride 2, padding 1. */
    public final MaxPool2d maxpool = register("maxpool", MaxPool2d.builder(3).stride(2).padding(1).build());
    /** Two blocks of 64 channels. */
    public final Sequential layer1 = register("layer1", layer(64, 64, 1));
    /** Two blocks of 128 channels, the first halving the size. */
    public final Sequential layer2 = register("layer2", layer(64, 128, 2));
    /** Two blocks of 256 channels, the first halving the size. */
    public final Sequential layer3 = register("layer3", layer(128, 256, 2));
    /** Two blocks of 512 channels, the first halving the size. */
    public final Sequential layer4 = register("layer4", layer(256, 512, 2));
    /** Global average pooling to 1×1. */
    public final AdaptiveAvgPool2d avgpool = register("avgpool", new AdaptiveAvgPool2d(1, 1));

    /** ResNet-18 for ImageNet's 1000 classes, as {@code resnet18()}. */
    public ResNet18() {
        this(1000);
    }

    /**
     * ResNet-18 with {@code numClasses} outputs, as {@code resnet18(num_classes=numClasses)}.
     *
     * @param numClasses the number of class scores
     */
    public ResNet18(int numClasses) {
        register("fc", new Linear(512, numClasses));
    }

    /** torchvision's {@code _make_layer}: two blocks, the first with a 1×1 shortcut when the shape changes. */
    private static Sequential layer(int inplanes, int planes, int stride) {
        Sequential downsample = null;
        if (stride != 1 || inplanes != planes * BasicBlock.EXPANSION) {
            downsample = new Sequential(
                    Conv2d.builder(inplanes, planes * BasicBlock.EXPANSION, 1).stride(stride).bias(false).build(),
                    new BatchNorm2d(planes * BasicBlock.EXPANSION));
        }
        return new Sequential(new BasicBlock(inplanes, planes, stride, downsample),
                new BasicBlock(planes * BasicBlock.EXPANSION, planes, 1, null));
    }

    /**
     * The classifier head: {@code Linear(512, numClasses)} unless replaced.
     *
     * @return the module registered as {@code fc}
     */
    public Module fc() {
        return child("fc");
    }

    /**
     * conv1 → bn1 → relu → maxpool → layer1..layer4 → avgpool → flatten → fc.
     *
     * @param x [N, 3, H, W] images; H and W of at least 32 keep every stage non-empty
     * @return [N, numClasses] class scores (logits)
     */
    @Override
    public Tensor forward(Tensor x) {
        x = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return fc().forward(avgpool.forward(x).flatten(1));
    }

    /** PyTorch prints torchvision's class, {@code ResNet}. */
    @Override
    protected String typeName() {
        return "ResNet";
    }
}
