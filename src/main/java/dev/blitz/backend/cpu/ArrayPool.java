package dev.blitz.backend.cpu;

/**
 * The CPU backend's caching allocator: the arrays of released buffers, kept by length for the next buffer of
 * that length, as PyTorch's caching allocator keeps device blocks. A training step that frees its temporaries
 * (a {@code MemoryScope}) then runs on the arrays of the step before, instead of having Java allocate and zero
 * new ones: that would be the largest serial cost of a step, and the garbage would make the JVM grow its heap
 * far beyond what is live. The most recently released array of a length goes out first (it is likely still in
 * cache). At most {@link #MAX_FLOATS} floats are kept; past that, the lengths unused the longest are dropped,
 * so the arrays of a one-off shape (a larger evaluation batch) give way to those of the training step.
 * <p>
 * Taking and giving allocate nothing once a length has been seen: one lock, and a table of lengths by open
 * addressing (no boxed keys, no list nodes).
 */
final class ArrayPool {
    static final long MAX_FLOATS = 1L << 24;
    /** Distinct lengths the table holds before the empty ones are swept out. */
    private static final int MAX_LENGTHS = 1 << 12;
    private static final float[] EMPTY = new float[0];

    private static final Object LOCK = new Object();
    /** {@link #MAX_FLOATS}; tests lower it. */
    static volatile long limit = MAX_FLOATS;
    private static int[] lengths = new int[64];
    private static Bucket[] buckets = new Bucket[64];
    private static int used;
    private static long kept;
    private static long clock;

    /** The free arrays of one length, the most recently released last. */
    private static final class Bucket {
        float[][] arrays = new float[2][];
        int count;
        /** The {@link #clock} at the last take or give, for dropping the lengths unused the longest. */
        long lastUse;
    }

    private ArrayPool() {
    }

    /** An array of {@code length} floats with unspecified contents. */
    static float[] take(int length) {
        if (length == 0) {
            return EMPTY; // nothing in it to share
        }
        synchronized (LOCK) {
            Bucket b = find(length);
            if (b != null && b.count > 0) {
                b.lastUse = ++clock;
                float[] a = b.arrays[--b.count];
                b.arrays[b.count] = null;
                kept -= length;
                return a;
            }
        }
        return new float[length];
    }

    /** Takes back an array nobody uses any more. */
    static void give(float[] a) {
        int length = a.length;
        synchronized (LOCK) {
            if (length == 0 || length > limit) {
                return;
            }
            if (kept + length > limit) {
                dropLeastRecent(kept + length - limit);
            }
            Bucket b = findOrAdd(length);
            if (b.count == b.arrays.length) {
                b.arrays = java.util.Arrays.copyOf(b.arrays, 2 * b.count);
            }
            b.arrays[b.count++] = a;
            b.lastUse = ++clock;
            kept += length;
        }
    }

    /** Floats held for reuse. */
    static long kept() {
        synchronized (LOCK) {
            return kept;
        }
    }

    /** Drops every kept array (tests start from an empty pool). */
    static void clear() {
        synchronized (LOCK) {
            lengths = new int[64];
            buckets = new Bucket[64];
            used = 0;
            kept = 0;
        }
    }

    /** Frees at least {@code floats} by dropping whole lengths, the one unused the longest first. */
    private static void dropLeastRecent(long floats) {
        while (floats > 0 && kept > 0) {
            Bucket oldest = null;
            int at = -1;
            for (int i = 0; i < buckets.length; i++) {
                Bucket b = buckets[i];
                if (b != null && b.count > 0 && (oldest == null || b.lastUse < oldest.lastUse)) {
                    oldest = b;
                    at = i;
                }
            }
            long freed = (long) oldest.count * lengths[at];
            java.util.Arrays.fill(oldest.arrays, 0, oldest.count, null);
            oldest.count = 0;
            kept -= freed;
            floats -= freed;
        }
    }

    private static Bucket find(int length) {
        int mask = lengths.length - 1;
        for (int i = slot(length, mask); buckets[i] != null; i = (i + 1) & mask) {
            if (lengths[i] == length) {
                return buckets[i];
            }
        }
        return null;
    }

    private static Bucket findOrAdd(int length) {
        Bucket b = find(length);
        if (b != null) {
            return b;
        }
        if (used >= MAX_LENGTHS) {
            rehash(true); // a long run over many shapes: forget the lengths that hold nothing
            if (used >= MAX_LENGTHS / 2) {
                clear(); // thousands of lengths each holding arrays: none of them is a step's working set
            }
        }
        if (2 * (used + 1) > lengths.length) {
            rehash(false);
        }
        int mask = lengths.length - 1;
        int i = slot(length, mask);
        while (buckets[i] != null) {
            i = (i + 1) & mask;
        }
        b = new Bucket();
        lengths[i] = length;
        buckets[i] = b;
        used++;
        return b;
    }

    /** Rebuilds the table (twice as large unless only sweeping), without the empty lengths when sweeping. */
    private static void rehash(boolean sweep) {
        int[] oldLengths = lengths;
        Bucket[] oldBuckets = buckets;
        int size = sweep ? oldLengths.length : 2 * oldLengths.length;
        lengths = new int[size];
        buckets = new Bucket[size];
        used = 0;
        int mask = size - 1;
        for (int j = 0; j < oldBuckets.length; j++) {
            Bucket b = oldBuckets[j];
            if (b == null || sweep && b.count == 0) {
                continue;
            }
            int i = slot(oldLengths[j], mask);
            while (buckets[i] != null) {
                i = (i + 1) & mask;
            }
            lengths[i] = oldLengths[j];
            buckets[i] = b;
            used++;
        }
    }

    private static int slot(int length, int mask) {
        int h = length * 0x9E3779B9;
        return (h ^ h >>> 16) & mask;
    }
}
