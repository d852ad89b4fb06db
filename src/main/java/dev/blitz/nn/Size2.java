package dev.blitz.nn;

/**
 * A 2-D size as PyTorch's layers take it ({@code _size_2_t}): one int for both axes, or a (height, width) pair.
 * It remembers which, because MaxPool2d prints its sizes as they were given.
 *
 * @param h the height's value
 * @param w the width's value
 * @param pair whether it was given as a pair
 */
record Size2(int h, int w, boolean pair) {

    static Size2 of(int both) {
        return new Size2(both, both, false);
    }

    static Size2 of(int h, int w) {
        return new Size2(h, w, true);
    }

    /** {@code (h, w)}, as Conv2d prints every size. */
    String tuple() {
        return "(" + h + ", " + w + ")";
    }

    /** As given: {@code h} for one int, {@code (h, w)} for a pair. */
    String given() {
        return pair ? tuple() : Integer.toString(h);
    }

    int[] array() {
        return new int[] {h, w};
    }

    boolean both(int value) {
        return h == value && w == value;
    }

    boolean atLeast(int min) {
        return h >= min && w >= min;
    }
}
