package dev.blitz.backend;

import dev.blitz.core.Shape;

/**
 * Where the elements of a view live in a buffer: element {@code (i0, i1, ...)} of the view is
 * {@code buffer[offset + i0 * strides[0] + i1 * strides[1] + ...]}. Strides count elements, not bytes, and may
 * be 0 (a broadcast or expanded dimension, which reads one element many times).
 *
 * @param buffer the memory
 * @param offset the element index of the view's first element
 * @param strides one per dimension of the shape the kernel is given
 */
public record Strided(Buffer buffer, int offset, int[] strides) {
    /**
     * A whole buffer read in row-major order over {@code dims}: offset 0, contiguous strides.
     *
     * @param buffer the memory, at least {@code prod(dims)} long
     * @param dims the sizes per dimension
     * @return the layout
     */
    public static Strided contiguous(Buffer buffer, int... dims) {
        return new Strided(buffer, 0, Shape.contiguousStrides(dims));
    }
}
