package dev.blitz.nn;

import dev.blitz.core.Device;
import dev.blitz.tensor.ClosedTensorException;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of every layer and model, as PyTorch's {@code nn.Module}: parameters and submodules registered by name
 * (in registration order), which gives {@link #parameters()}, {@link #stateDict()}, {@link #zeroGrad()},
 * {@link #to(Device)} and PyTorch's printed form.
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    /** The module this one was first registered in, and under which name: for naming parameters in errors. */
    private Module parent;
    private String nameInParent;

    /**
     * Computes this module's output, as PyTorch's {@code forward} (called directly: there is no
     * {@code __call__}).
     *
     * @param input the input batch, e.g. [N, C, H, W] for a convolution
     * @return the output, recording autograd history when parameters require grad
     */
    public abstract Tensor forward(Tensor input);

    /**
     * Registers {@code module} as a child named {@code name}, as assigning a submodule attribute in PyTorch:
     * its parameters then appear under {@code name.}. Use it in field initialisers:
     * {@code final Linear fc1 = register("fc1", new Linear(400, 120));}.
     *
     * @param <M> the child's type
     * @param name a non-empty name without '.', unique within this module
     * @param module the child
     * @return {@code module}
     * @throws IllegalArgumentException if the name is empty, contains '.', or is already taken
     */
    protected final <M extends Module> M register(String name, M module) {
        checkName(name);
        children.put(name, module);
        Module child = module;
        if (child.parent == null) { // the first name wins, as in namedParameters()
            child.parent = this;
            child.nameInParent = name;
        }
        return module;
    }

    /**
     * Registers {@code tensor} as a parameter named {@code name} and makes it require grad, as
     * {@code register_parameter}.
     *
     * @param name a non-empty name without '.', unique within this module
     * @param tensor the parameter's initial value (kept, not copied)
     * @return {@code tensor}
     * @throws IllegalArgumentException if the name is empty, contains '.', or is already taken
     */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkName(name);
        params.put(name, tensor.requiresGrad(true));
        return tensor;
    }

    /**
     * {@code e} as the layers rethrow it: when the closed tensor is a parameter of this module, an error naming
     * it by its dotted name from the outermost module, e.g. {@code conv1.weight}, and saying who closed it.
     */
    final RuntimeException named(ClosedTensorException e) {
        for (var p : params.entrySet()) {
            if (p.getValue() == e.tensor()) {
                String what = path() + p.getKey() + " (tensor of shape " + e.tensor().shape() + ")";
                return new IllegalStateException(e.closedByScope()
                        ? what + " was closed by the MemoryScope it was created in; create the network outside the"
                                + " scope, or pass what must outlive it to scope.keep(...)"
                        : what + " was closed (close() was called on it) and can no longer be used", e);
            }
        }
        return e;
    }

    /** This module's prefix in its outermost module's names, e.g. {@code "features.0."}; empty at the top. */
    private String path() {
        return parent == null ? "" : parent.path() + nameInParent + ".";
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module/parameter name must be non-empty without '.', got \"" + name
                    + "\"");
        }
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is already registered in " + getClass().getSimpleName());
        }
    }

    /**
     * All parameters of this module and its descendants, in registration order, each once; what an optimizer
     * takes.
     *
     * @return a new list of the parameter tensors themselves
     */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Parameters by dotted name ({@code conv1.weight}, ...), in registration order, as
     * {@code named_parameters()}. A tensor reachable under several names (a module registered twice) appears
     * once, under its first name, as in PyTorch, so an optimizer never updates it twice.
     *
     * @return a new map of the parameter tensors themselves
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        allNamedParameters().forEach((name, t) -> {
            if (seen.add(t)) {
                out.put(name, t);
            }
        });
        return out;
    }

    /** Every (name, parameter) pair, repeats included: the keys of {@link #stateDict()}. */
    private Map<String, Tensor> allNamedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        params.forEach((name, t) -> out.put(prefix + name, t));
        children.forEach((name, m) -> m.collect(prefix + name + ".", out));
    }

    /**
     * The direct children by name, in registration order, as {@code named_children()}.
     *
     * @return a read-only view of the children
     */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * PyTorch's {@code state_dict()}: names to tensors sharing this module's memory (detached), row-major in
     * PyTorch's layout, so {@code conv1.weight} is [out, in, kh, kw] and {@code fc1.weight} is [out, in]. A
     * parameter reachable under several names is listed under each.
     *
     * @return a new map, in registration order
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        allNamedParameters().forEach((name, t) -> out.put(name, t.detach()));
        return out;
    }

    /**
     * Copies every entry of {@code state} into the parameter of the same name, as {@code load_state_dict} with
     * {@code strict=True}; the tensors may be on any device. All keys must match and every shape agree;
     * otherwise nothing is copied.
     *
     * @param state names to values, as {@link #stateDict()} gives them
     * @throws IllegalArgumentException listing every missing key, unexpected key and shape mismatch
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = allNamedParameters();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add('"' + e.getKey() + '"');
            } else if (!src.shape().equals(e.getValue().shape())) {
                mismatched.add("size mismatch for " + e.getKey() + ": copying a param with shape " + src.shape()
                        + " from checkpoint, the shape in current model is " + e.getValue().shape() + ".");
            }
        }
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add('"' + key + '"');
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            StringBuilder sb = new StringBuilder("Error(s) in loading state_dict for " + getClass().getSimpleName() + ":");
            if (!missing.isEmpty()) {
                sb.append("\n\tMissing key(s) in state_dict: ").append(String.join(", ", missing)).append('.');
            }
            if (!unexpected.isEmpty()) {
                sb.append("\n\tUnexpected key(s) in state_dict: ").append(String.join(", ", unexpected)).append('.');
            }
            mismatched.forEach(m -> sb.append("\n\t").append(m));
            throw new IllegalArgumentException(sb.toString());
        }
        try (var g = GradMode.noGrad()) {
            own.forEach((name, t) -> t.copyFrom(state.get(name)));
        }
    }

    /**
     * Zeroes every parameter's gradient in place (keeping its memory), as the blitz tutorial's
     * {@code net.zero_grad()} expects; parameters without a gradient are left without one.
     */
    public final void zeroGrad() {
        try (var g = GradMode.noGrad()) {
            for (Tensor p : parameters()) {
                if (p.grad() != null) {
                    p.grad().zeroInPlace();
                }
            }
        }
    }

    /**
     * Moves every parameter (and its gradient) to {@code device}, keeping the same tensor objects, as
     * {@code module.to(device)}.
     *
     * @param device the target device
     * @return this module
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     */
    public Module to(Device device) {
        for (Tensor p : parameters()) {
            p.moveTo(device);
        }
        return this;
    }

    /**
     * Puts this module and its descendants in training mode, as {@code train()}.
     *
     * @return this module
     */
    public Module train() {
        return train(true);
    }

    /**
     * Sets training mode (true) or evaluation mode (false) on this module and its descendants, as
     * {@code train(mode)}. No Blitz layer behaves differently yet; the flag is for layers that will (dropout,
     * batch norm) and for user code.
     *
     * @param mode true for training
     * @return this module
     */
    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    /**
     * Puts this module and its descendants in evaluation mode, as {@code eval()}.
     *
     * @return this module
     */
    public Module eval() {
        return train(false);
    }

    /**
     * Whether this module is in training mode, as PyTorch's {@code training} attribute.
     *
     * @return true after construction and {@link #train()}, false after {@link #eval()}
     */
    public boolean isTraining() {
        return training;
    }

    /**
     * The text inside this module's parentheses in its printed form, as PyTorch's {@code extra_repr}.
     *
     * @return e.g. {@code in_features=84, out_features=10, bias=True}; empty by default
     */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch's {@code print(module)} form. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        if (children.isEmpty()) {
            return sb.append(extraRepr()).append(')').toString();
        }
        String extra = extraRepr();
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra.replace("\n", "\n  "));
        }
        children.forEach((name, m) -> sb.append("\n  (").append(name).append("): ")
                .append(m.toString().replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }
}
