package dev.blitz.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPool2x2} on the Vector API, a row pair at a time, read as it lies: a vector of V cells from each row
 * covers V/2 windows, even lanes a window's left column and odd lanes its right, and swapping each lane with its
 * partner brings a window's other column alongside. No gathers, scatters or zero fills (LeNet's 256x6x28x28 on one
 * thread: forward 0.63 -> 0.44 ms, backward 0.87 plus a zero fill -> 0.54 ms). A row's last vector may run past its
 * row: stores go in address order, so every spilled cell is written again by its own store later; a row pair whose
 * vectors would leave the call's planes (or its arrays) takes the scalar rule, as do pairs with a NaN maximum. NaN
 * lanes are found by {@code m != m}: JDK 17's C2 now and then fails to intrinsify {@code test(IS_NAN)} (a
 * reinterpreting cast), and then boxes every vector of the loop. Only the preferred species: a second vector size
 * anywhere in the process leaves the GEMM's vectors boxed in a training step on JDK 17 (1.3 MB of garbage a step at
 * batch 64). Loaded only when the JVM has the module.
 */
final class VectorMaxPool2x2 extends MaxPool2x2 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final VectorShuffle<Float> PARTNER = VectorShuffle.fromOp(S, lane -> lane ^ 1);
    private static final VectorShuffle<Float> DUPLICATE = VectorShuffle.fromOp(S, lane -> lane / 2);
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, lane -> 2 * lane % V);
    private static final VectorMask<Float> EVEN = VectorMask.fromLong(S, 0x5555555555555555L);

    /**
     * The output is the first cell equal to {@code max(a, b, c, d)}, blended from the last cell to the first (so
     * the winner's sign of zero); {@link #EVENS} packs the even lanes' outputs into the low half, and the high
     * half spills into the next outputs, which later stores write again.
     */
    @Override
    void forward(float[] x, float[] y, int h, int w, int from, int to) {
        int end = to * (h / 2) * (w / 2);
        for (int plane = from; plane < to; plane++) {
            forwardPlane(x, y, h, w, plane, end);
        }
    }

    /**
     * One plane's outputs, none at or past {@code end}. A method of its own, called once a plane, so that the JIT
     * compiles it as a method after a few steps' calls, not only when a loop over a whole part has run long
     * enough for on-stack replacement: until C2 has it, this code runs with every vector boxed (LeNet's first 30
     * steps spent 0.4 s in pooling, against 0.01 s compiled).
     */
    private static void forwardPlane(float[] x, float[] y, int h, int w, int plane, int end) {
        int oh = h / 2;
        int ow = w / 2;
        int span = 2 * ow;
        int last = (span - 1) / V * V;
        for (int i = 0; i < oh; i++) {
            int top = (plane * h + 2 * i) * w;
            int out = (plane * oh + i) * ow;
            if (top + w + last + V > x.length || out + last / 2 + V > end) {
                ScalarMaxPool2x2.windowsForward(x, y, top, w, out, ow);
                continue;
            }
            boolean nan = false;
            for (int s = 0; s < span; s += V) {
                FloatVector a = FloatVector.fromArray(S, x, top + s);
                FloatVector c = FloatVector.fromArray(S, x, top + w + s);
                FloatVector b = a.rearrange(PARTNER);
                FloatVector d = c.rearrange(PARTNER);
                FloatVector m = a.max(b).max(c.max(d));
                d.blend(c, c.eq(m)).blend(b, b.eq(m)).blend(a, a.eq(m)).rearrange(EVENS).intoArray(y, out + s / 2);
                nan |= m.compare(VectorOperators.NE, m).anyTrue();
            }
            if (nan) {
                ScalarMaxPool2x2.windowsForward(x, y, top, w, out, ow);
            }
        }
    }

    /**
     * Each lane's window output, duplicated across the window's two columns, is compared with the cells: a cell
     * gets the gradient when it equals the output and no cell before it in its window does, else 0, so every
     * cell of the planes is written. A row's last vector may run past the row: stores go in address order, top
     * row before bottom row, so each spilled cell is written again by its own store later; the unpooled last
     * column and row are zeroed at the end, and a row pair whose vectors would leave this call's planes (or
     * whose outputs a vector can't load) takes the scalar rule, as do pairs with a NaN output.
     */
    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int h, int w, int from, int to) {
        int end = to * h * w;
        for (int plane = from; plane < to; plane++) {
            backwardPlane(x, y, dy, dx, h, w, plane, end);
        }
        ScalarMaxPool2x2.zeroUnpooled(dx, h, w, from, to);
    }

    /** One plane's cells, none at or past {@code end}; called once a plane for the reason given at forwardPlane. */
    private static void backwardPlane(float[] x, float[] y, float[] dy, float[] dx, int h, int w, int plane,
                                      int end) {
        int oh = h / 2;
        int ow = w / 2;
        int span = 2 * ow;
        int last = (span - 1) / V * V;
        int loadable = Math.min(y.length, dy.length) - V;
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < oh; i++) {
            int top = (plane * h + 2 * i) * w;
            int bottom = top + w;
            int out = (plane * oh + i) * ow;
            if (bottom + last + V > end || out + last / 2 > loadable) {
                ScalarMaxPool2x2.windowsBackward(x, dy, dx, top, w, out, ow);
                continue;
            }
            for (int s = 0; s < span; s += V) {
                FloatVector m = FloatVector.fromArray(S, y, out + s / 2).rearrange(DUPLICATE);
                FloatVector t = FloatVector.fromArray(S, x, top + s);
                VectorMask<Float> win = t.eq(m).and(EVEN.or(t.rearrange(PARTNER).eq(m).not()));
                zero.blend(FloatVector.fromArray(S, dy, out + s / 2).rearrange(DUPLICATE), win)
                        .intoArray(dx, top + s);
            }
            boolean nan = false;
            for (int s = 0; s < span; s += V) {
                FloatVector m = FloatVector.fromArray(S, y, out + s / 2).rearrange(DUPLICATE);
                FloatVector t = FloatVector.fromArray(S, x, top + s);
                FloatVector b = FloatVector.fromArray(S, x, bottom + s);
                VectorMask<Float> above = t.eq(m).or(t.rearrange(PARTNER).eq(m));
                VectorMask<Float> win = b.eq(m).andNot(above).and(EVEN.or(b.rearrange(PARTNER).eq(m).not()));
                zero.blend(FloatVector.fromArray(S, dy, out + s / 2).rearrange(DUPLICATE), win)
                        .intoArray(dx, bottom + s);
                nan |= m.compare(VectorOperators.NE, m).anyTrue();
            }
            if (nan) {
                ScalarMaxPool2x2.windowsBackward(x, dy, dx, top, w, out, ow);
            }
        }
    }
}
