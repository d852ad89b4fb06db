package dev.blitz.nn;

import dev.blitz.Blitz;
import dev.blitz.core.Shape;
import dev.blitz.tensor.ClosedTensorException;
import dev.blitz.tensor.Tensor;

/** {@code y = x W^T + b}, with PyTorch's default initialisation. */
public class Linear extends Module {
    /** The weight, [out_features, in_features]. */
    public final Tensor weight;
    /** The bias, or null when built without one. */
    public final Tensor bias;
    private final int inFeatures;
    private final int outFeatures;

    /**
     * A fully connected layer with a bias, as {@code nn.Linear(in_features, out_features)}. The parameters are
     * created on the default device.
     *
     * @param inFeatures the size of each input's last dimension, {@code >= 1}
     * @param outFeatures the size of each output's last dimension, {@code >= 1}
     * @throws IllegalArgumentException if a size is below 1
     */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /**
     * A fully connected layer, as {@code nn.Linear(in_features, out_features, bias=...)}.
     *
     * @param inFeatures the size of each input's last dimension, {@code >= 1}
     * @param outFeatures the size of each output's last dimension, {@code >= 1}
     * @param bias whether to add a learned bias
     * @throws IllegalArgumentException if a size is below 1
     */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear(in_features=" + inFeatures + ", out_features=" + outFeatures
                    + "): both must be >= 1");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        var device = Blitz.defaultDevice();
        this.weight = registerParameter("weight", Tensor.empty(Shape.of(outFeatures, inFeatures), device));
        this.bias = bias ? registerParameter("bias", Tensor.empty(Shape.of(outFeatures), device)) : null;
        Init.resetLayer(weight, this.bias);
    }

    /**
     * Applies the layer to the last dimension.
     *
     * @param input [..., in_features]
     * @return [..., out_features]
     * @throws IllegalArgumentException if the input's last dimension is not {@code in_features}
     */
    @Override
    public Tensor forward(Tensor input) {
        try {
            return F.linear(input, weight, bias);
        } catch (ClosedTensorException e) {
            throw named(e);
        }
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
