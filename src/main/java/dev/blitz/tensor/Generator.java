package dev.blitz.tensor;

/**
 * The seedable source of random numbers behind {@code Tensor.randn}, {@code rand}, the in-place samplers and
 * parameter init: PyTorch's CPU generator. It runs the same MT19937 with the same sampling rules as libtorch's
 * CPU kernels, so after {@code manualSeed(s)} each method returns bit for bit what the same call returns after
 * {@code torch.manual_seed(s)} on PyTorch's CPU (x86 with AVX2, which is what stock PyTorch runs on any recent x86
 * machine). The one exception is float64 normals: about one value in 500 is 1 or 2 ulps off, because PyTorch takes
 * their log, sin and cos from the C library, which Java cannot call. Methods are synchronized: one generator may be
 * shared between threads.
 */
public final class Generator {
    /** The seed of a fresh {@code torch.Generator()}; PyTorch's default generator starts from a random one. */
    private static final long DEFAULT_SEED = 67280421310721L;
    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);
    /** randn/normal_ of this many contiguous elements or more take PyTorch's vectorised path. */
    static final int VECTORISED_NORMAL_MIN = 16;
    /** randperm swaps with 32-bit draws below this size, as PyTorch ({@code UINT32_MAX / 20}). */
    private static final long RANDPERM_32_BIT_MAX = 0xffffffffL / 20;

    private final Mt19937 engine;
    private long initialSeed;
    /** The second value of PyTorch's last double Box–Muller pair, unscaled, returned by the next draw. */
    private double cachedNormal;
    private boolean hasCachedNormal;

    /**
     * A generator of its own, independent of the default one, as {@code torch.Generator().manual_seed(seed)}.
     *
     * @param seed the initial seed
     */
    public Generator(long seed) {
        engine = new Mt19937(seed);
        initialSeed = seed;
    }

    /**
     * The generator {@code Tensor.randn}/{@code rand} and {@code nn.Init} draw from, as PyTorch's default
     * generator; {@code Blitz.manualSeed} seeds it.
     *
     * @return the shared default generator
     */
    public static Generator getDefault() {
        return DEFAULT;
    }

    /**
     * Restarts the sequence from {@code seed}, as {@code torch.Generator.manual_seed}; only its low 32 bits
     * matter, as in PyTorch.
     *
     * @param seed the new seed
     */
    public synchronized void manualSeed(long seed) {
        engine.seed(seed);
        initialSeed = seed;
        hasCachedNormal = false;
    }

    /** {@return the seed last set, as {@code torch.Generator.initial_seed}} */
    public synchronized long initialSeed() {
        return initialSeed;
    }

    /** {@return PyTorch's {@code random()}: the next 32-bit word, unsigned} */
    synchronized long random() {
        return engine.nextU32();
    }

    /** {@return PyTorch's {@code random64()}: two words, the first one the high half} */
    synchronized long random64() {
        long hi = engine.nextU32();
        long lo = engine.nextU32();
        return hi << 32 | lo;
    }

    /**
     * Samples of U(from, to) rounded to float32, as {@code torch.empty(n).uniform_(from, to)}: each is
     * {@code fma(u, to - from, from)} in float with u a 24-bit uniform, the bounds first rounded to float.
     *
     * @param n how many samples
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @return {@code n} samples
     * @throws IllegalArgumentException if a bound is outside float's range, {@code from > to}, {@code to - from}
     *     overflows float, or {@code n < 0}
     */
    public synchronized float[] uniform(int n, double from, double to) {
        checkUniformBounds(from, to, Float.MAX_VALUE, "float");
        float low = (float) from;
        float range = (float) to - low;
        if (Float.isInfinite(range)) {
            throw rangeTooWide(from, to, "float");
        }
        float[] out = new float[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = Math.fma(uniformFloat(), range, low);
        }
        return out;
    }

    /**
     * Samples of U(from, to) as float64, as {@code torch.empty(n, dtype=torch.float64).uniform_(from, to)}
     * ({@code torch.rand(n, dtype=torch.float64)} for 0 and 1): each is {@code fma(u, to - from, from)} in double
     * with u a 53-bit uniform, the low 53 bits of two 32-bit words (the first one the high half) times 2⁻⁵³.
     *
     * @param n how many samples
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @return {@code n} samples
     * @throws IllegalArgumentException if a bound is not finite, {@code from > to}, {@code to - from} overflows
     *     double, or {@code n < 0}
     */
    public synchronized double[] uniformFloat64(int n, double from, double to) {
        checkUniformBounds(from, to, Double.MAX_VALUE, "double");
        double range = to - from;
        if (Double.isInfinite(range)) {
            throw rangeTooWide(from, to, "double");
        }
        double[] out = new double[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = Math.fma(uniformDouble(), range, from);
        }
        return out;
    }

    private static void checkUniformBounds(double from, double to, double max, String type) {
        if (!(from >= -max && from <= max)) {
            throw new IllegalArgumentException("uniform_: from is out of bounds for " + type + ", got from=" + from);
        }
        if (!(to >= -max && to <= max)) {
            throw new IllegalArgumentException("uniform_: to is out of bounds for " + type + ", got to=" + to);
        }
        if (from > to) {
            throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from="
                    + from + " > to=" + to);
        }
    }

    private static IllegalArgumentException rangeTooWide(double from, double to, String type) {
        return new IllegalArgumentException("uniform_ expects to-from <= std::numeric_limits<" + type + ">::max(),"
                + " but found to=" + to + " and from=" + from + " which result in to-from to exceed the limit");
    }

    /**
     * Samples of N(mean, std²) as float32, as {@code torch.empty(n).normal_(mean, std)} ({@code torch.randn(n)}
     * for 0 and 1). Fewer than 16 draw one double Box–Muller pair per two values, the second kept for the next
     * call; 16 or more draw all uniforms first and transform them 16 at a time in float ({@link NormalFill16}),
     * the last 16 redrawn and redone when {@code n} is not a multiple of 16.
     *
     * @param n how many samples
     * @param mean the distribution's mean
     * @param std the distribution's standard deviation
     * @return {@code n} samples
     * @throws IllegalArgumentException if {@code std < 0}, or {@code n < 0}
     */
    public float[] normal(int n, double mean, double std) {
        return normal(n, mean, std, n >= VECTORISED_NORMAL_MIN);
    }

    /**
     * {@link #normal(int, double, double)} with PyTorch's path chosen by the caller: {@code vectorised} for 16 or
     * more elements of a contiguous tensor, else one double Box–Muller value at a time (what PyTorch does for a
     * non-contiguous one of any size).
     */
    synchronized float[] normal(int n, double mean, double std, boolean vectorised) {
        checkStd(std);
        float[] out = new float[checkCount(n)];
        if (!vectorised) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) normalDouble(mean, std);
            }
            return out;
        }
        float m = (float) mean;
        float s = (float) std;
        for (int i = 0; i < n; i++) {
            out[i] = uniformFloat();
        }
        for (int i = 0; i + 16 <= n; i += 16) {
            NormalFill16.apply(out, i, m, s);
        }
        if (n % 16 != 0) {
            for (int i = n - 16; i < n; i++) {
                out[i] = uniformFloat();
            }
            NormalFill16.apply(out, n - 16, m, s);
        }
        return out;
    }

    /**
     * Samples of N(mean, std²) as float64, as {@code torch.empty(n, dtype=torch.float64).normal_(mean, std)}
     * ({@code torch.randn(n, dtype=torch.float64)} for 0 and 1). Fewer than 16 take the float32 rule's one
     * Box–Muller pair per two values, sharing its kept value; 16 or more draw all 53-bit uniforms first and
     * transform them 16 at a time in double, the first 8 of a block giving the radius and the last 8 the angle, the
     * last 16 redrawn and redone when {@code n} is not a multiple of 16.
     *
     * @param n how many samples
     * @param mean the distribution's mean
     * @param std the distribution's standard deviation
     * @return {@code n} samples
     * @throws IllegalArgumentException if {@code std < 0}, or {@code n < 0}
     */
    public double[] normalFloat64(int n, double mean, double std) {
        return normalFloat64(n, mean, std, n >= VECTORISED_NORMAL_MIN);
    }

    /**
     * {@link #normalFloat64(int, double, double)} with the path chosen as in
     * {@link #normal(int, double, double, boolean)}.
     */
    synchronized double[] normalFloat64(int n, double mean, double std, boolean vectorised) {
        checkStd(std);
        double[] out = new double[checkCount(n)];
        if (!vectorised) {
            for (int i = 0; i < n; i++) {
                out[i] = normalDouble(mean, std);
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = uniformDouble();
        }
        for (int i = 0; i + 16 <= n; i += 16) {
            normalFill16(out, i, mean, std);
        }
        if (n % 16 != 0) {
            for (int i = n - 16; i < n; i++) {
                out[i] = uniformDouble();
            }
            normalFill16(out, n - 16, mean, std);
        }
        return out;
    }

    /** PyTorch's {@code normal_fill_16<double>}: plain double Box–Muller on a block of 16 uniforms, in place. */
    private static void normalFill16(double[] data, int at, double mean, double std) {
        for (int k = 0; k < 8; k++) {
            double u1 = 1 - data[at + k];
            double theta = 2.0 * Math.PI * data[at + 8 + k];
            double radius = Math.sqrt(-2 * Math.log(u1));
            data[at + k] = Math.fma(radius * Math.cos(theta), std, mean);
            data[at + 8 + k] = Math.fma(radius * Math.sin(theta), std, mean);
        }
    }

    private static void checkStd(double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        }
    }

    /**
     * Integers uniform on {@code [low, high)}, as {@code torch.randint(low, high, (n,))}: one 32-bit word modulo
     * the range per value (two words when the range is 2³² or more).
     *
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @param n how many values
     * @return {@code n} values
     * @throws IllegalArgumentException if {@code low >= high}, or {@code n < 0}
     */
    public synchronized long[] randint(long low, long high, int n) {
        if (low >= high) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low
                    + " >= to=" + high);
        }
        long range = high - low;
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0;
        long[] out = new long[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = Long.remainderUnsigned(wide ? random64() : random(), range) + low;
        }
        return out;
    }

    /**
     * A random permutation of {@code 0..n-1}, as {@code torch.randperm(n)}: PyTorch's Fisher–Yates, swapping
     * position i with i + (word mod (n - i)).
     *
     * @param n how many values
     * @return the permutation
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public synchronized long[] randperm(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative, got " + n);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        if (n < RANDPERM_32_BIT_MAX) {
            for (int i = 0; i < n - 1; i++) {
                int z = i + (int) (random() % (n - i));
                long swap = out[i];
                out[i] = out[z];
                out[z] = swap;
            }
        } else {
            // PyTorch's inside-out variant with 64-bit draws, where a 32-bit modulo would be visibly skewed
            for (int i = 0; i < n; i++) {
                int z = (int) Long.remainderUnsigned(random64(), i + 1);
                out[i] = out[z];
                out[z] = i;
            }
        }
        return out;
    }

    /**
     * Ones with probability {@code p}, else zeros, as {@code torch.empty(n).bernoulli_(p)}: each compares one
     * 53-bit double uniform with p. The draws are the same for every dtype. (On Intel CPUs, libtorch builds with
     * MKL draw {@code bernoulli_(p)} from MKL's own stream instead; these are the numbers of every other x86 CPU.)
     *
     * @param n how many samples
     * @param p the probability of a one
     * @return {@code n} samples, each 0 or 1
     * @throws IllegalArgumentException if {@code p} is outside [0, 1], or {@code n < 0}
     */
    public synchronized float[] bernoulli(int n, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        }
        float[] out = new float[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = uniformDouble() < p ? 1f : 0f;
        }
        return out;
    }

    /** PyTorch's float uniform on [0, 1): the low 24 bits of a word, times 2⁻²⁴. */
    private float uniformFloat() {
        return (random() & 0xffffff) * 0x1p-24f;
    }

    /** PyTorch's double uniform on [0, 1): the low 53 bits of a 64-bit draw, times 2⁻⁵³. */
    private double uniformDouble() {
        return (random64() & ((1L << 53) - 1)) * 0x1p-53;
    }

    /**
     * PyTorch's {@code normal_distribution<double>}: Box–Muller on two double uniforms, returning
     * {@code r·cos θ·std + mean} (one fused multiply-add, as libtorch's x86 build) and keeping {@code r·sin θ}
     * for the next call. PyTorch calls the C library's log1p/sin/cos; Java's {@code Math} versions (HotSpot's
     * intrinsics) give the same double far more often than {@code StrictMath}'s (against glibc 2.36, 1 value in
     * 500 differs by an ulp or two, against 1 in 30), and float32's rounding hides either.
     */
    private double normalDouble(double mean, double std) {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return Math.fma(cachedNormal, std, mean);
        }
        double u1 = uniformDouble();
        double u2 = uniformDouble();
        double r = Math.sqrt(-2.0 * Math.log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        cachedNormal = r * Math.sin(theta);
        hasCachedNormal = true;
        return Math.fma(r * Math.cos(theta), std, mean);
    }

    private static int checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw a negative number of samples: " + n);
        }
        return n;
    }
}
