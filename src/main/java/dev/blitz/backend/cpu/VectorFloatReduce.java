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
 * extreme keeps per lane its first extreme or first NaN and where it was (positions as floats, exact below
 * 2^24), then merges the lanes by value and, among equals, by position. Minima are the maxima of the negated
 * values (exact, and NaN stays NaN), so one loop serves both. Loaded only when the JVM has the module.
 */
final class VectorFloatReduce extends FloatReduce {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as {@link #D} has doubles, to widen into it. */
    private static final VectorSpecies<Float> H =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int VF = F.length();
    private static final int VH = H.length();

    @Override
    double sum(float[] x, int from, int n) {
        // -0 is the identity of +, so a sum of -0s stays -0.
        double s = -0.0;
        int i = 0;
        if (n >= 4 * VH) {
            DoubleVector a0 = DoubleVector.broadcast(D, -0.0);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            for (; i <= n - 4 * VH; i += 4 * VH) {
                a0 = a0.add(wide(x, from + i));
                a1 = a1.add(wide(x, from + i + VH));
                a2 = a2.add(wide(x, from + i + 2 * VH));
                a3 = a3.add(wide(x, from + i + 3 * VH));
            }
            for (double v : a0.add(a1).add(a2.add(a3)).toArray()) {
                s += v;
            }
        }
        for (; i < n; i++) {
            s += x[from + i];
        }
        return s;
    }

    @Override
    int arg(float[] x, int from, int n, boolean min) {
        int at = 0;
        float best = x[from];
        int i = 0;
        if (n >= 2 * VF) {
            FloatVector sign = FloatVector.broadcast(F, min ? -1 : 1);
            FloatVector pos = FloatVector.zero(F).addIndex(1);
            FloatVector bestPos = pos;
            FloatVector bestV = FloatVector.fromArray(F, x, from).mul(sign);
            for (i = VF; i <= n - VF; i += VF) {
                FloatVector v = FloatVector.fromArray(F, x, from + i).mul(sign);
                pos = pos.add(VF);
                VectorMask<Float> m = v.compare(VectorOperators.GT, bestV).or(v.test(VectorOperators.IS_NAN))
                        .andNot(bestV.test(VectorOperators.IS_NAN));
                bestV = bestV.blend(v, m);
                bestPos = bestPos.blend(pos, m);
            }
            // The lanes' results, each its lane's first NaN or first extreme: the first NaN of all, else the first
            // of the equal extremes.
            float[] values = bestV.toArray();
            float[] places = bestPos.toArray();
            best = values[0];
            at = (int) places[0];
            for (int l = 1; l < VF; l++) {
                float v = values[l];
                int p = (int) places[l];
                boolean tie = v == best || (v != v && best != best);
                if ((best == best && (v != v || v > best)) || (tie && p < at)) {
                    best = v;
                    at = p;
                }
            }
            best = x[from + at];
        }
        for (; i < n; i++) {
            float v = x[from + i];
            if (best == best && (v != v || (min ? v < best : v > best))) {
                best = v;
                at = i;
            }
        }
        return at;
    }

    @Override
    void sumRow(float[] x, int from, double[] acc, int at, int n, boolean first) {
        int j = 0;
        if (first) {
            for (; j <= n - VH; j += VH) {
                wide(x, from + j).intoArray(acc, at + j);
            }
            for (; j < n; j++) {
                acc[at + j] = x[from + j];
            }
            return;
        }
        for (; j <= n - VH; j += VH) {
            DoubleVector.fromArray(D, acc, at + j).add(wide(x, from + j)).intoArray(acc, at + j);
        }
        for (; j < n; j++) {
            acc[at + j] += x[from + j];
        }
    }

    @Override
    void argRow(float[] x, int from, double[] best, long[] arg, int at, int n, int k, boolean first, boolean min) {
        if (first) {
            sumRow(x, from, best, at, n, true);
            java.util.Arrays.fill(arg, at, at + n, k);
            return;
        }
        DoubleVector sign = DoubleVector.broadcast(D, min ? -1 : 1);
        int j = 0;
        for (; j <= n - VH; j += VH) {
            DoubleVector b = DoubleVector.fromArray(D, best, at + j);
            DoubleVector v = wide(x, from + j);
            VectorMask<Double> m = v.mul(sign).compare(VectorOperators.GT, b.mul(sign))
                    .or(v.test(VectorOperators.IS_NAN)).andNot(b.test(VectorOperators.IS_NAN));
            if (m.anyTrue()) {
                b.blend(v, m).intoArray(best, at + j);
                for (int l = m.firstTrue(); l < VH; l++) {
                    if (m.laneIsSet(l)) {
                        arg[at + j + l] = k;
                    }
                }
            }
        }
        for (; j < n; j++) {
            double v = x[from + j];
            double b = best[at + j];
            if (b == b && (v != v || (min ? v < b : v > b))) {
                best[at + j] = v;
                arg[at + j] = k;
            }
        }
    }

    private static DoubleVector wide(float[] x, int at) {
        return (DoubleVector) FloatVector.fromArray(H, x, at).convertShape(VectorOperators.F2D, D, 0);
    }
}
