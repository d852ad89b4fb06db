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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Base of every layer and model, as PyTorch's {@code nn.Module}: parameters, buffers and submodules registered by
 * name (in registration order), which gives {@link #parameters()}, {@link #stateDict()}, {@link #zeroGrad()},
 * {@link #to(Device)}, training and evaluation modes, PyTorch's printed form and a {@link #summary()}.
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
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
     * Sets the child named {@code name}, replacing one already there in its place, as assigning an attribute
     * again (or {@code ModuleDict}'s {@code d[name] = module}) does in PyTorch.
     */
    final <M extends Module> M putChild(String name, M module) {
        if (!children.containsKey(name)) {
            return register(name, module);
        }
        children.put(name, module);
        Module child = module;
        if (child.parent == null) {
            child.parent = this;
            child.nameInParent = name;
        }
        return module;
    }

    /**
     * Replaces the child named {@code name} by {@code module}, in its place among the children, as assigning
     * the attribute again in PyTorch ({@code model.fc = nn.Linear(512, 10)}): {@link #parameters()},
     * {@link #stateDict()} and the printed form then show the new module. A module's own field holding the old
     * child is not changed, so modules whose children can be replaced read them by name (as
     * {@code ResNet18.fc()}).
     *
     * @param name the name of an existing child
     * @param module the new child
     * @return the child it replaced
     * @throws IllegalArgumentException if there is no child of that name
     */
    public final Module replace(String name, Module module) {
        Module old = children.get(name);
        if (old == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no submodule named \"" + name
                    + "\" (its submodules: " + children.keySet() + ")");
        }
        putChild(name, module);
        return old;
    }

    /**
     * The child named {@code name}, as {@code getattr(module, name)} for a submodule.
     *
     * @param name the child's name
     * @return the child
     * @throws IllegalArgumentException if there is no child of that name
     */
    public final Module child(String name) {
        Module m = children.get(name);
        if (m == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no submodule named \"" + name
                    + "\" (its submodules: " + children.keySet() + ")");
        }
        return m;
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
     * Registers {@code tensor} as a buffer named {@code name}, as {@code register_buffer}: state that is not
     * learned (a batch norm's running statistics, a loss's class weights). Buffers are in {@link #stateDict()}
     * after this module's parameters, are loaded by {@link #loadStateDict} and moved by {@link #to(Device)}, but
     * are not in {@link #parameters()}, so no optimizer touches them.
     *
     * @param name a non-empty name without '.', unique within this module
     * @param tensor the buffer (kept, not copied); it should not require grad
     * @return {@code tensor}
     * @throws IllegalArgumentException if the name is empty, contains '.', or is already taken
     */
    protected final Tensor registerBuffer(String name, Tensor tensor) {
        checkName(name);
        buffers.put(name, tensor);
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
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
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
     * All buffers of this module and its descendants, in registration order, each once, as {@code buffers()}.
     *
     * @return a new list of the buffer tensors themselves
     */
    public final List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    /**
     * Buffers by dotted name ({@code bn1.running_mean}, ...), as {@code named_buffers()}; a tensor reachable
     * under several names appears once, under its first.
     *
     * @return a new map of the buffer tensors themselves
     */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collectBuffers("", all);
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        all.forEach((name, t) -> {
            if (seen.add(t)) {
                out.put(name, t);
            }
        });
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((name, t) -> out.put(prefix + name, t));
        children.forEach((name, m) -> m.collectBuffers(prefix + name + ".", out));
    }

    /**
     * Every (name, tensor) of the state dict, repeats included: each module's parameters, then its buffers, then
     * its children's, as PyTorch's {@code _save_to_state_dict} walks them.
     */
    private Map<String, Tensor> allNamedState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        params.forEach((name, t) -> out.put(prefix + name, t));
        buffers.forEach((name, t) -> out.put(prefix + name, t));
        children.forEach((name, m) -> m.collectState(prefix + name + ".", out));
    }

    /**
     * This module and every descendant by dotted name, depth first in registration order, as
     * {@code named_modules()}: this module first, under the empty name; a module reachable under several names
     * appears once, under its first.
     *
     * @return a new map of the modules themselves
     */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectModules(String name, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) {
            return;
        }
        out.put(name, this);
        children.forEach((child, m) -> m.collectModules(name.isEmpty() ? child : name + "." + child, out, seen));
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
     * PyTorch's layout, so {@code conv1.weight} is [out, in, kh, kw] and {@code fc1.weight} is [out, in]. Each
     * module's parameters come first, then its buffers ({@code bn1.running_mean}, ...), then its children's, as in
     * PyTorch. A tensor reachable under several names is listed under each.
     *
     * @return a new map, in that order
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        allNamedState().forEach((name, t) -> out.put(name, t.detach()));
        return out;
    }

    /**
     * Copies every entry of {@code state} into the parameter or buffer of the same name, as
     * {@code load_state_dict} with {@code strict=True}; the tensors may be on any device and are converted to
     * each entry's dtype. All keys must match and every shape agree; otherwise nothing is copied.
     *
     * @param state names to values, as {@link #stateDict()} gives them
     * @return no missing or unexpected keys, as PyTorch returns
     * @throws IllegalArgumentException listing every missing key, unexpected key and shape mismatch
     */
    public final IncompatibleKeys loadStateDict(Map<String, Tensor> state) {
        return loadStateDict(state, true);
    }

    /**
     * Copies the entries of {@code state} into the parameters and buffers of the same names, as
     * {@code load_state_dict(state, strict)}; the tensors may be on any device and are converted to each entry's
     * dtype. With {@code strict} false, keys only one side has are skipped and returned (a checkpoint of another
     * head loads into the backbone it shares); in either mode every shared key's shape must agree. When anything
     * is wrong nothing is copied.
     *
     * @param state names to values, as {@link #stateDict()} gives them
     * @param strict whether a missing or unexpected key is an error
     * @return the missing and unexpected keys (both empty when strict)
     * @throws IllegalArgumentException listing every shape mismatch, and when strict every missing and unexpected
     *     key, in PyTorch's wording
     */
    public final IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = allNamedState();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!src.shape().equals(e.getValue().shape())) {
                mismatched.add("size mismatch for " + e.getKey() + ": copying a param with shape " + src.shape()
                        + " from checkpoint, the shape in current model is " + e.getValue().shape() + ".");
            }
        }
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        boolean keysWrong = strict && (!missing.isEmpty() || !unexpected.isEmpty());
        if (keysWrong || !mismatched.isEmpty()) {
            StringBuilder sb = new StringBuilder("Error(s) in loading state_dict for " + typeName() + ":");
            if (strict && !missing.isEmpty()) {
                sb.append("\n\tMissing key(s) in state_dict: ").append(quoted(missing)).append('.');
            }
            if (strict && !unexpected.isEmpty()) {
                sb.append("\n\tUnexpected key(s) in state_dict: ").append(quoted(unexpected)).append('.');
            }
            mismatched.forEach(m -> sb.append("\n\t").append(m));
            throw new IllegalArgumentException(sb.toString());
        }
        try (var g = GradMode.noGrad()) {
            own.forEach((name, t) -> {
                Tensor src = state.get(name);
                if (src != null) {
                    t.copyFrom(src);
                }
            });
        }
        return new IncompatibleKeys(missing, unexpected);
    }

    private static String quoted(List<String> keys) {
        return String.join(", ", keys.stream().map(k -> '"' + k + '"').toList());
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
     * Moves every parameter (and its gradient) and every buffer to {@code device}, keeping the same tensor
     * objects, as {@code module.to(device)}.
     *
     * @param device the target device
     * @return this module
     * @throws IllegalStateException if {@code device} is a CUDA device that cannot be used here
     */
    public Module to(Device device) {
        for (Tensor p : parameters()) {
            p.moveTo(device);
        }
        for (Tensor b : buffers()) {
            b.moveTo(device);
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
     * {@code train(mode)}. Dropout drops only in training, and batch norm normalises with the batch's statistics
     * (updating its running ones) in training and with the running ones in evaluation.
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

    /**
     * The type name in this module's printed form, as PyTorch prints the Python class's name.
     *
     * @return the Java class's simple name by default; a model built by a PyTorch factory function returns the
     *     class PyTorch prints (as {@code ResNet} for {@code resnet18()})
     */
    protected String typeName() {
        return getClass().getSimpleName();
    }

    /** PyTorch's {@code print(module)} form. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(typeName()).append('(');
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

    /**
     * A table of this module's layers and their parameter counts, with the totals, for reading (the format is
     * Blitz's own; PyTorch has none). For LeNet:
     * <pre>
     * Layer (type)    Param #
     * =======================
     * conv1 (Conv2d)      156
     * conv2 (Conv2d)    2,416
     * fc1 (Linear)     48,120
     * fc2 (Linear)     10,164
     * fc3 (Linear)        850
     * =======================
     * Total params: 61,706
     * Trainable params: 61,706
     * Non-trainable params: 0
     * </pre>
     * One row per submodule, depth first in registration order as {@link #namedModules()}, counting the elements
     * of the parameters registered on it directly; a container with none of its own shows {@code --}. This module
     * has a row of its own (named by its type alone) when it has parameters of its own or no submodules. The
     * totals count each parameter tensor once; trainable ones are those that require grad. Buffers are not
     * parameters and are not counted.
     *
     * @return the table, lines separated by {@code \n}, without a final newline
     */
    public String summary() {
        List<String[]> rows = new ArrayList<>();
        namedModules().forEach((name, m) -> {
            boolean root = name.isEmpty();
            if (root && m.params.isEmpty() && !m.children.isEmpty()) {
                return;
            }
            String type = m.getClass().getSimpleName();
            long own = 0;
            for (Tensor p : m.params.values()) {
                own += p.numel();
            }
            String count = m.params.isEmpty() && !m.children.isEmpty() ? "--" : String.format(Locale.ROOT, "%,d", own);
            rows.add(new String[] {root ? type : name + " (" + type + ")", count});
        });
        String[] header = {"Layer (type)", "Param #"};
        int nameWidth = header[0].length();
        int countWidth = header[1].length();
        for (String[] r : rows) {
            nameWidth = Math.max(nameWidth, r[0].length());
            countWidth = Math.max(countWidth, r[1].length());
        }
        String rule = "=".repeat(nameWidth + 2 + countWidth);
        StringBuilder sb = new StringBuilder();
        String format = "%-" + nameWidth + "s  %" + countWidth + "s\n";
        sb.append(String.format(format, (Object[]) header)).append(rule).append('\n');
        rows.forEach(r -> sb.append(String.format(format, (Object[]) r)));
        long total = 0;
        long trainable = 0;
        for (Tensor p : parameters()) {
            total += p.numel();
            trainable += p.requiresGrad() ? p.numel() : 0;
        }
        sb.append(rule).append('\n')
                .append(String.format(Locale.ROOT, "Total params: %,d\n", total))
                .append(String.format(Locale.ROOT, "Trainable params: %,d\n", trainable))
                .append(String.format(Locale.ROOT, "Non-trainable params: %,d", total - trainable));
        return sb.toString();
    }
}
