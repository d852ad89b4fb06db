package dev.blitz.nn;

import dev.blitz.autograd.GradMode;
import dev.blitz.tensor.Device;
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

    public abstract Tensor forward(Tensor input);

    /** Registers {@code module} as a child named {@code name}; returns it, for field initialisers. */
    protected final <M extends Module> M register(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** Registers {@code tensor} as a parameter named {@code name} and makes it require grad; returns it. */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkName(name);
        params.put(name, tensor.requiresGrad(true));
        return tensor;
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

    /** All parameters of this module and its descendants, in registration order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Parameters by dotted name ({@code conv1.weight}, ...), in registration order. A tensor reachable under
     * several names (a module registered twice) appears once, under its first name, as in PyTorch, so an
     * optimizer never updates it twice.
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

    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * PyTorch's {@code state_dict()}: names to tensors sharing this module's memory (detached), row-major in
     * PyTorch's layout, so {@code conv1.weight} is [out, in, kh, kw] and {@code fc1.weight} is [out, in].
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        allNamedParameters().forEach((name, t) -> out.put(name, t.detach()));
        return out;
    }

    /**
     * Copies every entry of {@code state} into the parameter of the same name. All keys must match and every
     * shape agree; otherwise nothing is copied and the error lists each problem, as PyTorch does.
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

    /** Zeroes every parameter's gradient in place (keeping its memory), as the blitz tutorial expects. */
    public final void zeroGrad() {
        try (var g = GradMode.noGrad()) {
            for (Tensor p : parameters()) {
                if (p.grad() != null) {
                    p.grad().zeroInPlace();
                }
            }
        }
    }

    /** Moves every parameter (and its gradient) to {@code device}, keeping the same tensor objects. */
    public Module to(Device device) {
        for (Tensor p : parameters()) {
            p.moveTo(device);
        }
        return this;
    }

    public Module train() {
        return train(true);
    }

    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** The text inside this module's parentheses in its printed form, as PyTorch's {@code extra_repr}. */
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
