package dev.blitz.tensor;

import dev.blitz.tensor.TensorIndex.View;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.blitz.tensor.TensorIndex.END;
import static dev.blitz.tensor.TensorIndex.all;
import static dev.blitz.tensor.TensorIndex.at;
import static dev.blitz.tensor.TensorIndex.ellipsis;
import static dev.blitz.tensor.TensorIndex.newAxis;
import static dev.blitz.tensor.TensorIndex.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * TensorIndex against PyTorch's basic indexing. Each expected view is what {@code t[...]} gives for
 * {@code t = torch.arange(n).reshape(dims)}: its {@code size()}, {@code stride()} and {@code storage_offset()},
 * worked out from Python's slice rules and aten's {@code slice}/{@code select}/{@code unsqueeze}, and checked again
 * by the elements the view reads, which are what NumPy prints for {@code np.arange(n).reshape(dims)[...]}.
 */
class TensorIndexTest {

    private static int[] contiguous(int... dims) {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    private static View view(String index, int... dims) {
        return TensorIndex.parse(index).resolve(dims, contiguous(dims), 0);
    }

    private static void assertView(View v, int[] dims, int[] strides, int offset) {
        assertEquals(new View(dims, strides, offset), v);
    }

    /** The storage positions the view reads, row-major: for an arange these are the element values. */
    private static List<Integer> elements(View v) {
        List<Integer> out = new ArrayList<>();
        collect(v, 0, v.offset(), out);
        return out;
    }

    private static void collect(View v, int d, int at, List<Integer> out) {
        if (d == v.dims().length) {
            out.add(at);
            return;
        }
        for (int i = 0; i < v.dims()[d]; i++) {
            collect(v, d + 1, at + i * v.strides()[d], out);
        }
    }

    private static int[] dims(int... d) {
        return d;
    }

    @Test
    void slicesOfAVectorFollowPythonsRules() {
        // t = torch.arange(4)
        assertView(view("1:", 4), dims(3), dims(1), 1);
        assertEquals(List.of(1, 2, 3), elements(view("1:", 4)));
        assertView(view("::2", 4), dims(2), dims(2), 0);
        assertEquals(List.of(0, 2), elements(view("::2", 4)));
        assertView(view("::3", 4), dims(2), dims(3), 0);
        assertEquals(List.of(0, 3), elements(view("::3", 4)));
        assertView(view("-3::2", 4), dims(2), dims(2), 1);
        assertEquals(List.of(1, 3), elements(view("-3::2", 4)));
        assertView(view("1:-1", 4), dims(2), dims(1), 1);
        assertView(view(":", 4), dims(4), dims(1), 0);
        assertView(view("::", 4), dims(4), dims(1), 0);
        assertView(view(":3", 4), dims(3), dims(1), 0);
        // A step past the end keeps one element and PyTorch's stride: t[::10].stride() == (10,).
        assertView(view("::10", 4), dims(1), dims(10), 0);
    }

    @Test
    void sliceBoundsAreClampedAndCanGiveEmptyViews() {
        // t[10:] is empty; aten's slice clamps start to the size, so storage_offset() is 4.
        assertView(view("10:", 4), dims(0), dims(1), 4);
        // t[2:1]: stop is clamped up to start, size 0.
        assertView(view("2:1", 4), dims(0), dims(1), 2);
        // t[-10:2]: -10 + 4 = -6, clamped to 0.
        assertView(view("-10:2", 4), dims(2), dims(1), 0);
        assertEquals(List.of(0, 1), elements(view("-10:2", 4)));
        assertView(view(":100", 4), dims(4), dims(1), 0);
        // Bounds beyond int are clamped the same way.
        assertView(view("-99999999999:99999999999", 4), dims(4), dims(1), 0);
    }

    @Test
    void integersRemoveTheirDimension() {
        // t = torch.arange(4): t[-1] is tensor(3), a 0-dim view at offset 3.
        assertView(view("-1", 4), dims(), dims(), 3);
        assertView(view("0", 4), dims(), dims(), 0);
        // t = torch.arange(6).reshape(2, 3)
        assertView(view("1", 2, 3), dims(3), dims(1), 3);
        assertEquals(List.of(3, 4, 5), elements(view("1", 2, 3)));
        assertView(view("1, 2", 2, 3), dims(), dims(), 5);
        assertView(view("-1, 1:", 2, 3), dims(2), dims(1), 4);
        assertEquals(List.of(4, 5), elements(view("-1, 1:", 2, 3)));
        assertView(view(":, 1", 2, 3), dims(2), dims(3), 1);
        assertEquals(List.of(1, 4), elements(view(":, 1", 2, 3)));
        assertView(view("1:, ::2", 2, 3), dims(1, 2), dims(3, 2), 3);
        assertEquals(List.of(3, 5), elements(view("1:, ::2", 2, 3)));
    }

    @Test
    void ellipsisStandsForTheDimensionsTheOthersLeave() {
        // t[..., -1] on arange(6).reshape(2, 3) is tensor([2, 5]).
        assertView(view("..., -1", 2, 3), dims(2), dims(3), 2);
        assertEquals(List.of(2, 5), elements(view("..., -1", 2, 3)));
        assertView(view("...", 2, 3), dims(2, 3), dims(3, 1), 0);
        // t[0, ..., 1] on arange(24).reshape(2, 3, 4): the ellipsis is one ':', giving [1, 5, 9].
        assertView(view("0, ..., 1", 2, 3, 4), dims(3), dims(4), 1);
        assertEquals(List.of(1, 5, 9), elements(view("0, ..., 1", 2, 3, 4)));
        // With every dimension indexed it stands for none.
        assertView(view("1, ..., 2", 2, 3), dims(), dims(), 5);
        assertView(view("..., 1, 2", 2, 3), dims(), dims(), 5);
    }

    @Test
    void noneInsertsADimensionWithUnsqueezesStride() {
        // t[:, None, 1] on arange(6).reshape(2, 3): unsqueeze(1) gives size (2, 1, 3), stride (3, 3, 1), then
        // select(2, 1): size (2, 1), stride (3, 3), offset 1; tensor([[1], [4]]).
        assertView(view(":, None, 1", 2, 3), dims(2, 1), dims(3, 3), 1);
        assertEquals(List.of(1, 4), elements(view(":, None, 1", 2, 3)));
        // t[None].stride() == (6, 3, 1); at the end unsqueeze uses stride 1: t[:, :, None].stride() == (3, 1, 1).
        assertView(view("None", 2, 3), dims(1, 2, 3), dims(6, 3, 1), 0);
        assertView(view(":, :, None", 2, 3), dims(2, 3, 1), dims(3, 1, 1), 0);
        assertView(view("None, ..., None", 2, 3), dims(1, 2, 3, 1), dims(6, 3, 1, 1), 0);
        // None counts no dimension, so it fits beside all of them: unsqueeze(0) gives stride 6, the last one 1.
        assertView(view("None, 1, 2, None", 2, 3), dims(1, 1), dims(6, 1), 5);
    }

    @Test
    void resolvesAgainstAnyStridesAndOffset() {
        // t.T for t = arange(6).reshape(2, 3): size (3, 2), stride (1, 3); t.T[1] is tensor([1, 4]).
        View v = TensorIndex.parse("1").resolve(dims(3, 2), dims(1, 3), 0);
        assertView(v, dims(2), dims(3), 1);
        assertEquals(List.of(1, 4), elements(v));
        // arange(10)[2::2] is [2, 4, 6, 8] (offset 2, stride 2); its [1:] is [4, 6, 8].
        assertView(TensorIndex.parse("1:").resolve(dims(4), dims(2), 2), dims(3), dims(2), 4);
        // An expanded dimension (stride 0) keeps stride 0, and so does None put before it.
        assertView(TensorIndex.parse("2").resolve(dims(3, 4), dims(0, 1), 0), dims(4), dims(1), 0);
        assertView(TensorIndex.parse("None").resolve(dims(3, 4), dims(0, 1), 0), dims(1, 3, 4), dims(0, 0, 1), 0);
    }

    @Test
    void zeroDimensionalTensors() {
        assertView(view("..."), dims(), dims(), 0);
        // torch.tensor(5.)[None].stride() == (1,).
        assertView(view("None"), dims(1), dims(1), 0);
        assertView(TensorIndex.of().resolve(dims(2, 3), contiguous(2, 3), 0), dims(2, 3), dims(3, 1), 0);
    }

    @Test
    void outOfBoundsIntegersNameTheItemsPosition() {
        assertEquals("index 5 is out of bounds for dimension 0 with size 4",
                assertThrows(IndexOutOfBoundsException.class, () -> view("5", 4)).getMessage());
        assertEquals("index 4 is out of bounds for dimension 0 with size 4",
                assertThrows(IndexOutOfBoundsException.class, () -> view("4", 4)).getMessage());
        assertEquals("index -5 is out of bounds for dimension 0 with size 4",
                assertThrows(IndexOutOfBoundsException.class, () -> view("-5", 4)).getMessage());
        assertEquals("index 3 is out of bounds for dimension 1 with size 3",
                assertThrows(IndexOutOfBoundsException.class, () -> view("0, 3", 2, 3)).getMessage());
        // PyTorch reports the item's position in the index (applySlicing's real_dim), not the tensor's dimension:
        // torch.zeros(4)[None, 4] says dimension 1, torch.zeros(2, 3, 3)[..., 3] says dimension 1.
        assertEquals("index 4 is out of bounds for dimension 1 with size 4",
                assertThrows(IndexOutOfBoundsException.class, () -> view("None, 4", 4)).getMessage());
        assertEquals("index 3 is out of bounds for dimension 1 with size 3",
                assertThrows(IndexOutOfBoundsException.class, () -> view("..., 3", 2, 3, 3)).getMessage());
        assertEquals("index 0 is out of bounds for dimension 0 with size 0",
                assertThrows(IndexOutOfBoundsException.class, () -> view("0", 0)).getMessage());
    }

    @Test
    void tooManyIndices() {
        assertEquals("too many indices for tensor of dimension 2",
                assertThrows(IndexOutOfBoundsException.class, () -> view("0, 0, 0", 2, 3)).getMessage());
        assertEquals("too many indices for tensor of dimension 2",
                assertThrows(IndexOutOfBoundsException.class, () -> view(":, ..., 0, :", 2, 3)).getMessage());
        assertEquals("too many indices for tensor of dimension 0",
                assertThrows(IndexOutOfBoundsException.class, () -> view("0, None")).getMessage());
        // A single integer or slice on a 0-dim tensor takes PyTorch's one-item paths and their messages.
        assertEquals("invalid index of a 0-dim tensor. Use `tensor.item()` to convert a 0-dim tensor to a number",
                assertThrows(IndexOutOfBoundsException.class, () -> view("0")).getMessage());
        assertEquals("slice() cannot be applied to a 0-dim tensor.",
                assertThrows(IllegalArgumentException.class, () -> view(":")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorIndex.parse("0").resolve(dims(2), dims(1, 1), 0));
    }

    @Test
    void parsesEveryItemKindWithWhitespace() {
        TensorIndex idx = TensorIndex.parse(" : , 1 : 3 : 2 , None , ... , -1, +2 ");
        assertEquals(List.of(all(), slice(1, 3, 2), newAxis(), ellipsis(), at(-1), at(2)), idx.items());
        assertEquals(":, 1:3:2, None, ..., -1, 2", idx.toString());
        assertEquals(TensorIndex.of(slice(1, END), slice(0, 3), slice(0, END, 2), slice(1, 2)),
                TensorIndex.parse("1:, :3, ::2, 1:2:"));
        assertEquals("1:, :3, ::2, 1:2", TensorIndex.parse("1:, :3, ::2, 1:2:").toString());
        assertEquals(TensorIndex.of(all()), TensorIndex.parse("::"));
        // toString reads back as the same index.
        TensorIndex compact = TensorIndex.parse("-1:,...,None");
        assertEquals("-1:, ..., None", compact.toString());
        assertEquals(compact, TensorIndex.parse(compact.toString()));
    }

    @Test
    void typedItemsCheckLikeTheStringForm() {
        assertEquals("an index can only have a single ellipsis ('...')",
                assertThrows(IllegalArgumentException.class, () -> TensorIndex.of(ellipsis(), at(0), ellipsis()))
                        .getMessage());
        assertEquals("slice step cannot be zero",
                assertThrows(IllegalArgumentException.class, () -> slice(0, 3, 0)).getMessage());
        assertEquals("step must be greater than zero",
                assertThrows(IllegalArgumentException.class, () -> slice(0, 3, -1)).getMessage());
        assertView(TensorIndex.of(all(), newAxis(), at(1)).resolve(dims(2, 3), contiguous(2, 3), 0), dims(2, 1),
                dims(3, 3), 1);
    }

    private static String parseError(String index) {
        return assertThrows(IllegalArgumentException.class, () -> TensorIndex.parse(index)).getMessage();
    }

    @Test
    void malformedStringsSayWhere() {
        assertEquals("index ':, 1:x': expected an integer at position 5, found 'x'", parseError(":, 1:x"));
        assertEquals("index '1:-': expected an integer at position 2, found '-'", parseError("1:-"));
        assertEquals("index '1.5': expected an integer at position 0, found '1.5'", parseError("1.5"));
        assertEquals("index 'abc': expected an integer, a slice, '...' or None at position 0, found 'abc'",
                parseError("abc"));
        assertEquals("index 'none': expected an integer, a slice, '...' or None at position 0, found 'none'",
                parseError("none"));
        assertEquals("index '..., ...': an index can only have a single ellipsis ('...') at position 5, found '...'",
                parseError("..., ..."));
        assertEquals("index '1,,2': empty item at position 2, found ','", parseError("1,,2"));
        assertEquals("index '': empty item at position 0, found the end", parseError(""));
        assertEquals("index '1, ': empty item at position 3, found the end", parseError("1, "));
        assertEquals("index '1 2': expected ',' or the end at position 2, found '2'", parseError("1 2"));
        assertEquals("index '1:2:3:4': expected ',' or the end at position 5, found ':'", parseError("1:2:3:4"));
        assertEquals("index 'None:': expected ',' or the end at position 4, found ':'", parseError("None:"));
        assertEquals("index '::0': slice step cannot be zero at position 2, found '0'", parseError("::0"));
        assertEquals("index '::-1': step must be greater than zero at position 2, found '-1'", parseError("::-1"));
        assertEquals("index '99999999999999999999': integer out of range at position 0, found '99999999999999999999'",
                parseError("99999999999999999999"));
    }
}
