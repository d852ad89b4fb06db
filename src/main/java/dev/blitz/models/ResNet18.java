package dev.blitz.models;

import dev.blitz.nn.AdaptiveAvgPool2d;
import dev.blitz.nn.BatchNorm2d;
import dev.blitz.nn.Conv2d;
import dev.blitz.nn.Init;
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
 * PyTorch prints {@code resnet18()}. The weights start as torchvision's do: every convolution's from
 * {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")} (normal, std = √(2 / (out_channels · kh · kw))),
 * every batch norm's weight 1 and bias 0, {@code fc} at {@code Linear}'s default; drawn in torchvision's order, so
 * after the same seed they are its numbers.
 *
 * <p>{@code fc} can be replaced, as PyTorch's {@code model.fc = nn.Linear(512, 10)} for fine-tuning:
 * {@code model.replace("fc", new Linear(512, 10))}; {@link #forward} uses whatever is registered there. Grey images
 * need a first convolution with one input channel, which torchvision has no option for:
 * {@code ResNet18.builder().numClasses(10).inChannels(1).build()}.
 */
public class ResNet18 extends Module {
    /** 7×7, stride 2, padding 3, {@code inChannels} (3 by default) → 64 channels, no bias. */
    public final Conv2d conv1;
    /** Batch norm over 64 channels. */
    public final BatchNorm2d bn1;
    /** {@code ReLU(inplace=True)}. */
    public final ReLU relu;
    /** 3×3, stride 2, padding 1. */
    public final MaxPool2d maxpool;
    /** Two blocks of 64 channels. */
    public final Sequential layer1;
    /** Two blocks of 128 channels, the first halving the size. */
    public final Sequential layer2;
    /** Two blocks of 256 channels, the first halving the size. */
    public final Sequential layer3;
    /** Two blocks of 512 channels, the first halving the size. */
    public final Sequential layer4;
    /** Global average pooling to 1×1. */
    public final AdaptiveAvgPool2d avgpool;

    /** ResNet-18 for ImageNet's 1000 classes and RGB images, as {@code resnet18()}. */
    public ResNet18() {
        this(builder());
    }

    /**
     * ResNet-18 with {@code numClasses} outputs, as {@code resnet18(num_classes=numClasses)}.
     *
     * @param numClasses the number of class scores, {@code >= 1}
     * @throws IllegalArgumentException if {@code numClasses < 1}
     */
    public ResNet18(int numClasses) {
        this(builder().numClasses(numClasses));
    }

    private ResNet18(Builder b) {
        if (b.numClasses < 1 || b.inChannels < 1) {
            throw new IllegalArgumentException("ResNet18: num_classes and in_channels must be >= 1, got num_classes="
                    + b.numClasses + ", in_channels=" + b.inChannels);
        }
        conv1 = register("conv1", Conv2d.builder(b.inChannels, 64, 7).stride(2).padding(3).bias(false).build());
        bn1 = register("bn1", new BatchNorm2d(64));
        relu = register("relu", new ReLU(true));
        maxpool = register("maxpool", MaxPool2d.builder(3).stride(2).padding(1).build());
        layer1 = register("layer1", layer(64, 64, 1));
        layer2 = register("layer2", layer(64, 128, 2));
        layer3 = register("layer3", layer(128, 256, 2));
        layer4 = register("layer4", layer(256, 512, 2));
        avgpool = register("avgpool", new AdaptiveAvgPool2d(1, 1));
        register("fc", new Linear(512, b.numClasses));
        // torchvision's ResNet.__init__ re-initialises after building, walking self.modules() in this order.
        for (Module m : namedModules().values()) {
            if (m instanceof Conv2d conv) {
                Init.kaimingNormal(conv.weight, 0, Init.FanMode.FAN_OUT);
            } else if (m instanceof BatchNorm2d bn) {
                Init.constant(bn.weight, 1);
                Init.constant(bn.bias, 0);
            }
        }
    }

    /**
     * Starts a ResNet-18 with torchvision's defaults: 1000 classes, 3 input channels.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
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
     * @param x [N, in_channels, H, W] images (e.g. 3×224×224, 3×32×32 or 1×28×28)
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

    /** Options for {@link ResNet18}. */
    public static final class Builder {
        private int numClasses = 1000;
        private int inChannels = 3;

        private Builder() {
        }

        /**
         * Sets the number of class scores, as {@code resnet18(num_classes=n)}.
         *
         * @param numClasses {@code >= 1}; default 1000 (ImageNet)
         * @return this builder
         */
        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the input's channels, {@code conv1}'s {@code in_channels}: 1 for grey images.
         *
         * @param inChannels {@code >= 1}; default 3 (RGB), as torchvision's
         * @return this builder
         */
        public Builder inChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Builds the model, its parameters on the default device.
         *
         * @return a new ResNet-18
         * @throws IllegalArgumentException if a count is below 1
         */
        public ResNet18 build() {
            return new ResNet18(this);
        }
    }
}
