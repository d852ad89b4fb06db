package dev.blitz.models;

import dev.blitz.nn.BatchNorm2d;
import dev.blitz.nn.Conv2d;
import dev.blitz.nn.Module;
import dev.blitz.nn.ReLU;
import dev.blitz.nn.Sequential;
import dev.blitz.tensor.Tensor;

/**
 * torchvision's {@code BasicBlock} of ResNet-18 and -34: two 3×3 convolutions with batch norm, and the input added
 * back before the last ReLU. Its children are torchvision's, in its order: {@code conv1}, {@code bn1},
 * {@code relu}, {@code conv2}, {@code bn2} and, when the block changes the size or the channels, {@code downsample}
 * (a 1×1 convolution and a batch norm that bring the input to the output's shape).
 */
public class BasicBlock extends Module {
    /** The expansion of the block's output channels over {@code planes}, as torchvision's {@code expansion}. */
    public static final int EXPANSION = 1;

    /** 3×3, stride {@code stride}, padding 1, no bias. */
    public final Conv2d conv1;
    /** Batch norm over {@code conv1}'s channels. */
    public final BatchNorm2d bn1;
    /** {@code ReLU(inplace=True)}, used after {@code bn1} and after the addition. */
    public final ReLU relu;
    /** 3×3, stride 1, padding 1, no bias. */
    public final Conv2d conv2;
    /** Batch norm over {@code conv2}'s channels. */
    public final BatchNorm2d bn2;
    /** Brings the input to the output's shape, or null when it already has it. */
    public final Sequential downsample;

    /**
     * A block, as torchvision's {@code BasicBlock(inplanes, planes, stride, downsample)}.
     *
     * @param inplanes the input's channels
     * @param planes the output's channels
     * @param stride the first convolution's stride (2 halves the height and width)
     * @param downsample the shortcut's layers, or null for the identity
     */
    public BasicBlock(int inplanes, int planes, int stride, Sequential downsample) {
        conv1 = register("conv1", Conv2d.builder(inplanes, planes, 3).stride(stride).padding(1).bias(false).build());
        bn1 = register("bn1", new BatchNorm2d(planes));
        relu = register("relu", new ReLU(true));
        conv2 = register("conv2", Conv2d.builder(planes, planes, 3).stride(1).padding(1).bias(false).build());
        bn2 = register("bn2", new BatchNorm2d(planes));
        this.downsample = downsample == null ? null : register("downsample", downsample);
    }

    /**
     * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}, the shortcut being {@code downsample} or the
     * identity.
     *
     * @param x [N, inplanes, H, W]
     * @return [N, planes, H / stride, W / stride]
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor out = relu.forward(bn1.forward(conv1.forward(x)));
        out = bn2.forward(conv2.forward(out));
        Tensor identity = downsample == null ? x : downsample.forward(x);
        return relu.forward(out.add(identity));
    }
}
