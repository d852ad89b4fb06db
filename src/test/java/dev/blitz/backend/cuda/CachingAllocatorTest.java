package dev.blitz.backend.cuda;

import dev.blitz.core.Device;
import dev.blitz.core.MemoryStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocator's arithmetic, which needs no GPU; the cache itself is exercised by CudaMemoryTest. */
class CachingAllocatorTest {
    @Test
    void sizeClassesCoverTheRequestAndWasteAtMostAnEighth() {
        for (long bytes = 0; bytes < 3_000_000; bytes += 4 + bytes / 7) {
            long c = CachingAllocator.sizeClass(bytes);
            assertTrue(c >= bytes && c >= 512, bytes + " -> " + c);
            assertEquals(0, c % 512, bytes + " -> " + c);
            assertTrue(c - bytes <= Math.max(512, bytes / 8), bytes + " -> " + c);
        }
        assertEquals(512, CachingAllocator.sizeClass(4));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(4096, CachingAllocator.sizeClass(4096));
        assertEquals(4608, CachingAllocator.sizeClass(4097));
        assertEquals(18432, CachingAllocator.sizeClass(17398));
        long conv1Output = 64 * 6 * 28 * 28 * 4;
        assertEquals(CachingAllocator.sizeClass(conv1Output), CachingAllocator.sizeClass(conv1Output - 4));
    }

    @Test
    void outOfMemoryMessageNamesTheRequestAndTheCounters() {
        String m = CachingAllocator.outOfMemoryMessage(Device.cuda(0), 3L << 30,
                new MemoryStats(70L << 30, 75L << 30, 0, 812), 1L << 30, 80L << 30);
        assertEquals("CUDA out of memory: tried to allocate 3.0 GiB (3221225472 bytes) on cuda:0 after emptying the"
                + " cache and retrying; allocator: in use 70.0 GiB, peak 75.0 GiB, cached 0 B, 812 device allocations;"
                + " device: 1.0 GiB free of 80.0 GiB. Close tensors you no longer need, run each step in a"
                + " MemoryScope, or use a smaller batch.", m);
    }

    @Test
    void versionsReadAsPeopleWriteThem() {
        assertEquals("12.6", CudaDevice.version(12060));
        assertEquals("13.0", CudaDevice.version(13000));
        assertEquals("13.1.0", CudaDevice.version(130100, 10000));
        assertEquals("9.14.0", CudaDevice.cudnnVersion(91400));
        assertEquals("8.9.7", CudaDevice.cudnnVersion(8907));
    }
}
