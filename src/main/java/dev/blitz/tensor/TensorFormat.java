package dev.blitz.tensor;

/** PyTorch-style text for a tensor: {@code tensor([[...]], grad_fn=<AddmmBackward0>)}. */
final class TensorFormat {
    private TensorFormat() {
    }

    static String format(Tensor t) {
        float[] v = t.toFloatArray();
        StringBuilder sb = new StringBuilder("tensor(");
        appendDim(sb, v, t.size(), 0, 0);
        if (t.gradFn() != null) {
            sb.append(", grad_fn=<").append(t.gradFn().name()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.append(')').toString();
    }

    private static int appendDim(StringBuilder sb, float[] v, int[] dims, int d, int offset) {
        if (d == dims.length) {
            sb.append(String.format("%.4f", v[offset]));
            return offset + 1;
        }
        sb.append('[');
        for (int i = 0; i < dims[d]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            offset = appendDim(sb, v, dims, d + 1, offset);
        }
        sb.append(']');
        return offset;
    }
}
