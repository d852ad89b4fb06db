package dev.blitz.backend.cpu;

/**
 * Row-major float GEMM for the CPU kernels. Chooses the micro-kernel once: {@link VectorGemm} when the JVM
 * was started with {@code --add-modules jdk.incubator.vector}, else {@link ScalarGemm} with a one-line hint.
 * Large products are split over threads by blocks of rows or columns of C; small ones (and those called
 * from inside a parallel region) run on the calling thread.
 */
final class GemmCpu {
    private static final GemmKernel BEST = VectorApi.load("VectorGemm", GemmKernel.class, ScalarGemm.INSTANCE);

    private GemmCpu() {
    }

    /** The micro-kernel in use. */
    static GemmKernel kernel() {
        return BEST;
    }

    /** Whether the Vector API kernel is in use, for benchmark headers. */
    static boolean vectorized() {
        return BEST != ScalarGemm.INSTANCE;
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} with the {@link dev.blitz.backend.Backend#gemm} layout, on
     * whole matrices starting at the given offsets.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                     float[] b, int bOff, float beta, float[] c, int cOff) {
        gemm(BEST, transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    static void gemm(GemmKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        boolean dots = DotGemm.suits(transA, transB, m, n, k);
        int mr = kernel.mr;
        int nr = kernel.nr;
        int tilesM = (m + mr - 1) / mr;
        int tilesN = (n + nr - 1) / nr;
        // A transposed B is packed whole by every part that needs all its columns (LeNet's fc1 forward, 120 x 400:
        // longer than half its product): split the columns instead where they divide evenly enough.
        int threads = Parallel.threads();
        boolean splitColumns = transB && !dots && (tilesN % threads == 0 || tilesN >= 4 * threads);
        boolean byRows = !splitColumns && tilesM >= tilesN;
        int units = byRows ? tilesM : tilesN;
        long workPerUnit = units == 0 ? 0 : 2L * m * n * k / units / Parallel.FLOPS_PER_UNIT;
        // One part per thread: every part packs its own copy of the shared operand.
        int parts = Math.min(Parallel.parts(units, workPerUnit), Parallel.threads());
        if (parts <= 1) {
            // Called directly rather than through Parallel.run: its lambda would be an allocation per call, and
            // a convolution makes one call per chunk of images.
            if (units > 0) {
                range(kernel, transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff, dots, byRows, 0, units);
            }
            return;
        }
        Parallel.run(parts, units, (part, from, to) -> range(kernel, transA, transB, m, n, k, alpha, a, aOff, b, bOff,
                beta, c, cOff, dots, byRows, from, to));
    }

    /** The rows (or columns) of tiles {@code [from, to)} of C. */
    private static void range(GemmKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                              float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff,
                              boolean dots, boolean byRows, int from, int to) {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        int mr = kernel.mr;
        int nr = kernel.nr;
        int i0 = byRows ? from * mr : 0;
        int i1 = byRows ? Math.min(m, to * mr) : m;
        int j0 = byRows ? 0 : from * nr;
        int j1 = byRows ? n : Math.min(n, to * nr);
        int aAt = aOff + (transA ? i0 : i0 * lda);
        int bAt = bOff + (transB ? j0 * ldb : j0);
        int cAt = cOff + i0 * n + j0;
        if (dots) {
            DotGemm.gemm(kernel, i1 - i0, j1 - j0, k, alpha, a, aAt, lda, b, bAt, ldb, beta, c, cAt, n);
        } else {
            BlockedGemm.gemm(kernel, transA, transB, i1 - i0, j1 - j0, k, alpha, a, aAt, lda, b, bAt, ldb, beta, c,
                    cAt, n);
        }
    }
}
