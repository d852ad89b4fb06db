package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
import dev.blitz.core.Shape;

/** {@code y = x W^T + b} over the last dimension of x, as one GEMM (plus a broadcast bias add). */
public final class LinearOp extends Function {
    private final Tensor input;
    private final Tensor weight;
    private final boolean hasBias;

    private LinearOp(Tensor input, Tensor weight, Tensor bias) {
        super(input, weight, bias);
        this.input = save(input);
        this.weight = save(weight);
        this.hasBias = bias != null;
    }

    /**
     * {@code F.linear}: {@code input @ weight^T + bias} over the last dimension of {@code input}.
     *
     * @param input [..., in_features]
     * @param weight [out_features, in_features]
     * @param bias [out_features], or null for none
     * @return [..., out_features], recording {@code AddmmBackward0} (or {@code MmBackward0} without bias)
     * @throws IllegalArgumentException if the shapes do not fit (named in the message) or the devices differ
     */
    public static Tensor apply(Tensor input, Tensor weight, Tensor bias) {
        input = Tensor.float32Input("linear", input);
        weight = Tensor.float32Input("linear", weight);
        bias = Tensor.float32Input("linear", bias);
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D (out_features, in_features), got shape "
                    + weight.shape());
        }
        int outFeatures = weight.size(0);
        int inFeatures = weight.size(1);
        if (input.dim() < 1 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("linear: input of shape " + input.shape() + " has "
                    + (input.dim() < 1 ? "no feature dimension" : input.size(-1) + " features in its last dimension")
                    + ", but the layer expects in_features=" + inFeatures + " (weight shape " + weight.shape() + ")");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != outFeatures)) {
            throw new IllegalArgumentException("linear: bias of shape " + bias.shape() + " does not match weight "
                    + weight.shape() + "; expected [" + outFeatures + "]");
        }
        input.checkSameDevice("linear", weight);
        if (bias != null) {
            input.checkSameDevice("linear", bias);
        }
        int rows = input.numel() / inFeatures;
        int[] outDims = input.size();
        outDims[outDims.length - 1] = outFeatures;
        Shape outShape = Shape.of(outDims);
        Tensor out = Tensor.empty(outShape, input.device());
        input.backend().gemm(false, true, rows, outFeatures, inFeatures, 1f, input.buffer(), weight.buffer(), 0f,
                out.buffer());
        if (bias != null) {
            Shape rowsShape = Shape.of(rows, outFeatures);
            input.backend().binary(BinaryOp.ADD, new Strided(out.buffer(), 0, rowsShape.broadcastStrides(rowsShape)),
                    new Strided(bias.buffer(), 0, bias.shape().broadcastStrides(rowsShape)), out.buffer(), rowsShape);
        }
        return new LinearOp(input, weight, bias).record(out);
    }

    @Override
    public String name() {
        return hasBias ? "AddmmBackward0" : "MmBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int outFeatures = weight.size(0);
        int inFeatures = weight.size(1);
        int rows = input.numel() / inFeatures;
        Tensor dx = null;
        Tensor dw = null;
        Tensor db = null;
        if (needsGrad(0)) {
            dx = Tensor.empty(input.shape(), g.device());
            g.backend().gemm(false, false, rows, inFeatures, outFeatures, 1f, g.buffer(), weight.buffer(), 0f,
                    dx.buffer());
        }
        if (needsGrad(1)) {
            dw = Tensor.empty(weight.shape(), g.device());
            g.backend().gemm(true, false, outFeatures, inFeatures, rows, 1f, g.buffer(), input.buffer(), 0f,
                    dw.buffer());
        }
        if (hasBias && needsGrad(2)) {
            db = Tensor.empty(Shape.of(outFeatures), g.device());
            g.backend().sumTo(g.buffer(), Shape.of(rows, outFeatures), db.buffer(), db.shape());
        }
        return new Tensor[] {dx, dw, db};
    }


}
