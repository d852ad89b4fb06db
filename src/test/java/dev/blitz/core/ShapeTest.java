package dev.blitz.core;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShapeTest {

    @Test
    void viewInfersOneSize() {
        assertEquals(Shape.of(3, 4), Shape.of(2, 6).view(3, -1));
        assertEquals(Shape.of(1, 10), Shape.of(10).view(1, -1));
        assertEquals(Shape.of(12), Shape.of(2, 3, 2).view(-1));
    }

    @Test
    void viewWithAnIncompatibleSizeNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 6).view(3, 5));
        assertEquals("view[3, 5] is invalid for a tensor of shape [2, 6]: it has 12 elements, the new shape has 15",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 6).view(5, -1));
        assertEquals("view[5, -1] is invalid for a tensor of shape [2, 6] (12 elements): 12 is not divisible by 5",
                e.getMessage());
    }

    @Test
    void viewWithTwoInferredSizesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 6).view(-1, -1));
        assertEquals("view[-1, -1]: only one dimension can be inferred (-1), got two; tensor shape is [2, 6]",
                e.getMessage());
    }

    @Test
    void broadcastingAlignsTrailingDimensions() {
        assertEquals(Shape.of(4, 2, 3), Shape.broadcast(Shape.of(4, 1, 3), Shape.of(2, 1), "add"));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.of(), Shape.of(2, 3), "mul"));
        assertArrayEquals(new int[] {0, 1}, Shape.of(3).broadcastStrides(Shape.of(2, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(2)));
        assertEquals("add: shapes [2, 3] and [2] cannot be broadcast together (dimension 1: 3 vs 2; sizes must be "
                + "equal or one of them 1)", e.getMessage());
    }

    @Test
    void anElementCountThatWouldOverflowIsRefused() {
        // 2^16 four times is 2^64, which a plain long product wraps to 0.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(65536, 65536, 65536, 65536));
        assertEquals("shape [65536, 65536, 65536, 65536] has more than 2147483639 elements, the most that are "
                + "supported", e.getMessage());
        assertEquals(0, Shape.of(Integer.MAX_VALUE, Integer.MAX_VALUE, 0).numel(), "a zero size makes it empty");
    }

    @Test
    void negativeDimensionsCountFromTheEnd() {
        assertEquals(5, Shape.of(3, 4, 5).dim(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(3, 4).dim(2));
        assertEquals("dimension 2 is out of range for a tensor of shape [3, 4] (expected a value in [-2, 1])",
                e.getMessage());
    }
}
