package dev.blitz.examples;

import dev.blitz.core.Device;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak's verdict on made-up samples (scripts/soak runs the real thing: many minutes). */
class SoakTest {
    private static final long MIB = 1L << 20;

    /** Ten samples, 100 steps apart: RSS, heap and threads as given for each. */
    private static List<Soak.Sample> samples(long[] rssMib, long[] heapMib, int[] threads) {
        List<Soak.Sample> out = new ArrayList<>();
        for (int i = 0; i < rssMib.length; i++) {
            out.add(new Soak.Sample((i + 1) * 100L, i, 0.5f, rssMib[i] * MIB, heapMib[i] * MIB, 0, threads[i]));
        }
        return out;
    }

    private static final long[] FLAT_RSS = {900, 400, 410, 405, 400, 415, 410, 408, 404, 409};
    private static final long[] FLAT_HEAP = {20, 80, 80, 81, 80, 80, 82, 80, 81, 80};
    private static final int[] FLAT_THREADS = {9, 9, 9, 9, 10, 9, 9, 9, 9, 9};

    @Test
    void flatFiguresAfterWarmUpPass() {
        // The first sample is warm-up: its RSS before the heap settled does not count.
        assertTrue(Soak.verdict(samples(FLAT_RSS, FLAT_HEAP, FLAT_THREADS), 200));
    }

    @Test
    void aSpikeInOneOfTheLastSamplesIsNotALeak() {
        long[] heap = FLAT_HEAP.clone();
        heap[8] = 300;
        assertTrue(Soak.verdict(samples(FLAT_RSS, heap, FLAT_THREADS), 200));
    }

    @Test
    void steadyGrowthOfHeapRssOrThreadsFails() {
        long[] heap = {20, 80, 90, 100, 110, 120, 130, 140, 150, 160};
        assertFalse(Soak.verdict(samples(FLAT_RSS, heap, FLAT_THREADS), 200));
        long[] rss = {400, 400, 450, 500, 550, 600, 650, 700, 750, 800};
        assertFalse(Soak.verdict(samples(rss, FLAT_HEAP, FLAT_THREADS), 200));
        int[] threads = {9, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        assertFalse(Soak.verdict(samples(FLAT_RSS, FLAT_HEAP, threads), 200));
    }

    @Test
    void aShortRunTrainsAndPasses() {
        assertTrue(Soak.run(60, 10, 4, Device.CPU));
    }
}
