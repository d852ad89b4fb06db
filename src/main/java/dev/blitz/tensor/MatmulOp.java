package dev.blitz.tensor;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;

import java.util.Arrays;

/**
 * Matrix products with PyTorch's rules, as {@code torch.matmul}, {@code mm}, {@code bmm}, {@code dot} and
 * {@code outer}: every product runs on the backend's batched GEMM, float32 or float64. Inputs whose last two
 * dimensions are stored transposed (as {@code x.mT()} leaves them) are passed as they are, with the GEMM's
 * transpose flags; other views are copied first. The gradients are matmuls of transposes, summed over the batch
 * dimensions an input was broadcast along.
 */
public final class MatmulOp extends Function {
    private final Tensor a;
    private final Tensor b;
    private final String name;

    private MatmulOp(Tensor a, Tensor b, String name) {
        super(a, b);
        this.a = save(a);
        this.b = save(b);
        this.name = name;
    }

    /**
     * {@code a @ b}, as {@code torch.matmul}: 1-D·1-D is a dot product (0-d result); 2-D·2-D a matrix product;
     * a 1-D first operand gets a 1 prepended (removed after), a 1-D second operand a 1 appended (removed after);
     * with more dimensions, the batch dimensions (all but the last two) broadcast.
     *
     * @param a the left operand, at least 1-D, float32 or float64
     * @param b the right operand, at least 1-D, of {@code a}'s dtype and device
     * @return a new tensor, recording {@code DotBackward0}, {@code MvBackward0}, {@code MmBackward0},
     *         {@code SqueezeBackward4} (1-D·2-D) or {@code UnsafeViewBackward0} (batched), as PyTorch's
     * @throws IllegalArgumentException if the shapes cannot be multiplied, the dtypes are not float32 or float64
     *         or differ, or the devices differ
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        check("matmul", a, b);
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments to matmul need to be at least 1D, but they are "
                    + a.dim() + "D and " + b.dim() + "D");
        }
        if (a.dim() == 1 && b.dim() == 1) {
            checkDot("matmul", a, b);
        } else if (a.dim() <= 2 && b.dim() == 1) {
            if (a.size(1) != b.size(0)) {
                throw new IllegalArgumentException("matmul: size mismatch, got input (" + a.size(0) + "), mat ("
                        + a.size(0) + "x" + a.size(1) + "), vec (" + b.size(0) + ")");
            }
        } else {
            int k = a.size(-1);
            int kb = b.dim() == 1 ? b.size(0) : b.size(-2);
            if (k != kb) {
                throw new IllegalArgumentException("matmul: mat1 and mat2 shapes cannot be multiplied ("
                        + (a.dim() == 1 ? 1 : a.size(-2)) + "x" + k + " and " + kb + "x"
                        + (b.dim() == 1 ? 1 : b.size(-1)) + ")" + (a.dim() > 2 || b.dim() > 2
                        ? " (the last two dimensions of " + a.shape() + " and " + b.shape() + ")" : ""));
            }
        }
        String name = a.dim() == 1 && b.dim() == 1 ? "DotBackward0"
                : a.dim() == 2 && b.dim() == 1 ? "MvBackward0"
                : a.dim() == 2 && b.dim() == 2 ? "MmBackward0"
                : a.dim() == 1 && b.dim() == 2 ? "SqueezeBackward4"
                : "UnsafeViewBackward0";
        return new MatmulOp(a, b, name).record(product("matmul", a, b));
    }

    /**
     * {@code a @ b} written into {@code out}, as {@code torch.matmul(a, b, out=out)}; not differentiable.
     *
     * @param a the left operand
     * @param b the right operand
     * @param out a tensor of the product's shape and dtype, on the same device (any layout)
     * @return {@code out}
     * @throws IllegalArgumentException if {@code out} has another shape or dtype, or one of the three requires
     *         grad while gradients are recorded
     */
    public static Tensor matmul(Tensor a, Tensor b, Tensor out) {
        return OutArgument.write("matmul", out, () -> matmul(a, b), a, b);
    }

    /**
     * The product of two matrices, as {@code torch.mm}: no broadcasting.
     *
     * @param a an n×k matrix
     * @param b a k×m matrix
     * @return the n×m product, recording {@code MmBackward0}
     * @throws IllegalArgumentException if either is not 2-D or the inner sizes differ
     */
    public static Tensor mm(Tensor a, Tensor b) {
        check("mm", a, b);
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("mm: " + (a.dim() != 2 ? "self" : "mat2") + " must be a matrix, got"
                    + " shape " + (a.dim() != 2 ? a.shape() : b.shape()));
        }
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("mm: mat1 and mat2 shapes cannot be multiplied (" + a.size(0) + "x"
                    + a.size(1) + " and " + b.size(0) + "x" + b.size(1) + ")");
        }
        return new MatmulOp(a, b, "MmBackward0").record(product("mm", a, b));
    }

    /**
     * Batched matrix products of two 3-D tensors of one batch size, as {@code torch.bmm}: no broadcasting.
     *
     * @param a [b, n, k]
     * @param b [b, k, m]
     * @return [b, n, m], recording {@code BmmBackward0}
     * @throws IllegalArgumentException if either is not 3-D or the sizes do not match
     */
    public static Tensor bmm(Tensor a, Tensor b) {
        check("bmm", a, b);
        if (a.dim() != 3 || b.dim() != 3) {
            throw new IllegalArgumentException("bmm: batch" + (a.dim() != 3 ? 1 : 2) + " must be a 3D tensor, got"
                    + " shape " + (a.dim() != 3 ? a.shape() : b.shape()));
        }
        if (b.size(0) != a.size(0) || b.size(1) != a.size(2)) {
            throw new IllegalArgumentException("bmm: Expected size for first two dimensions of batch2 tensor to be: ["
                    + a.size(0) + ", " + a.size(2) + "] but got: [" + b.size(0) + ", " + b.size(1) + "].");
        }
        return new MatmulOp(a, b, "BmmBackward0").record(product("bmm", a, b));
    }

    /**
     * The dot product of two vectors, as {@code torch.dot}.
     *
     * @param a a 1-D tensor
     * @param b a 1-D tensor as long
     * @return a 0-d tensor, recording {@code DotBackward0}
     * @throws IllegalArgumentException if either is not 1-D or their lengths differ
     */
    public static Tensor dot(Tensor a, Tensor b) {
        check("dot", a, b);
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim()
                    + "D tensors");
        }
        checkDot("dot", a, b);
        return new MatmulOp(a, b, "DotBackward0").record(product("dot", a, b));
    }

    /**
     * The outer product of two vectors, as {@code torch.outer}: {@code a.reshape(-1, 1) * b}, so it takes the
     * dtypes {@code mul} takes and records {@code MulBackward0}, as PyTorch's.
     *
     * @param a a 1-D tensor of length n
     * @param b a 1-D tensor of length m
     * @return the n×m products
     * @throws IllegalArgumentException if either is not 1-D
     */
    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: Expected 1-D argument " + (a.dim() != 1 ? "self" : "vec2")
                    + ", but got " + (a.dim() != 1 ? a.dim() : b.dim()) + "-D");
        }
        try (Tensor column = a.unsqueeze(1)) {
            return column.mul(b);
        }
    }

    private static void check(String op, Tensor a, Tensor b) {
        a.checkSameDevice(op, b);
        for (Tensor t : new Tensor[] {a, b}) {
            if (!t.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(op + ": expected float32 or float64 tensors, got " + t.dtype()
                        + " (shape " + t.shape() + "); PyTorch's CPU also multiplies int64 matrices, Blitz's " + op
                        + " takes float32 and float64 only: convert with to(DType.FLOAT32)");
            }
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": expected both arguments to have the same dtype, but got "
                    + a.dtype() + " and " + b.dtype());
        }
    }

    private static void checkDot(String op, Tensor a, Tensor b) {
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException(op + ": inconsistent tensor size, expected tensor [" + a.size(0)
                    + "] and src [" + b.size(0) + "] to have the same number of elements, but got " + a.size(0)
                    + " and " + b.size(0) + " elements respectively");
        }
    }

    /**
     * The product of checked operands, without history: both are seen as batches of matrices (a 1-D {@code a}
     * as one row, a 1-D {@code b} as one column), their batch dimensions broadcast, and one batched GEMM runs.
     */
    private static Tensor product(String op, Tensor a, Tensor b) {
        int m = a.dim() == 1 ? 1 : a.size(-2);
        int k = a.size(-1);
        int n = b.dim() == 1 ? 1 : b.size(-1);
        int[] batchA = Arrays.copyOf(a.size(), Math.max(a.dim() - 2, 0));
        int[] batchB = Arrays.copyOf(b.size(), Math.max(b.dim() - 2, 0));
        Shape batch = Shape.broadcast(Shape.of(batchA), Shape.of(batchB), op);
        int[] outDims = batch.dims();
        if (a.dim() > 1) {
            outDims = append(outDims, m);
        }
        if (b.dim() > 1) {
            outDims = append(outDims, n);
        }
        Tensor out = Tensor.empty(Shape.of(outDims), a.dtype(), a.device());
        if (out.numel() == 0) {
            return out;
        }
        if (k == 0) {
            a.backend().fill(out.buffer(), 0);
            return out;
        }
        try (var g = GradMode.noGrad();
             Operand x = Operand.of(a.dim() == 1 ? a.unsqueeze(0) : a.detach(), batch, m, k);
             Operand y = Operand.of(b.dim() == 1 ? b.unsqueeze(-1) : b.detach(), batch, k, n)) {
            a.backend().gemmBatched(x.transposed, y.transposed, m, n, k, 1, x.memory(), x.stride, y.memory(),
                    y.stride, 0, out.buffer(), m * n, batch.numel());
        }
        return out;
    }

    private static int[] append(int[] dims, int size) {
        int[] out = Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = size;
        return out;
    }

    /**
     * One operand as the GEMM reads it: a whole buffer of row-major (or, when {@code transposed}, column-major)
     * rows×cols matrices, {@code stride} elements apart (0: one matrix for the whole batch). Closing it closes
     * the view or copy it holds.
     */
    private record Operand(Tensor matrices, boolean transposed, int stride) implements AutoCloseable {
        /** {@code t} ([..., rows, cols] with rows, cols > 0; a view the caller hands over) read over {@code batch}. */
        static Operand of(Tensor t, Shape batch, int rows, int cols) {
            int own = t.numel() / (rows * cols);
            if (own != 1 && own != batch.numel()) {
                // Broadcast along some batch dimensions but not all: no single stride reads it, so expand it.
                int[] dims = append(append(batch.dims(), rows), cols);
                try (t; Tensor e = t.expand(dims)) {
                    return new Operand(e.copy(), false, rows * cols);
                }
            }
            int stride = own == 1 ? 0 : rows * cols;
            if (t.isDense()) {
                return new Operand(t, false, stride);
            }
            if (t.dim() >= 2) {
                try (Tensor swapped = t.transpose(-2, -1)) {
                    if (swapped.isDense()) {
                        return new Operand(t, true, stride);
                    }
                }
            }
            try (t) {
                return new Operand(t.copy(), false, stride);
            }
        }

        /** The whole buffer: the matrices' own, also when they are stored transposed. */
        Buffer memory() {
            return matrices.strided().buffer();
        }

        @Override
        public void close() {
            matrices.close();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        if (a.dim() == 1 && b.dim() == 1) {
            return new Tensor[] {needsGrad(0) ? g.mul(b) : null, needsGrad(1) ? g.mul(a) : null};
        }
        // As batches of matrices: a [..., m, k], b [..., k, n], g [batch..., m, n].
        int[] gDims = g.size();
        if (a.dim() == 1) {
            gDims = insert(gDims, b.dim() == 1 ? gDims.length : gDims.length - 1, 1);
        }
        if (b.dim() == 1) {
            gDims = append(gDims, 1);
        }
        try (Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a.detach();
             Tensor b2 = b.dim() == 1 ? b.unsqueeze(-1) : b.detach();
             Tensor g2 = g.reshape(gDims);
             Tensor aT = a2.mT();
             Tensor bT = b2.mT()) {
            Tensor ga = needsGrad(0) ? gradient(matmul(g2, bT), a2.shape(), a.size()) : null;
            Tensor gb = needsGrad(1) ? gradient(matmul(aT, g2), b2.shape(), b.size()) : null;
            return new Tensor[] {ga, gb};
        }
    }

    /** {@code full} summed down to {@code batchShape} (the broadcast dimensions), then given {@code dims}. */
    private static Tensor gradient(Tensor full, Shape batchShape, int[] dims) {
        Tensor summed = SumOp.sumTo(full, batchShape);
        if (summed != full) {
            full.close();
        }
        if (Arrays.equals(summed.size(), dims)) {
            return summed;
        }
        try (summed) {
            return summed.reshape(dims);
        }
    }

    private static int[] insert(int[] dims, int at, int size) {
        int[] out = new int[dims.length + 1];
        System.arraycopy(dims, 0, out, 0, at);
        out[at] = size;
        System.arraycopy(dims, at, out, at + 1, dims.length - at);
        return out;
    }
}
