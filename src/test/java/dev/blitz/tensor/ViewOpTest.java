package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewOpTest {

    @Test
    void gradientsOfViewAndFlatten() {
        GradCheck.check(t -> t[0].view(3, -1), randn(1, 2, 3, 4));
        GradCheck.check(t -> t[0].flatten(1), randn(2, 2, 3, 2, 2));
        GradCheck.check(t -> t[0].flatten(), randn(3, 2, 3));
    }

    @Test
    void viewSharesMemoryAndRecordsItsNode() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor v = x.view(6);
        x.fillInPlace(4f);
        assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4}, v.toFloatArray());
        assertEquals("ViewBackward0", Tensor.zeros(2, 3).requiresGrad(true).view(-1).gradFn().name());
        assertArrayEquals(new int[] {2, 12}, Tensor.zeros(2, 3, 4).flatten(1).size());
        assertArrayEquals(new int[] {24}, Tensor.zeros(2, 3, 4).flatten().size());
    }

    @Test
    void viewsHavePyTorchsStridesAndOffsets() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
        Tensor column = t.get(":, 1");
        assertArrayEquals(new int[] {3}, column.size());
        assertArrayEquals(new int[] {4}, column.stride());
        assertEquals(1, column.storageOffset());
        assertArrayEquals(new float[] {1, 5, 9}, column.toFloatArray());
        Tensor transposed = t.T();
        assertArrayEquals(new int[] {1, 4}, transposed.stride());
        assertFalse(transposed.isContiguous());
        assertTrue(transposed.contiguous().isContiguous());
        assertArrayEquals(new float[] {3, 7, 11}, t.get("..., -1").toFloatArray());
        assertArrayEquals(new float[] {4, 6}, t.get("1, ::2").toFloatArray());
        assertArrayEquals(new int[] {1, 3, 4}, t.get("None").size());
        assertArrayEquals(new float[] {8, 9, 10, 11}, t.select(0, -1).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, t.narrow(1, 1, 2).toFloatArray());
        assertArrayEquals(new int[] {2, 3, 4}, t.expand(2, 3, 4).size());
        assertArrayEquals(new int[] {0, 4, 1}, t.expand(2, 3, 4).stride());
        assertArrayEquals(new int[] {3, 1, 4}, t.unsqueeze(1).size());
        assertArrayEquals(new int[] {3, 4}, t.unsqueeze(1).squeeze().size());
        assertArrayEquals(new int[] {3, 2, 2}, t.unflatten(1, 2, -1).size());
    }

    @Test
    void aWriteThroughAViewShowsInTheBase() {
        Tensor t = Tensor.ones(4, 4);
        t.set(":, 1", 0);
        assertArrayEquals(new float[] {1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1}, t.toFloatArray());
        t.get("0").addInPlace(5);
        assertArrayEquals(new float[] {6, 5, 6, 6}, t.get("0").toFloatArray());
        t.T().get("2").copyFrom(Tensor.of(new float[] {7, 8, 9, 10}));
        assertArrayEquals(new float[] {7, 8, 9, 10}, t.get(":, 2").toFloatArray());
    }

    @Test
    void viewOfANonContiguousTensorPointsToReshape() {
        Tensor t = Tensor.zeros(3, 4).T();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(12));
        assertTrue(e.getMessage().contains("Use .reshape(...) instead"), e.getMessage());
        assertArrayEquals(new int[] {12}, t.reshape(12).size());
        // Splitting one dimension of a transposed tensor keeps it a view, as PyTorch's stride rules allow.
        Tensor split = t.view(2, 2, 3);
        assertArrayEquals(new int[] {2, 1, 4}, split.stride());
    }

    @Test
    void badIndicesNameTheirDimensionAndSize() {
        Tensor t = Tensor.zeros(4, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.get("5"));
        assertEquals("index 5 is out of bounds for dimension 0 with size 4", e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> t.get(":, 1:x"));
        assertTrue(bad.getMessage().contains("position 5"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.select(1, 3));
    }

    @Test
    void gradientsFlowBackThroughEveryView() {
        GradCheck.check(t -> t[0].get(":, 1:3").mul(t[0].get(":, 1:3")), randn(4, 3, 4));
        GradCheck.check(t -> t[0].T().mul(2.5), randn(5, 3, 4));
        GradCheck.check(t -> t[0].expand(2, 3, 4).mul(t[0].expand(2, 3, 4)), randn(6, 3, 1));
        GradCheck.check(t -> t[0].permute(2, 0, 1).select(0, 1), randn(7, 2, 3, 4));
    }

    @Test
    void aZeroDimTensorViewsAsOnes() {
        Tensor v = Tensor.scalar(3).view(1, 1);
        assertArrayEquals(new int[] {1, 1}, v.size());
        assertArrayEquals(new float[] {3}, v.toFloatArray());
    }
}
