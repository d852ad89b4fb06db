package dev.blitz.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One recorded op in the autograd graph: its inputs (where gradients flow) and whatever its backward needs,
 * which subclasses keep through {@link #save(Tensor)}: views that are closed once backward has run.
 */
public abstract class Function {
    private final Tensor[] inputs;
    /** Where each input's gradient goes, fixed when the op runs: an in-place op may later give an input a new grad_fn. */
    private final Edge[] edges;
    /** False under no-grad or when no input requires grad: then the op records nothing and saves nothing. */
    private final boolean recording;
    private final List<Saved> saved = new ArrayList<>();
    private boolean released;
    /** Where the forward op was called, kept only under {@link AnomalyMode} to say where a bad gradient began. */
    private final Throwable createdAt;

    /** A tensor kept for backward, and the version of its memory when it was kept. */
    private record Saved(Tensor view, int version) {
    }

    /** One input's way back: its grad_fn when the op ran, or else the leaf that accumulates the gradient. */
    record Edge(Function fn, Tensor leaf) {
    }

    /**
     * Records the inputs gradients flow to, in the order {@link #backward} returns them.
     *
     * @param inputs the op's tensor inputs; an entry may be null (an absent optional bias)
     */
    protected Function(Tensor... inputs) {
        this.inputs = inputs;
        this.recording = GradMode.isEnabled()
                && Arrays.stream(inputs).anyMatch(in -> in != null && in.requiresGrad());
        this.edges = new Edge[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (recording && in != null && in.requiresGrad()) {
                edges[i] = new Edge(in.gradFn(), in.gradFn() == null ? in : null);
            }
        }
        this.createdAt = AnomalyMode.isEnabled() ? new Throwable("the forward call of this op") : null;
    }

    /**
     * PyTorch's name for this node, as shown in {@code grad_fn=<...>}, e.g. {@code AddmmBackward0}.
     *
     * @return the node's name
     */
    public abstract String name();

    /**
     * Gradients with respect to each input, in order; an entry may be null where that input needs none
     * ({@link #needsGrad(int)} is false). Runs with gradient recording off.
     *
     * @param gradOutput the gradient with respect to this op's output, of the output's shape
     * @return one gradient (or null) per input, each of its input's shape
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * Keeps {@code t} for backward, as a view that shares its memory until backward has run (or the graph is
     * dropped); when this op records nothing it keeps nothing, so an op under no-grad holds no memory.
     *
     * @param t a tensor backward will read
     * @return the kept view, or null when this op records no history
     */
    protected final Tensor save(Tensor t) {
        if (!recording) {
            return null;
        }
        Tensor kept = t.detach();
        saved.add(new Saved(kept, kept.version()));
        return kept;
    }

    /**
     * Whether backward must compute the gradient of one input.
     *
     * @param input the input's position, as passed to the constructor
     * @return true if that input is present and requires grad
     */
    protected final boolean needsGrad(int input) {
        return edges[input] != null;
    }

    /** {@return each input's way back, null where it needs no gradient} */
    final Edge[] edges() {
        return edges;
    }

    final Tensor[] runBackward(Tensor gradOutput) {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (through " + name()
                    + "), but its saved tensors were freed after the first backward. Pass retainGraph = true to "
                    + "the first backward(...) call if you need to backward twice.");
        }
        for (Saved s : saved) {
            if (s.view.version() != s.version) {
                throw new IllegalStateException("one of the variables needed for gradient computation has been "
                        + "modified by an inplace operation: [torch.FloatTensor " + s.view.shape() + "], saved by "
                        + name() + " for its backward, is at version " + s.view.version() + "; expected version "
                        + s.version + " instead. Hint: it was changed in place (fillInPlace, copyFrom, an "
                        + "optimizer's step, ...) between the forward and backward; do that after backward, or "
                        + "on a copy");
            }
        }
        if (!AnomalyMode.isEnabled()) {
            return backward(gradOutput);
        }
        Tensor[] grads = AnomalyMode.duringBackward(() -> backward(gradOutput));
        for (int i = 0; i < grads.length; i++) {
            AnomalyMode.check(grads[i], () -> name() + " returned", "its gradient for input " + i, createdAt);
        }
        return grads;
    }

    final void release() {
        released = true;
        saved.forEach(s -> s.view.close());
        saved.clear();
    }

    /**
     * Makes {@code output} the result of this op: when recording is on and an input requires a gradient, the
     * output gets this function as its {@code gradFn} (and so requires grad).
     *
     * @param output the tensor the op computed
     * @return {@code output}
     */
    public final Tensor record(Tensor output) {
        if (AnomalyMode.checksForward()) {
            AnomalyMode.check(output, () -> "the forward of " + name() + " (inputs: " + describeInputs()
                    + ") produced", "its output", null);
        }
        if (recording) {
            output.attach(this);
        }
        return output;
    }

    private String describeInputs() {
        StringBuilder sb = new StringBuilder();
        for (Tensor in : inputs) {
            if (in != null) {
                sb.append(sb.isEmpty() ? "" : ", ").append(in.shape())
                        .append(in.gradFn() != null ? " from " + in.gradFn().name()
                                : in.requiresGrad() ? " a leaf that requires grad" : " a leaf");
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "<" + name() + ">";
    }
}
