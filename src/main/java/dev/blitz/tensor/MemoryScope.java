package dev.blitz.tensor;

import dev.blitz.core.MemoryStats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Frees the temporaries of a block (say one training step) when it ends: every tensor created on this thread
 * while the scope is open is closed by {@link #close()}, except those passed to {@link #keep}. Tensors made
 * before the scope opened (parameters, their gradients, optimizer state) are untouched, so device memory stays
 * flat across steps:
 * <pre>{@code
 * try (var scope = MemoryScope.open()) {
 *     Tensor loss = MseLossOp.apply(net.forward(x), y, Reduction.MEAN);
 *     loss.backward();
 *     optimizer.step();
 *     lastLoss = scope.keep(loss);   // survives the scope; close it yourself
 * }
 * }</pre>
 * Scopes nest; a kept tensor moves to the enclosing scope, if any. The gradient a leaf accumulates lives as long
 * as the leaf: a parameter's {@code grad()} is never closed by a scope. State that belongs to a parameter but is
 * made lazily, inside a step (an optimizer's momentum buffer), says so with {@link #keepWith}.
 * <p>
 * A scope frees nothing until it closes, so one held around a whole training loop grows until memory runs out.
 * A scope that has collected more than {@value #WARN_TENSORS} tensors, or more than {@value #WARN_BYTES} bytes
 * of them (each tensor counted at its size, views included), prints one line on standard error, once, saying
 * to open a scope per step.
 */
public final class MemoryScope implements AutoCloseable {
    /** More tensors than a training step of any model here makes: a scope past it spans many steps. */
    public static final int WARN_TENSORS = 10_000;
    /** 1 GiB of tensors collected by one scope. */
    public static final long WARN_BYTES = 1L << 30;

    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();
    /** Where the warning goes; tests replace it. */
    static volatile Consumer<String> warnings = line -> System.err.println(line);

    private final MemoryScope parent;
    private final List<Tensor> tensors = new ArrayList<>();
    private long bytes;
    private boolean warned;
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
    }

    /**
     * Opens a scope on this thread, nested in the one already open, if any.
     *
     * @return the scope; close it (try-with-resources) to free the tensors made inside it
     */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Lets {@code t} outlive this scope: it joins the enclosing scope, if any, else nobody closes it for you.
     * A tensor that this scope does not own is left as it is.
     *
     * @param t a tensor made while this scope was open
     * @return {@code t}
     */
    public Tensor keep(Tensor t) {
        if (t.scope == this) {
            adopt(t, parent);
        }
        return t;
    }

    /**
     * Makes {@code state} live as long as {@code owner}: closed with the scope that will close the owner, or by
     * nobody if no scope owns it (a parameter made outside any scope). For what belongs to a tensor but may be
     * created while a step's scope is open, e.g.
     * {@code buf = MemoryScope.keepWith(param, Tensor.zerosLike(param))} in an optimizer.
     *
     * @param owner the tensor whose lifetime {@code state} should share
     * @param state the tensor to re-home
     * @return {@code state}
     */
    public static Tensor keepWith(Tensor owner, Tensor state) {
        adopt(state, owner.scope);
        return state;
    }

    /**
     * Closes the tensors created in this scope and not kept, and makes the enclosing scope current again.
     * Closing twice does nothing.
     *
     * @throws IllegalStateException if a scope opened inside this one is still open, or this is another thread
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("MemoryScope closed out of order: close the scopes opened inside it first,"
                    + " on the thread that opened them");
        }
        closed = true;
        CURRENT.set(parent);
        for (Tensor t : tensors) {
            if (t.scope == this) {
                t.closeFromScope();
            }
        }
        tensors.clear();
    }

    /** Called for every new tensor: it belongs to the innermost scope open on this thread, if any. */
    static void track(Tensor t) {
        MemoryScope scope = CURRENT.get();
        if (scope != null) {
            adopt(t, scope);
        }
    }

    /** Makes {@code scope} (null: no scope) the owner of {@code t}; the old owner then skips it. */
    static void adopt(Tensor t, MemoryScope scope) {
        t.scope = scope;
        if (scope != null) {
            scope.tensors.add(t);
            scope.bytes += 4L * t.numel();
            if (!scope.warned && tooMany(scope.tensors.size(), scope.bytes)) {
                scope.warned = true;
                warnings.accept(warning(scope.tensors.size(), scope.bytes));
            }
        }
    }

    static boolean tooMany(long tensors, long bytes) {
        return tensors > WARN_TENSORS || bytes > WARN_BYTES;
    }

    static String warning(long tensors, long bytes) {
        return "blitz: warning: an open MemoryScope holds " + tensors + " tensors (" + MemoryStats.bytes(bytes)
                + "), more than one training step makes; it frees them only when it closes, so open one per step: "
                + "for (...) { try (var step = MemoryScope.open()) { ... } } (this scope will not warn again)";
    }
}
