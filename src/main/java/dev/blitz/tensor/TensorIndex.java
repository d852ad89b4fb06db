package dev.blitz.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * A basic index as in PyTorch's {@code t[...]}: integers, slices {@code start:stop:step}, at most one ellipsis
 * {@code ...} and {@code None} (a new axis of size 1). Written as a string ({@link #parse}, e.g.
 * {@code ":, 1:3, None, -1"}) or built from items ({@link #of}, e.g. {@code of(all(), slice(1, 3), newAxis(),
 * at(-1))}). {@link #resolve} computes the view an index selects from a shape and strides, as PyTorch's
 * {@code applySlicing} does; it is immutable and knows nothing of tensors.
 */
public final class TensorIndex {
    /** A slice's stop when none is given ({@code 1:}), PyTorch's {@code INDEX_MAX}: past the end of any dimension. */
    public static final long END = Long.MAX_VALUE;

    /** One item of an index. */
    public sealed interface Item permits At, Slice, Ellipsis, NewAxis {
    }

    /**
     * An integer: selects one position and removes the dimension.
     *
     * @param index the position; negative counts from the end ({@code -1} is the last)
     */
    public record At(long index) implements Item {
        @Override
        public String toString() {
            return Long.toString(index);
        }
    }

    /**
     * A slice {@code start:stop:step}. Negative start and stop count from the end and both are clamped to the
     * dimension, as in Python; an omitted start is 0 and an omitted stop {@link #END}, which select the same as
     * Python's {@code None} since the step is positive.
     *
     * @param start the first position
     * @param stop the position after the last
     * @param step the distance between positions, {@code > 0}
     */
    public record Slice(long start, long stop, long step) implements Item {
        /**
         * Checks the step, which PyTorch also requires to be positive.
         *
         * @param start the first position
         * @param stop the position after the last
         * @param step the distance between positions
         * @throws IllegalArgumentException if {@code step <= 0}
         */
        public Slice {
            if (step == 0) {
                throw new IllegalArgumentException("slice step cannot be zero");
            }
            if (step < 0) {
                throw new IllegalArgumentException("step must be greater than zero");
            }
        }

        /** Python's spelling with the default parts left out: {@code :}, {@code 1:}, {@code :3}, {@code ::2}. */
        @Override
        public String toString() {
            return (start == 0 ? "" : Long.toString(start)) + ":" + (stop == END ? "" : Long.toString(stop))
                    + (step == 1 ? "" : ":" + step);
        }
    }

    /** {@code ...}: as many {@code :} as the dimensions the other items leave. */
    public record Ellipsis() implements Item {
        @Override
        public String toString() {
            return "...";
        }
    }

    /** {@code None}: inserts a dimension of size 1, as {@code unsqueeze}. */
    public record NewAxis() implements Item {
        @Override
        public String toString() {
            return "None";
        }
    }

    /**
     * The view an index selects: element {@code (i0, i1, ...)} is at {@code offset + i0 * strides[0] + ...}.
     * An empty slice may leave {@code offset} one past the last element, as in PyTorch.
     *
     * @param dims the sizes per dimension
     * @param strides the element strides per dimension
     * @param offset the element index of the first element
     */
    public record View(int[] dims, int[] strides, int offset) {
        /** Equal when the sizes, strides and offset are. */
        @Override
        public boolean equals(Object o) {
            return o instanceof View v && Arrays.equals(dims, v.dims) && Arrays.equals(strides, v.strides)
                    && offset == v.offset;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(dims) + Arrays.hashCode(strides)) + offset;
        }

        @Override
        public String toString() {
            return "View[dims=" + Arrays.toString(dims) + ", strides=" + Arrays.toString(strides) + ", offset="
                    + offset + "]";
        }
    }

    private static final Ellipsis ELLIPSIS = new Ellipsis();
    private static final NewAxis NEW_AXIS = new NewAxis();
    private static final Slice ALL = new Slice(0, END, 1);

    private final List<Item> items;

    private TensorIndex(List<Item> items) {
        this.items = items;
    }

    /**
     * The index made of these items, as {@code t[items...]}.
     *
     * @param items integers, slices, at most one ellipsis, new axes
     * @return the index
     * @throws IllegalArgumentException if there is more than one ellipsis
     * @throws NullPointerException if an item is null
     */
    public static TensorIndex of(Item... items) {
        List<Item> list = List.of(items);
        if (list.stream().filter(i -> i instanceof Ellipsis).count() > 1) {
            throw new IllegalArgumentException("an index can only have a single ellipsis ('...')");
        }
        return new TensorIndex(list);
    }

    /**
     * {@code i}: one position, removing the dimension.
     *
     * @param index the position; negative counts from the end
     * @return the item
     */
    public static At at(long index) {
        return new At(index);
    }

    /**
     * {@code start:stop}.
     *
     * @param start the first position; negative counts from the end
     * @param stop the position after the last, or {@link #END}; negative counts from the end
     * @return the item
     */
    public static Slice slice(long start, long stop) {
        return new Slice(start, stop, 1);
    }

    /**
     * {@code start:stop:step}.
     *
     * @param start the first position; negative counts from the end
     * @param stop the position after the last, or {@link #END}; negative counts from the end
     * @param step the distance between positions
     * @return the item
     * @throws IllegalArgumentException if {@code step <= 0}
     */
    public static Slice slice(long start, long stop, long step) {
        return new Slice(start, stop, step);
    }

    /** {@return {@code :}, the whole dimension} */
    public static Slice all() {
        return ALL;
    }

    /** {@return {@code ...}} */
    public static Ellipsis ellipsis() {
        return ELLIPSIS;
    }

    /** {@return {@code None}, a new dimension of size 1} */
    public static NewAxis newAxis() {
        return NEW_AXIS;
    }

    /**
     * Reads an index written as between the brackets of Python's {@code t[...]}: items separated by commas,
     * each an integer, a slice ({@code start:stop:step}, every part optional), {@code ...} or {@code None};
     * whitespace is allowed around items and colons.
     *
     * @param index e.g. {@code ":, 1"}, {@code "..., -1"}, {@code "::2, None"}
     * @return the index
     * @throws IllegalArgumentException naming the index and the position (from 0) of the first mistake: an empty
     *     item, something other than an integer where one is expected, a second ellipsis, a step {@code <= 0}
     */
    public static TensorIndex parse(String index) {
        return new Parser(index).parse();
    }

    /** {@return the items, in order} */
    public List<Item> items() {
        return items;
    }

    /**
     * The view this index selects from a tensor with these sizes, strides and offset, as PyTorch's basic
     * indexing: an integer removes its dimension, a slice keeps it with the clamped length and its stride times
     * the step, {@code ...} stands for as many {@code :} as needed, {@code None} inserts a dimension of size 1
     * (with the stride {@code unsqueeze} gives it), and dimensions left over at the end are kept whole.
     *
     * @param dims the tensor's sizes per dimension
     * @param strides its element strides, one per dimension
     * @param offset the element index of its first element
     * @return the selected view
     * @throws IndexOutOfBoundsException with PyTorch's message if there are more integers and slices than
     *     dimensions ({@code too many indices for tensor of dimension 2}), an integer is out of range
     *     ({@code index 5 is out of bounds for dimension 0 with size 4}; the dimension is the item's position
     *     in the index, as PyTorch reports it), or a 0-dimensional tensor is indexed by an integer
     * @throws IllegalArgumentException if {@code dims} and {@code strides} differ in length, or a
     *     0-dimensional tensor is sliced
     */
    public View resolve(int[] dims, int[] strides, int offset) {
        if (dims.length != strides.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " and strides "
                    + Arrays.toString(strides) + " differ in length");
        }
        if (dims.length == 0 && items.size() == 1) {
            // PyTorch's one-item fast paths have their own messages for a 0-dimensional tensor.
            if (items.get(0) instanceof At) {
                throw new IndexOutOfBoundsException("invalid index of a 0-dim tensor. Use `tensor.item()` to "
                        + "convert a 0-dim tensor to a number");
            }
            if (items.get(0) instanceof Slice) {
                throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
            }
        }
        int specified = (int) items.stream().filter(i -> i instanceof At || i instanceof Slice).count();
        if (specified > dims.length) {
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + dims.length);
        }
        List<Integer> outDims = new ArrayList<>();
        List<Integer> outStrides = new ArrayList<>();
        long off = offset;
        int d = 0;
        for (int position = 0; position < items.size(); position++) {
            Item item = items.get(position);
            if (item instanceof At at) {
                long size = dims[d];
                if (at.index() >= size || at.index() < -size) {
                    throw new IndexOutOfBoundsException("index " + at.index() + " is out of bounds for dimension "
                            + position + " with size " + size);
                }
                off += (at.index() < 0 ? at.index() + size : at.index()) * strides[d];
                d++;
            } else if (item instanceof Slice s) {
                long size = dims[d];
                long start = clamp(s.start() < 0 ? s.start() + size : s.start(), 0, size);
                long stop = clamp(s.stop() < 0 ? s.stop() + size : s.stop(), start, size);
                // ceil((stop - start) / step), written so that a huge step cannot overflow.
                outDims.add((int) (stop == start ? 0 : (stop - start - 1) / s.step() + 1));
                outStrides.add(stride((long) strides[d] * Math.min(s.step(), Integer.MAX_VALUE), strides[d]));
                off += start * strides[d];
                d++;
            } else if (item instanceof Ellipsis) {
                for (int k = 0; k < dims.length - specified; k++, d++) {
                    outDims.add(dims[d]);
                    outStrides.add(strides[d]);
                }
            } else {
                // unsqueeze's stride: that of the dimension the new one is put before, times its size; 1 at the end.
                outDims.add(1);
                outStrides.add(d < dims.length ? stride((long) dims[d] * strides[d], 1) : 1);
            }
        }
        for (; d < dims.length; d++) {
            outDims.add(dims[d]);
            outStrides.add(strides[d]);
        }
        return new View(toArray(outDims), toArray(outStrides), (int) off);
    }

    /**
     * PyTorch's stride where it fits an int. It can only fail to for a dimension of at most one element (a new
     * axis, or a slice whose step passes the end), whose stride is never used, so {@code fallback} serves as well.
     */
    private static int stride(long pytorch, int fallback) {
        return pytorch == (int) pytorch ? (int) pytorch : fallback;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorIndex t && items.equals(t.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    /** The index as {@link #parse} reads it, e.g. {@code :, None, 1}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ");
        items.forEach(i -> j.add(i.toString()));
        return j.toString();
    }

    /** A hand-written reader for the grammar {@code item (',' item)*}; positions in errors count from 0. */
    private static final class Parser {
        private final String text;
        private int pos;
        private boolean ellipsis;

        Parser(String text) {
            this.text = text;
        }

        TensorIndex parse() {
            List<Item> items = new ArrayList<>();
            while (true) {
                items.add(item());
                skipSpace();
                if (pos == text.length()) {
                    return new TensorIndex(List.copyOf(items));
                }
                if (text.charAt(pos) != ',') {
                    throw error("expected ',' or the end", pos);
                }
                pos++;
            }
        }

        private Item item() {
            skipSpace();
            if (pos == text.length() || text.charAt(pos) == ',') {
                throw error("empty item", pos);
            }
            if (text.startsWith("...", pos)) {
                if (ellipsis) {
                    throw error("an index can only have a single ellipsis ('...')", pos);
                }
                ellipsis = true;
                pos += 3;
                return ELLIPSIS;
            }
            if (text.startsWith("None", pos) && !continuesToken(pos + 4)) {
                pos += 4;
                return NEW_AXIS;
            }
            if (text.charAt(pos) != ':' && !startsInteger()) {
                throw error("expected an integer, a slice, '...' or None", pos);
            }
            Long first = optionalInteger();
            skipSpace();
            if (!at(':')) {
                return new At(first);
            }
            pos++;
            Long stop = optionalInteger();
            Long step = null;
            int stepPos = -1;
            skipSpace();
            if (at(':')) {
                pos++;
                skipSpace();
                stepPos = pos;
                step = optionalInteger();
            }
            if (step != null && step <= 0) {
                throw error(step == 0 ? "slice step cannot be zero" : "step must be greater than zero", stepPos);
            }
            return new Slice(first == null ? 0 : first, stop == null ? END : stop, step == null ? 1 : step);
        }

        /** An integer, or null where a slice part is left out (the next thing is ':', ',' or the end). */
        private Long optionalInteger() {
            skipSpace();
            if (pos == text.length() || at(':') || at(',')) {
                return null;
            }
            if (!startsInteger()) {
                throw error("expected an integer", pos);
            }
            int start = pos;
            if (at('+') || at('-')) {
                pos++;
            }
            while (pos < text.length() && isAsciiDigit(text.charAt(pos))) {
                pos++;
            }
            if (continuesToken(pos)) {
                throw error("expected an integer", start);
            }
            try {
                return Long.parseLong(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("integer out of range", start);
            }
        }

        private boolean startsInteger() {
            int p = at('+') || at('-') ? pos + 1 : pos;
            return p < text.length() && isAsciiDigit(text.charAt(p));
        }

        private boolean at(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        /** Whether the character at {@code p} would run on from an integer or {@code None}, as in 1.5 or Nonex. */
        private boolean continuesToken(int p) {
            return p < text.length() && (Character.isLetterOrDigit(text.charAt(p)) || text.charAt(p) == '_'
                    || text.charAt(p) == '.');
        }

        private static boolean isAsciiDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        /** "index ':, 1:x': expected an integer at position 5, found 'x'": the mistake and the text found there. */
        private IllegalArgumentException error(String what, int at) {
            int end = at;
            while (end < text.length() && ",: \t\n".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            String found = at == text.length() ? "the end" : "'" + text.substring(at, Math.max(end, at + 1)) + "'";
            return new IllegalArgumentException("index '" + text + "': " + what + " at position " + at + ", found "
                    + found);
        }
    }
}
