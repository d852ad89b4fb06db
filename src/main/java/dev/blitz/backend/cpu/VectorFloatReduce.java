package dev.blitz.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatReduce} on the Vector API. A run's sum keeps four float64 vectors of partial sums (each lane adds
 * every fourth vector's lane in turn), adds them, then their lanes in order, then the last few terms. A run's
 * extreme takes two passes over it (a block is in cache): the vector max, NaN if any lane saw one (the first NaN
 * is then found by the scalar scan), then the first position equal to it. A tile's extremes keep a running vector
 * max per lane and note the row only where it changes, then read each winner's value back (so of -0 and +0 the
 * first is kept). Minima are maxima of the negated values (exact, and NaN stays NaN), so one loop serves both.
 * Compare-and-blend loops are slow in JDK 17, hence these shapes; and the vector loops are small methods that
 * always run at least once, because a branch the JIT never saw taken costs a recompilation, during which vector
 * code runs very slowly. Only the preferred float shape is used (a float vector's halves widen to float64 lanes):
 * the JIT's type profiles inside the Vector API are shared by every caller, and a second shape there slows
 * {@link VectorGemm} down. Loaded only when the JVM has the module.
 */
final class VectorFloatReduce extends FloatReduce {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Half as many lanes as {@link #F}, of doubles: each half of a float vector widens into one. */
    private static final VectorSpecies<Double> D =
            VectorSpecies.of(double.class, VectorShape.forBitSize(F.vectorBitSize()));
    private static final int VF = F.length();
    private static final int VH = D.length();
    /** Runs shorter than this look for their extreme with scalar compares: testing masks costs more there. */
    private static final int SHORT = 256;

    @Override
    double sum(float[] x, int from, int n) {
        int whole = n - n % (4 * VH);
        // -0 is the identity of +, so a sum of -0s stays -0.
        double s = whole == 0 ? -0.0 : sumVectors(x, from, whole);
        for (int i = whole; i < n; i++) {
            s += x[from + i];
        }
        return s;
    }

    /** The sum of a run of a positive multiple of 4 VH terms. */
    private static double sumVectors(float[] x, int from, int n) {
        DoubleVector a0 = DoubleVector.broadcast(D, -0.0);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int i = 0; i < n; i += 2 * VF) {
            FloatVector v = FloatVector.fromArray(F, x, from + i);
            FloatVector w = FloatVector.fromArray(F, x, from + i + VF);
            a0 = a0.add(wide(v, 0));
            a1 = a1.add(wide(v, 1));
            a2 = a2.add(wide(w, 0));
            a3 = a3.add(wide(w, 1));
        }
        DoubleVector lanes = a0.add(a1).add(a2.add(a3));
        // Lane by lane in order; read into an array, they cost an allocation a call (110 KB a LeNet step at batch
        // 64, where its convolutions' bias gradients sum their planes here).
        double s = -0.0;
        for (int i = 0; i < VH; i++) {
            s += lanes.lane(i);
        }
        return s;
    }

    @Override
    int arg(float[] x, int from, int n, boolean min) {
        int whole = n - n % (4 * VF);
        if (whole == 0) {
            return scalarArg(x, from, n, 0, min);
        }
        float sign = min ? -1 : 1;
        float e = extreme(x, from, whole, sign);
        if (e != e) {
            return scalarArg(x, from, n, 0, min); // the first NaN
        }
        if (whole < n) {
            int tail = scalarArg(x, from, n, whole, min);
            float t = x[from + tail] * sign;
            if (t > e || t != t) {
                return tail; // the tail beats every vector lane
            }
        }
        float target = sign * e;
        if (n < SHORT) {
            for (int j = 0; ; j++) {
                if (x[from + j] == target) {
                    return j;
                }
            }
        }
        return first(x, from, target);
    }

    /** The largest of {@code sign * x[from, from + n)}, n a positive multiple of 4 VF; NaN if there is one. */
    private static float extreme(float[] x, int from, int n, float sign) {
        FloatVector s = FloatVector.broadcast(F, sign);
        FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector m1 = m0;
        FloatVector m2 = m0;
        FloatVector m3 = m0;
        for (int i = 0; i < n; i += 4 * VF) {
            m0 = m0.max(FloatVector.fromArray(F, x, from + i).mul(s));
            m1 = m1.max(FloatVector.fromArray(F, x, from + i + VF).mul(s));
            m2 = m2.max(FloatVector.fromArray(F, x, from + i + 2 * VF).mul(s));
            m3 = m3.max(FloatVector.fromArray(F, x, from + i + 3 * VF).mul(s));
        }
        // Exact whatever the order, and NaN if a lane is.
        return m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
    }

    /** The first offset from {@code from} whose value equals {@code target}, a value known to be there. */
    private static int first(float[] x, int from, float target) {
        FloatVector t = FloatVector.broadcast(F, target);
        for (int j = 0; ; j += VF) {
            VectorMask<Float> hit = FloatVector.fromArray(F, x, from + j).compare(VectorOperators.EQ, t);
            if (hit.anyTrue()) {
                return j + hit.firstTrue();
            }
        }
    }

    /** The reference scan of {@code x[from + start, from + n)}: the offset of its first extreme or first NaN. */
    private static int scalarArg(float[] x, int from, int n, int start, boolean min) {
        int at = start;
        float best = x[from + at];
        for (int i = start + 1; i < n; i++) {
            float v = x[from + i];
            if (best == best && (v != v || (min ? v < best : v > best))) {
                best = v;
                at = i;
            }
        }
        return at;
    }

    @Override
    void sumRows(float[] x, int base, int stride, int rows, int n, double[] acc, int at) {
        int whole = n - n % VF;
        for (int j = 0; j < n; j++) {
            acc[at + j] = x[base + j];
        }
        for (int r = 1; r < rows; r++) {
            int row = base + r * stride;
            if (whole > 0) {
                addRow(x, row, acc, at, whole);
            }
            for (int j = whole; j < n; j++) {
                acc[at + j] += x[row + j];
            }
        }
    }

    /** {@code acc[at + j] += x[row + j]} for j < n, a positive multiple of VF. */
    private static void addRow(float[] x, int row, double[] acc, int at, int n) {
        for (int j = 0; j < n; j += VF) {
            FloatVector v = FloatVector.fromArray(F, x, row + j);
            DoubleVector.fromArray(D, acc, at + j).add(wide(v, 0)).intoArray(acc, at + j);
            DoubleVector.fromArray(D, acc, at + j + VH).add(wide(v, 1)).intoArray(acc, at + j + VH);
        }
    }

    @Override
    boolean argRows(float[] x, int base, int stride, int rows, int k0, int n, double[] best, long[] arg, int at,
                    boolean min) {
        float sign = min ? -1 : 1;
        int whole = n - n % VF;
        // The running extremes (of the values times sign), and the row of each, as floats (exact below 2^24).
        float[] top = new float[n];
        float[] row = new float[n];
        for (int j = 0; j < n; j++) {
            top[j] = x[base + j] * sign;
        }
        for (int r = 1; r < rows; r++) {
            int from = base + r * stride;
            if (whole > 0) {
                maxRow(x, from, sign, top, row, r, whole);
            }
            for (int j = whole; j < n; j++) {
                float v = Math.max(top[j], x[from + j] * sign);
                if (v != top[j]) {
                    top[j] = v;
                    row[j] = r;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (top[j] != top[j]) {
                return false; // a NaN: its rows changed "max" every time, so the scalar fold redoes the tile
            }
            int r = (int) row[j];
            best[at + j] = x[base + r * stride + j];
            arg[at + j] = k0 + r;
        }
        return true;
    }

    /** Row {@code r} into the running extremes, lanes {@code [0, n)}, n a positive multiple of VF. */
    private static void maxRow(float[] x, int from, float sign, float[] top, float[] row, int r, int n) {
        FloatVector s = FloatVector.broadcast(F, sign);
        for (int j = 0; j < n; j += VF) {
            FloatVector b = FloatVector.fromArray(F, top, j);
            FloatVector m = b.max(FloatVector.fromArray(F, x, from + j).mul(s));
            // Equal values (+0 after -0 too) do not change the row, so the first extreme keeps it.
            VectorMask<Float> changed = m.compare(VectorOperators.NE, b);
            if (changed.anyTrue()) {
                m.intoArray(top, j);
                FloatVector.fromArray(F, row, j).blend(r, changed).intoArray(row, j);
            }
        }
    }

    /** The lower ({@code part} 0) or upper (1) half of {@code v} in float64 lanes. */
    private static DoubleVector wide(FloatVector v, int part) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, part);
    }
}
