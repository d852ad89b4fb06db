package dev.blitz.core;

/**
 * The element types of tensors, with PyTorch's names and promotion rules. float32 is the default, as in
 * PyTorch; labels and indices are int64.
 */
public enum DType {
    /** 32-bit IEEE floats, {@code torch.float32}: the default for tensors made from numbers. */
    FLOAT32("float32", 4),
    /** 64-bit IEEE floats, {@code torch.float64}. */
    FLOAT64("float64", 8),
    /** 64-bit signed integers, {@code torch.int64}: class labels, indices, counts. */
    INT64("int64", 8),
    /** Booleans, one byte each, {@code torch.bool}: masks and the results of comparisons. */
    BOOL("bool", 1);

    private final String torchName;
    private final int itemSize;

    DType(String torchName, int itemSize) {
        this.torchName = torchName;
        this.itemSize = itemSize;
    }

    /** {@return the bytes per element, as PyTorch's {@code element_size()}} */
    public int itemSize() {
        return itemSize;
    }

    /** {@return whether this is float32 or float64, as PyTorch's {@code is_floating_point}} */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * The type of {@code a op b} for two tensors, as PyTorch's {@code torch.promote_types}: the later of
     * bool &lt; int64 &lt; float32 &lt; float64 (int64 + float32 gives float32, float32 + float64 gives float64).
     *
     * @param a one operand's type
     * @param b the other's
     * @return the common type
     */
    public static DType promote(DType a, DType b) {
        return a.rank() >= b.rank() ? a : b;
    }

    private int rank() {
        return switch (this) {
            case BOOL -> 0;
            case INT64 -> 1;
            case FLOAT32 -> 2;
            case FLOAT64 -> 3;
        };
    }

    /** {@return PyTorch's spelling, e.g. {@code torch.float64}} */
    @Override
    public String toString() {
        return "torch." + torchName;
    }
}
