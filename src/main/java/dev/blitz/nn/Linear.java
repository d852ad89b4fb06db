package dev.blitz.nn;

import dev.blitz.backend.Backends;
import dev.blitz.tensor.Shape;
import dev.blitz.tensor.Tensor;

/** {@code y = x W^T + b}, with PyTorch's default initialisation. */
public class Linear extends Module {
    public final Tensor weight;
    /** The bias, or null when built without one. */
    public final Tensor bias;
    private final int inFeatures;
    private final int outFeatures;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear(in_features=" + inFeatures + ", out_features=" + outFeatures
                    + "): both must be >= 1");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        var device = Backends.defaultDevice();
        this.weight = registerParameter("weight", Tensor.empty(Shape.of(outFeatures, inFeatures), device));
        this.bias = bias ? registerParameter("bias", Tensor.empty(Shape.of(outFeatures), device)) : null;
        Init.resetLayer(weight, this.bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.linear(input, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
