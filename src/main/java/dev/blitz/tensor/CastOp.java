package dev.blitz.tensor;

import dev.blitz.core.DType;

/**
 * A copy converted to another dtype, as PyTorch's {@code to(dtype)}; gradients flow between float32 and float64
 * and are converted back.
 */
public final class CastOp extends Function {
    private final DType inputType;

    private CastOp(Tensor input) {
        super(input.dtype().isFloatingPoint() ? input : null);
        this.inputType = input.dtype();
    }

    /**
     * {@code input}'s values converted to {@code dtype} (to bool: nonzero is true; from bool: 1 and 0; float to
     * int64 truncates toward zero), recording {@code ToCopyBackward0} when the result is a float.
     *
     * @param input the tensor, any layout
     * @param dtype the target type
     * @return a new contiguous tensor
     */
    public static Tensor apply(Tensor input, DType dtype) {
        Tensor src = input.dense();
        Tensor out = Tensor.empty(input.shape(), dtype, input.device());
        input.backend().cast(src.buffer(), out.buffer());
        if (src != input) {
            src.close();
        }
        return dtype.isFloatingPoint() ? new CastOp(input).record(out) : out;
    }

    @Override
    public String name() {
        return "ToCopyBackward0";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.to(inputType)};
    }
}
