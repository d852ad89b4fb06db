package dev.blitz.core;

import java.util.Arrays;

/** An immutable tensor shape: sizes per dimension, row-major (C) layout. */
public final class Shape {
    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in shape " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
        this.numel = count(dims);
    }

    /** The element count; a zero size anywhere gives 0, so the product is checked only when every size is >= 1. */
    private static int count(int[] dims) {
        for (int d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        long n = 1;
        for (int d : dims) {
            // n <= 2^31 - 9 and d < 2^31 here, so the product fits a long; past the limit it only grows.
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than "
                        + (Integer.MAX_VALUE - 8) + " elements, the most that are supported");
            }
        }
        return (int) n;
    }

    /**
     * The shape with these sizes, as {@code torch.Size}; no sizes gives the 0-dimensional shape of a scalar.
     *
     * @param dims sizes per dimension, each {@code >= 0} (copied)
     * @return the shape
     * @throws IllegalArgumentException if a size is negative or the element count passes {@code 2^31 - 9}
     */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /**
     * The number of dimensions, as {@code Tensor.dim()}.
     *
     * @return 0 for a scalar, 2 for a matrix, ...
     */
    public int rank() {
        return dims.length;
    }

    /**
     * Size of one dimension; negative indices count from the end, as in PyTorch ({@code -1} is the last).
     *
     * @param dim a dimension index in {@code [-rank, rank)}
     * @return its size
     * @throws IllegalArgumentException if {@code dim} is out of range
     */
    public int dim(int dim) {
        return dims[normalize(dim)];
    }

    /**
     * The number of elements: the product of the sizes (1 for a scalar).
     *
     * @return the element count
     */
    public int numel() {
        return numel;
    }

    /** {@return a copy of the sizes per dimension} */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * Resolves a possibly negative dimension index against this rank, as PyTorch's {@code maybe_wrap_dim}.
     *
     * @param dim a dimension index in {@code [-rank, rank)}
     * @return the index in {@code [0, rank)}
     * @throws IllegalArgumentException naming the valid range if {@code dim} is outside it
     */
    public int normalize(int dim) {
        int d = dim < 0 ? dim + dims.length : dim;
        if (d < 0 || d >= dims.length) {
            throw new IllegalArgumentException("dimension " + dim + " is out of range for a tensor of shape " + this
                    + " (expected a value in [" + (-dims.length) + ", " + (dims.length - 1) + "])");
        }
        return d;
    }

    /**
     * The shape {@code Tensor.view(sizes)} gives: the same number of elements, with at most one size given as
     * {@code -1} and inferred.
     *
     * @param sizes the new sizes, each {@code >= 0} or a single {@code -1}
     * @return the new shape
     * @throws IllegalArgumentException if the element counts differ, two sizes are {@code -1}, or one is otherwise
     *     negative
     */
    public Shape view(int... sizes) {
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("view" + Arrays.toString(sizes)
                            + ": only one dimension can be inferred (-1), got two; tensor shape is " + this);
                }
                inferred = i;
            } else if (sizes[i] < 0) {
                throw new IllegalArgumentException("view" + Arrays.toString(sizes) + ": invalid size " + sizes[i]
                        + " for a tensor of shape " + this + " (sizes must be >= 0, or -1 once)");
            } else {
                known *= sizes[i];
            }
        }
        int[] out = sizes.clone();
        if (inferred >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException("view" + Arrays.toString(sizes) + " is invalid for a tensor of shape "
                        + this + " (" + numel + " elements): " + numel + " is not divisible by " + known);
            }
            out[inferred] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException("view" + Arrays.toString(sizes) + " is invalid for a tensor of shape "
                    + this + ": it has " + numel + " elements, the new shape has " + known);
        }
        return new Shape(out);
    }

    /**
     * PyTorch's broadcasting of two shapes: aligned from the trailing dimension, each pair of sizes must be equal
     * or contain a 1, and the result takes the larger. E.g. {@code [4, 1, 3]} and {@code [5, 1]} give
     * {@code [4, 5, 3]}.
     *
     * @param a one operand's shape
     * @param b the other operand's shape
     * @param op the operation's name, for the error message
     * @return the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they cannot be broadcast together
     */
    public static Shape broadcast(Shape a, Shape b, String op) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db
                        + "; sizes must be equal or one of them 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /**
     * Row-major element strides for reading this shape as if broadcast to {@code target}: one stride per
     * dimension of {@code target}, 0 where this shape has size 1 or no such dimension. For kernels' indexing.
     *
     * @param target a shape this one broadcasts to
     * @return strides, {@code target.rank()} of them
     */
    public int[] broadcastStrides(Shape target) {
        int rank = target.rank();
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int j = i - (rank - dims.length);
            int d = j >= 0 ? dims[j] : 1;
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        return strides;
    }

    /**
     * The element strides of a row-major (contiguous) layout of {@code dims}: the last dimension has stride 1.
     *
     * @param dims sizes per dimension
     * @return one stride per dimension
     */
    public static int[] contiguousStrides(int... dims) {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(dims[i], 1);
        }
        return strides;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /**
     * What PyTorch prints for this size ({@code print(t.shape)}), e.g. {@code torch.Size([6, 1, 5, 5])};
     * {@link #toString()} is the plain list that messages use.
     *
     * @return the text
     */
    public String torchSize() {
        return "torch.Size(" + this + ")";
    }

    /** PyTorch's spelling, e.g. {@code [1, 10]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
