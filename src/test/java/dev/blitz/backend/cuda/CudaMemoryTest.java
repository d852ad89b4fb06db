package dev.blitz.backend.cuda;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.cuda.OutOfDeviceMemoryException;
import dev.blitz.core.MemoryStats;
import dev.blitz.core.Shape;
import dev.blitz.examples.FixtureValues;
import dev.blitz.models.LeNet;
import dev.blitz.nn.F;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Memory;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device memory ownership: close() and scopes free deterministically, the Cleaner catches what was dropped, the
 * cache stops device allocations once a loop is warm, and running out says what was asked and what is held.
 * Counters are per device and other tests' dropped tensors may be freed by the Cleaner at any time, so checks
 * are "did not grow" and "went down by at least".
 */
@Tag("gpu")
class CudaMemoryTest {
    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    private static MemoryStats stats() {
        return Memory.stats(Gpu.CUDA);
    }

    /** The README's training loop, 1,000 steps: memory in use, its peak and device allocations stay flat. */
    @Test
    void trainingLoopMemoryIsFlatOverAThousandSteps() {
        LeNet net = FixtureValues.lenet(Gpu.CUDA);
        SGD optimizer = new SGD(net.parameters(), 0.01f);
        Tensor x = FixtureValues.input(64, Gpu.CUDA);
        Tensor y = FixtureValues.target(64, Gpu.CUDA);
        MemoryStats warm = null;
        float first = 0;
        float last = 0;
        for (int step = 0; step < 1000; step++) {
            try (var scope = MemoryScope.open()) {
                optimizer.zeroGrad();
                Tensor loss = F.mseLoss(net.forward(x), y);
                loss.backward();
                optimizer.step();
                if (step == 0) {
                    first = loss.item();
                } else if (step == 999) {
                    last = loss.item();
                }
            }
            MemoryStats now = stats();
            if (step == 9) {
                warm = now;
            } else if (step > 9) {
                assertTrue(now.bytesInUse() <= warm.bytesInUse(), "step " + step + ": " + now + " after " + warm);
                assertEquals(warm.deviceAllocations(), now.deviceAllocations(), "step " + step + ": " + now);
                assertEquals(warm.peakBytesInUse(), now.peakBytesInUse(), "step " + step + ": " + now);
            }
        }
        assertTrue(last < first, "the loop trained: loss " + first + " -> " + last);
    }

    @Test
    void closeGivesMemoryBackAtOnce() {
        Tensor t = Tensor.empty(Shape.of(3_000_001), Gpu.CUDA);
        long block = CachingAllocator.sizeClass(4L * 3_000_001);
        long held = stats().bytesInUse();
        t.close();
        assertTrue(stats().bytesInUse() <= held - block, stats() + " after closing a " + block + "-byte tensor");
    }

    @Test
    void theCleanerFreesDroppedTensors() throws InterruptedException {
        Tensor t = Tensor.empty(Shape.of(5_000_003), Gpu.CUDA);
        long block = CachingAllocator.sizeClass(4L * 5_000_003);
        long held = stats().bytesInUse();
        t = null;
        for (int i = 0; i < 100 && stats().bytesInUse() > held - block; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(stats().bytesInUse() <= held - block, stats() + " after dropping a " + block + "-byte tensor");
    }

    @Test
    void runningOutEmptiesTheCacheRetriesAndThenNamesRequestAndCounters() {
        Backend gpu = Backends.of(Gpu.CUDA);
        int chunk = 1 << 30; // floats: 4 GiB per buffer
        gpu.allocate(chunk).release(); // something in the cache, to be given back before giving up
        List<Buffer> held = new ArrayList<>();
        try {
            var e = assertThrows(OutOfDeviceMemoryException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    held.add(gpu.allocate(chunk));
                }
            });
            assertTrue(e.getMessage().startsWith("CUDA out of memory: tried to allocate 4.0 GiB (4294967296 bytes)"
                    + " on cuda:0 after emptying the cache and retrying; allocator: in use "), e.getMessage());
            assertTrue(e.getMessage().contains("cached 0 B"), e.getMessage());
            assertTrue(held.size() > 0, "at least one 4 GiB buffer fits on any GPU this test runs on");
        } finally {
            held.forEach(Buffer::release);
            ((CudaBackend) gpu).emptyCache();
        }
        assertEquals(0, stats().bytesCached());
    }
}
