package dev.blitz.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link MaxPool2x2} on the Vector API, one vector of windows at a time: the four cells of each window come in by
 * gathers, the winner is the first cell equal to the maximum (blends from the last cell to the first), the
 * forward output is that cell's value and backward scatters the gradient to it. Windows are numbered across
 * a group of V planes (a lane count of them), so small planes (5×5 outputs) fill whole vectors too; lanes
 * whose maximum is NaN are redone by the scalar rule. NaN lanes are found by {@code m != m}: JDK 17's C2 now and
 * then fails to intrinsify {@code test(IS_NAN)} (a reinterpreting cast), and then boxes every vector of the loop
 * (1.5 MB of garbage per call, four times slower). Loaded only when the JVM has the module.
 */
final class VectorMaxPool2x2 extends MaxPool2x2 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int V = S.length();
    /** The last window maps made, one per plane size: read-only once made, so any thread may use them. */
    private static final AtomicReferenceArray<Windows> MAPS = new AtomicReferenceArray<>(8);
    private static final AtomicInteger NEXT_MAP = new AtomicInteger();
    private static final ThreadLocal<int[]> WINNERS = ThreadLocal.withInitial(() -> new int[V]);

    private record Windows(int h, int w, int[] map) {
    }

    @Override
    int planesPerStep() {
        return V;
    }

    @Override
    void forward(float[] x, float[] y, int h, int w, int from, int to) {
        int groups = (to - from) / V;
        int[] map = groups > 0 ? windows(h, w) : null;
        for (int g = 0; g < groups; g++) {
            int base = (from + g * V) * h * w;
            int out = (from + g * V) * (h / 2) * (w / 2);
            for (int o = 0; o < map.length; o += V) {
                FloatVector a = FloatVector.fromArray(S, x, base, map, o);
                FloatVector b = FloatVector.fromArray(S, x, base + 1, map, o);
                FloatVector c = FloatVector.fromArray(S, x, base + w, map, o);
                FloatVector d = FloatVector.fromArray(S, x, base + w + 1, map, o);
                FloatVector m = a.max(b).max(c.max(d));
                d.blend(c, c.eq(m)).blend(b, b.eq(m)).blend(a, a.eq(m)).intoArray(y, out + o);
                VectorMask<Float> nan = m.compare(VectorOperators.NE, m);
                for (int l = nan.firstTrue(); l < V; l = next(nan, l)) {
                    y[out + o + l] = x[winner(x, base + map[o + l], w)];
                }
            }
        }
        ScalarMaxPool2x2.INSTANCE.forward(x, y, h, w, from + groups * V, to);
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int h, int w, int from, int to) {
        int groups = (to - from) / V;
        int[] map = groups > 0 ? windows(h, w) : null;
        int[] win = WINNERS.get();
        for (int g = 0; g < groups; g++) {
            int base = (from + g * V) * h * w;
            int out = (from + g * V) * (h / 2) * (w / 2);
            for (int o = 0; o < map.length; o += V) {
                FloatVector m = FloatVector.fromArray(S, y, out + o);
                FloatVector a = FloatVector.fromArray(S, x, base, map, o);
                FloatVector b = FloatVector.fromArray(S, x, base + 1, map, o);
                FloatVector c = FloatVector.fromArray(S, x, base + w, map, o);
                IntVector p = IntVector.fromArray(I, map, o);
                p.add(w + 1).blend(p.add(w), c.eq(m).cast(I)).blend(p.add(1), b.eq(m).cast(I))
                        .blend(p, a.eq(m).cast(I)).intoArray(win, 0);
                FloatVector.fromArray(S, dy, out + o).intoArray(dx, base, win, 0);
                VectorMask<Float> nan = m.compare(VectorOperators.NE, m);
                for (int l = nan.firstTrue(); l < V; l = next(nan, l)) {
                    dx[base + win[l]] = 0f;
                    dx[winner(x, base + map[o + l], w)] = dy[out + o + l];
                }
            }
        }
        ScalarMaxPool2x2.INSTANCE.backward(x, y, dy, dx, h, w, from + groups * V, to);
    }

    private static int next(VectorMask<Float> m, int lane) {
        for (int l = lane + 1; l < V; l++) {
            if (m.laneIsSet(l)) {
                return l;
            }
        }
        return V;
    }

    /**
     * Offsets, from the first of V planes, of the top-left cells of their windows, in output order; made once
     * per plane size (a network pools a few sizes, step after step).
     */
    private static int[] windows(int h, int w) {
        for (int i = 0; i < MAPS.length(); i++) {
            Windows known = MAPS.get(i);
            if (known != null && known.h == h && known.w == w) {
                return known.map;
            }
        }
        int[] map = makeWindows(h, w);
        MAPS.set(Math.floorMod(NEXT_MAP.getAndIncrement(), MAPS.length()), new Windows(h, w, map));
        return map;
    }

    private static int[] makeWindows(int h, int w) {
        int ow = w / 2;
        int perPlane = (h / 2) * ow;
        int[] map = new int[V * perPlane];
        for (int o = 0; o < map.length; o++) {
            int r = o % perPlane;
            map[o] = o / perPlane * h * w + 2 * (r / ow) * w + 2 * (r % ow);
        }
        return map;
    }
}
