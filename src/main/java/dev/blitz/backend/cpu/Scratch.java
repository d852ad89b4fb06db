package dev.blitz.backend.cpu;

/**
 * Per-thread work arrays that grow and are then reused, so kernels on the hot path (GEMM packing, im2col)
 * allocate nothing per call. Each use has its own slot, so nested kernels never hand out the same array.
 */
final class Scratch {
    static final int PACK_A = 0;
    static final int PACK_B = 1;
    static final int TILE = 2;
    static final int COLUMNS = 3;
    static final int ROWS = 4;
    static final int LANES = 5;
    private static final int SLOTS = 6;

    private static final ThreadLocal<float[][]> LOCAL = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Scratch() {
    }

    /** This thread's array for {@code slot}, at least {@code length} long; its contents are left over. */
    static float[] get(int slot, int length) {
        float[][] slots = LOCAL.get();
        float[] a = slots[slot];
        if (a == null || a.length < length) {
            a = new float[Math.max(length, a == null ? 0 : a.length + a.length / 2)];
            slots[slot] = a;
        }
        return a;
    }
}
