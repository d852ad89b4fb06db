package dev.blitz.tensor;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A tensor the Java heap cannot hold: the error names the op, the shape, the bytes and -Xmx. */
class OutOfHeapTest {
    private static final long LARGEST = 4L * 46_000 * 46_000;

    @Test
    void anOpsOutputTooLargeForTheHeapSaysWhichOpAndHowMuch() {
        assumeTrue(Runtime.getRuntime().maxMemory() < LARGEST, "needs a heap under 7.9 GiB (-Xmx)");
        try (Tensor x = Tensor.zeros(46_000, 1); Tensor w = Tensor.zeros(46_000, 1)) {
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> LinearOp.apply(x, w, null));
            assertTrue(e.getMessage().startsWith("out of Java heap: LinearOp needs a [46000, 46000] float32 tensor on "
                    + "cpu (7.9 GiB, 8464000000 bytes), and the heap, at most "), e.getMessage());
            assertTrue(e.getMessage().contains("; use smaller batches or give Java more memory with -Xmx (e.g. -Xmx"),
                    e.getMessage());
        }
    }

    @Test
    void outsideAnOpItNamesTheTensorMethodAndItsCaller() {
        assumeTrue(Runtime.getRuntime().maxMemory() < LARGEST, "needs a heap under 7.9 GiB (-Xmx)");
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> Tensor.full(Shape.of(46_000, 46_000), 1f, Device.CPU));
        assertTrue(e.getMessage().startsWith("out of Java heap: Tensor.full (called from OutOfHeapTest."), e.getMessage());
    }
}
