package dev.blitz.tensor;

import dev.blitz.core.Shape;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The view ops: tensors over their input's memory with another shape, strides or offset, as PyTorch's
 * {@code view}, {@code select}, {@code slice}, {@code transpose}, {@code permute}, {@code expand},
 * {@code squeeze}... Writes through a view show in its input. The gradient of a view goes back by doing the
 * same view on zeros of the input's shape and writing the gradient into it; {@code expand} sums instead, since
 * its view reads elements more than once.
 */
public final class ViewOp extends Function {
    private final Shape inputShape;
    private final String name;
    /** The same view, on another tensor of the input's shape. */
    private final UnaryOperator<Tensor> reapply;

    private ViewOp(Tensor input, String name, UnaryOperator<Tensor> reapply) {
        super(input);
        this.inputShape = input.shape();
        this.name = name;
        this.reapply = reapply;
    }

    private static Tensor make(Tensor input, int[] dims, int[] strides, int offset, String name,
                               UnaryOperator<Tensor> reapply) {
        Tensor view = input.viewAs(Shape.of(dims), strides, offset);
        view.trackView(reapply);
        return new ViewOp(input, name, reapply).record(view);
    }

    /**
     * The grad_fn PyTorch gives a view after an in-place write through its base or another view of it changed
     * the base's history ({@code AsStridedBackward0}): the view, replayed by {@code viewFn}, of {@code root}'s
     * new history. Recorded whatever the grad mode, as the view's history is needed later.
     *
     * @param root the view's root base, which requires grad
     * @param viewFn the view's geometry from {@code root}, on any tensor of the root's shape
     * @return the node
     */
    static Function asStrided(Tensor root, UnaryOperator<Tensor> viewFn) {
        try (var g = GradMode.enableGrad()) {
            return new ViewOp(root, "AsStridedBackward0", viewFn);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        if (name.startsWith("ViewBackward") || name.startsWith("SqueezeBackward") || name.startsWith("Unsqueeze")) {
            // Only the sizes changed: the gradient is viewed back (no copy for LeNet's flatten).
            return new Tensor[] {g.reshape(inputShape.dims())};
        }
        if (name.startsWith("ExpandBackward")) {
            // Expand reads elements more than once: their gradients add up.
            return new Tensor[] {SumOp.sumTo(g, inputShape)};
        }
        Tensor z = Tensor.zeros(inputShape, g.dtype(), g.device());
        try (Tensor slot = reapply.apply(z)) {
            writeSumming(slot, g);
        }
        return new Tensor[] {z};
    }

    /**
     * Writes {@code g} into {@code slot}, adding up the gradients of elements that share memory: a replayed chain
     * with an expand in it (an {@code AsStridedBackward0}) can give the slot stride-0 dimensions.
     */
    private static void writeSumming(Tensor slot, Tensor g) {
        int[] repeated = new int[slot.dim()];
        int n = 0;
        for (int d = 0; d < slot.dim(); d++) {
            if (slot.stride(d) == 0 && slot.size(d) > 1) {
                repeated[n++] = d;
            }
        }
        if (n == 0) {
            slot.writeFrom(g);
            return;
        }
        int[] dims = Arrays.copyOf(repeated, n);
        try (Tensor summed = g.sum(dims, true); Tensor once = distinct(slot, dims)) {
            once.writeFrom(summed);
        }
    }

    /** {@code slot} with each of {@code dims} narrowed to its first position. */
    private static Tensor distinct(Tensor slot, int[] dims) {
        Tensor t = slot;
        for (int d : dims) {
            Tensor next = t.narrow(d, 0, 1);
            if (t != slot) {
                t.close();
            }
            t = next;
        }
        return t;
    }

    /**
     * {@code t} seen with other sizes, as {@code Tensor.view}: possible when the sizes split and merge only
     * dimensions that are laid out one after the other in memory (PyTorch's rule), always for a contiguous tensor.
     *
     * @param t the tensor
     * @param sizes the new sizes; one may be -1
     * @return the view
     * @throws IllegalArgumentException if the sizes do not fit or the layout does not allow a view
     */
    public static Tensor view(Tensor t, int... sizes) {
        Shape target = t.shape().view(sizes);
        int[] strides = viewStrides(t.size(), t.stride(), target.dims());
        if (strides == null) {
            throw new IllegalArgumentException("view(" + Arrays.toString(sizes).replaceAll("[\\[\\]]", "")
                    + "): view size is not compatible with input tensor's size and stride (shape " + t.shape()
                    + ", strides " + Arrays.toString(t.stride()) + "): at least one dimension spans across two"
                    + " contiguous subspaces. Use .reshape(...) instead.");
        }
        int[] dims = target.dims();
        return make(t, dims, strides, t.storageOffset(), "ViewBackward0", z -> z.view(dims));
    }

    /**
     * {@code t} with other sizes, as {@code Tensor.reshape}: a view where {@link #view} can make one, else a copy.
     *
     * @param t the tensor
     * @param sizes the new sizes; one may be -1
     * @return a view or a new tensor
     */
    public static Tensor reshape(Tensor t, int... sizes) {
        Shape target = t.shape().view(sizes);
        if (viewStrides(t.size(), t.stride(), target.dims()) != null) {
            return view(t, sizes);
        }
        return t.contiguous().view(sizes);
    }

    /**
     * The strides that let {@code newDims} view memory laid out as {@code dims}/{@code strides}, or null
     * where no view can (PyTorch's computeStride): each run of new sizes must cover whole runs of old dimensions
     * that are contiguous with each other.
     */
    static int[] viewStrides(int[] dims, int[] strides, int[] newDims) {
        int numel = 1;
        for (int d : dims) {
            numel *= d;
        }
        int[] out = new int[newDims.length];
        if (numel == 0 || dims.length == 0) {
            return Shape.contiguousStrides(newDims);
        }
        int viewD = newDims.length - 1;
        int chunkBase = strides.length > 0 ? strides[strides.length - 1] : 1;
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            tensorNumel *= dims[d];
            if (d == 0 || (dims[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newDims[viewD] == 1)) {
                    out[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newDims[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? out : null;
    }

    /**
     * The slice at {@code index} along {@code dim}, which is removed, as {@code Tensor.select} and {@code t[i]}.
     *
     * @param t the tensor
     * @param dim the dimension; negative counts from the end
     * @param index the position; negative counts from the end
     * @return the view
     * @throws IllegalArgumentException if the tensor is 0-d or the index is out of range
     */
    public static Tensor select(Tensor t, int dim, int index) {
        if (t.dim() == 0) {
            throw new IllegalArgumentException("select(): cannot be applied to a 0-dim tensor");
        }
        int d = t.shape().normalize(dim);
        int size = t.size(d);
        if (index < -size || index >= size) {
            throw new IllegalArgumentException("select(): index " + index + " out of range for tensor of size "
                    + t.shape() + " at dimension " + d);
        }
        int i = index < 0 ? index + size : index;
        int[] dims = remove(t.size(), d);
        int[] strides = remove(t.stride(), d);
        return make(t, dims, strides, t.storageOffset() + i * t.stride(d), "SelectBackward0", z -> z.select(d, i));
    }

    /**
     * Positions {@code start, start + step, ...} below {@code end} along {@code dim}, as {@code t[start:end:step]}:
     * start and end clamp to the size like Python's slices, negative values count from the end.
     *
     * @param t the tensor
     * @param dim the dimension; negative counts from the end
     * @param start the first position
     * @param end the bound, exclusive
     * @param step the stride, {@code >= 1}
     * @return the view
     * @throws IllegalArgumentException if {@code step < 1} or the dim is out of range
     */
    public static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = t.shape().normalize(dim);
        if (step < 1) {
            throw new IllegalArgumentException("slice(): step must be greater than zero, got " + step);
        }
        int size = t.size(d);
        int from = clamp(start, size);
        int to = Math.max(from, clamp(end, size));
        int[] dims = t.size();
        int[] strides = t.stride();
        dims[d] = (to - from + step - 1) / step;
        strides[d] *= step;
        int offset = t.storageOffset() + (dims[d] == 0 ? 0 : from * t.stride(d));
        return make(t, dims, strides, offset, "SliceBackward0", z -> z.slice(d, from, to, step));
    }

    private static int clamp(int i, int size) {
        int j = i < 0 ? i + size : i;
        return Math.max(0, Math.min(size, j));
    }

    /**
     * {@code length} positions from {@code start} along {@code dim}, as {@code Tensor.narrow}.
     *
     * @param t the tensor
     * @param dim the dimension; negative counts from the end
     * @param start the first position; negative counts from the end
     * @param length how many, with {@code start + length <= size}
     * @return the view
     * @throws IllegalArgumentException if the range does not fit the dimension
     */
    public static Tensor narrow(Tensor t, int dim, int start, int length) {
        int d = t.shape().normalize(dim);
        int size = t.size(d);
        int s = start < 0 && start >= -size ? start + size : start;
        if (s < 0 || s > size || length < 0 || s + length > size) {
            throw new IllegalArgumentException("narrow(): start " + start + " and length " + length + " are out of"
                    + " range for dimension " + d + " of size " + size + " (shape " + t.shape() + ")");
        }
        return slice(t, d, s, s + length, 1);
    }

    /**
     * Dimensions reordered, as {@code Tensor.permute}: dimension {@code i} of the view is {@code order[i]} of
     * {@code t}.
     *
     * @param t the tensor
     * @param order a permutation of the dimensions; negative values count from the end
     * @return the view
     * @throws IllegalArgumentException if {@code order} is not a permutation of {@code t}'s dimensions
     */
    public static Tensor permute(Tensor t, int... order) {
        if (order.length != t.dim()) {
            throw new IllegalArgumentException("permute" + Arrays.toString(order) + ": number of dims don't match"
                    + " in permute: the tensor of shape " + t.shape() + " has " + t.dim() + ", got " + order.length);
        }
        boolean[] seen = new boolean[order.length];
        int[] dims = new int[order.length];
        int[] strides = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = t.shape().normalize(order[i]);
            if (seen[d]) {
                throw new IllegalArgumentException("permute" + Arrays.toString(order) + ": repeated dim " + d);
            }
            seen[d] = true;
            dims[i] = t.size(d);
            strides[i] = t.stride(d);
        }
        int[] fixed = order.clone();
        return make(t, dims, strides, t.storageOffset(), "PermuteBackward0", z -> z.permute(fixed));
    }

    /**
     * Two dimensions swapped, as {@code Tensor.transpose}.
     *
     * @param t the tensor
     * @param dim0 one dimension; negative counts from the end
     * @param dim1 the other
     * @return the view
     */
    public static Tensor transpose(Tensor t, int dim0, int dim1) {
        if (t.dim() == 0) {
            return make(t, new int[0], new int[0], t.storageOffset(), "TransposeBackward0", z -> z.transpose(0, 0));
        }
        int a = t.shape().normalize(dim0);
        int b = t.shape().normalize(dim1);
        int[] dims = t.size();
        int[] strides = t.stride();
        swap(dims, a, b);
        swap(strides, a, b);
        return make(t, dims, strides, t.storageOffset(), "TransposeBackward0", z -> z.transpose(a, b));
    }

    /**
     * {@code t} broadcast to {@code sizes} without copying (stride 0 on the new or size-1 dimensions), as
     * {@code Tensor.expand}; -1 keeps a size.
     *
     * @param t the tensor
     * @param sizes the target sizes, at least {@code t.dim()} of them
     * @return the view
     * @throws IllegalArgumentException if a non-1 size would change
     */
    public static Tensor expand(Tensor t, int... sizes) {
        int rank = sizes.length;
        if (rank < t.dim()) {
            throw new IllegalArgumentException("expand" + Arrays.toString(sizes) + ": the number of sizes provided ("
                    + rank + ") must be greater or equal to the number of dimensions in the tensor (" + t.dim() + ")");
        }
        int[] dims = new int[rank];
        int[] strides = new int[rank];
        for (int i = rank - 1; i >= 0; i--) {
            int j = i - (rank - t.dim());
            int have = j >= 0 ? t.size(j) : 1;
            int want = sizes[i] == -1 && j >= 0 ? have : sizes[i];
            if (want < 0 || (have != want && have != 1)) {
                throw new IllegalArgumentException("expand" + Arrays.toString(sizes) + ": the expanded size of the"
                        + " tensor (" + want + ") must match the existing size (" + have + ") at non-singleton"
                        + " dimension " + i + ". Target sizes: " + Arrays.toString(sizes) + ". Tensor sizes: "
                        + t.shape());
            }
            dims[i] = want;
            strides[i] = j >= 0 && have == want ? t.stride(j) : 0;
        }
        return make(t, dims, strides, t.storageOffset(), "ExpandBackward0", z -> expand(z, dims.clone()));
    }

    /**
     * Without the size-1 dimensions among {@code dims} (all of them when none are given), as
     * {@code Tensor.squeeze}.
     *
     * @param t the tensor
     * @param dims the dimensions to drop where their size is 1; none for every size-1 dimension
     * @return the view
     */
    public static Tensor squeeze(Tensor t, int... dims) {
        boolean[] drop = new boolean[t.dim()];
        for (int i = 0; i < t.dim(); i++) {
            drop[i] = dims.length == 0 && t.size(i) == 1;
        }
        for (int d : dims) {
            if (t.dim() > 0) {
                int n = t.shape().normalize(d);
                drop[n] = t.size(n) == 1;
            }
        }
        int kept = 0;
        for (boolean b : drop) {
            kept += b ? 0 : 1;
        }
        int[] newDims = new int[kept];
        int[] strides = new int[kept];
        for (int i = 0, k = 0; i < drop.length; i++) {
            if (!drop[i]) {
                newDims[k] = t.size(i);
                strides[k++] = t.stride(i);
            }
        }
        String name = dims.length == 0 ? "SqueezeBackward0" : dims.length == 1 ? "SqueezeBackward1"
                : "SqueezeBackward2";
        return make(t, newDims, strides, t.storageOffset(), name, z -> z.view(newDims));
    }

    /**
     * With a size-1 dimension inserted at {@code dim}, as {@code Tensor.unsqueeze}.
     *
     * @param t the tensor
     * @param dim where the new dimension goes, in {@code [-dim()-1, dim()]}
     * @return the view
     */
    public static Tensor unsqueeze(Tensor t, int dim) {
        int rank = t.dim() + 1;
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException("unsqueeze(): dimension " + dim + " is out of range for a tensor of"
                    + " shape " + t.shape() + " (expected a value in [" + (-rank) + ", " + (rank - 1) + "])");
        }
        int[] dims = new int[rank];
        int[] strides = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i == d) {
                dims[i] = 1;
                strides[i] = j < t.dim() ? t.size(j) * t.stride(j) : 1;
            } else {
                dims[i] = t.size(j);
                strides[i] = t.stride(j++);
            }
        }
        return make(t, dims, strides, t.storageOffset(), "UnsqueezeBackward0", z -> z.unsqueeze(d));
    }

    /**
     * The view PyTorch's basic indexing selects, as {@code t[index]}: integers remove a dimension, slices keep it,
     * {@code ...} stands for the dimensions not named, {@code None} adds one of size 1.
     *
     * @param t the tensor
     * @param index the index
     * @return the view
     * @throws IndexOutOfBoundsException if an integer is out of range, naming the dimension and its size
     * @throws IllegalArgumentException if the index has more entries than the tensor has dimensions
     */
    public static Tensor index(Tensor t, TensorIndex index) {
        TensorIndex.View v = index.resolve(t.size(), t.stride(), t.storageOffset());
        boolean select = index.items().stream().anyMatch(it -> it instanceof TensorIndex.At);
        boolean slice = index.items().stream().anyMatch(it -> it instanceof TensorIndex.Slice);
        boolean newAxis = index.items().stream().anyMatch(it -> it instanceof TensorIndex.NewAxis);
        String name = select ? "SelectBackward0" : slice ? "SliceBackward0" : newAxis ? "UnsqueezeBackward0"
                : "AliasBackward0";
        return make(t, v.dims(), v.strides(), v.offset(), name, z -> index(z, index));
    }

    private static int[] remove(int[] a, int i) {
        int[] out = new int[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
