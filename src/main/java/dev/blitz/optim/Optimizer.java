package dev.blitz.optim;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Updates parameters from their gradients, as {@code torch.optim.Optimizer}. The parameters come in
 * {@linkplain #paramGroups() groups}, each with its own hyper-parameters: the list an optimizer is built with is
 * group 0 and takes the optimizer's defaults (what its builder was given), {@link #addParamGroup} adds more.
 */
public abstract class Optimizer {
    private static final Pattern STATE_KEY = Pattern.compile("state\\.(\\d{1,9})\\.(.+)");
    private static final Pattern GROUP_KEY = Pattern.compile("param_groups\\.(\\d{1,9})\\.(.+)");

    private final Map<String, Object> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final List<Tensor> allParams = new ArrayList<>();
    private final Map<Tensor, Integer> groupOfParam = new IdentityHashMap<>();

    /**
     * Every parameter of every group, in group order (the indices of {@link #stateDict()}); read-only, grows with
     * {@link #addParamGroup}.
     */
    protected final List<Tensor> params = Collections.unmodifiableList(allParams);

    /**
     * Makes group 0 from {@code params} and the defaults.
     *
     * @param params leaf tensors that require grad, each once, e.g. {@code net.parameters()} (copied)
     * @param defaults the hyper-parameters every group starts from, by PyTorch key, in PyTorch's order, as
     *     PyTorch's {@code optimizer.defaults}
     * @throws IllegalArgumentException if the list is empty, holds a tensor twice, or holds one that is not a leaf
     *     requiring grad, or a default is out of range
     */
    protected Optimizer(List<Tensor> params, Map<String, Object> defaults) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " got an empty parameter list");
        }
        this.defaults = new LinkedHashMap<>(defaults);
        register(newGroup(params, this.defaults));
    }

    /**
     * The parameter groups, as PyTorch's {@code optimizer.param_groups}; subclasses return their own kind of group.
     *
     * @return a read-only view, in order
     */
    public List<? extends ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /**
     * Adds a group of parameters with the optimizer's defaults, as {@code optimizer.add_param_group({"params":
     * params})}; each optimizer also has {@code addParamGroup(params, options)} to set the group's own values.
     *
     * @param params leaf tensors that require grad, none already in a group (may be empty)
     * @throws IllegalArgumentException if a tensor is already in a group, repeated, or not a leaf requiring grad
     */
    public final void addParamGroup(List<Tensor> params) {
        register(newGroup(params, defaults));
    }

    /**
     * Adds a group whose hyper-parameters are the defaults changed by {@code options}, for subclasses' typed
     * {@code addParamGroup(params, options)}.
     *
     * @param params the group's parameters
     * @param options sets the group's own values, e.g. {@code g -> g.setLr(0.1)}
     * @param <G> this optimizer's kind of group
     * @throws IllegalArgumentException if a parameter is invalid or a value out of range
     */
    @SuppressWarnings("unchecked")
    protected final <G extends ParamGroup> void addGroup(List<Tensor> params, Consumer<? super G> options) {
        G group = (G) newGroup(params, defaults);
        options.accept(group);
        register(group);
    }

    /**
     * This optimizer's groups as its own kind, for subclasses' {@code paramGroups()}.
     *
     * @param <G> the kind {@link #newGroup} makes
     * @return a read-only view
     */
    @SuppressWarnings("unchecked")
    protected final <G extends ParamGroup> List<G> typedGroups() {
        return (List<G>) Collections.unmodifiableList(groups);
    }

    /** Checks a new group's parameters (none in a group already, leaves requiring grad) and adds it. */
    private void register(ParamGroup group) {
        group.checkNewGroup();
        String name = getClass().getSimpleName();
        List<Tensor> ps = group.params();
        for (int i = 0; i < ps.size(); i++) {
            Tensor p = ps.get(i);
            int position = allParams.size() + i;
            Integer earlier = groupOfParam.get(p);
            if (earlier != null) {
                throw new IllegalArgumentException(name + " got the same parameter (shape " + p.shape() + ") in "
                        + "parameter groups " + earlier + " and " + groups.size() + "; some parameters appear in "
                        + "more than one parameter group");
            }
            for (int j = 0; j < i; j++) {
                if (ps.get(j) == p) {
                    throw new IllegalArgumentException(name + " got the same parameter (shape " + p.shape()
                            + ") twice, at positions " + (allParams.size() + j) + " and " + position
                            + "; it would be updated twice per step");
                }
            }
            // A frozen parameter (requiresGrad false) is allowed and skipped, as in PyTorch's fine-tuning recipe.
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name + " can't optimize a non-leaf Tensor: got one of shape "
                        + p.shape() + " with grad_fn=" + p.gradFn());
            }
        }
        for (Tensor p : ps) {
            groupOfParam.put(p, groups.size());
        }
        allParams.addAll(ps);
        groups.add(group);
    }

    /**
     * Makes a group of this optimizer's kind, checking the values.
     *
     * @param params its parameters
     * @param options its hyper-parameters by PyTorch key (the defaults, or a loaded state's)
     * @return the new group, not yet added
     * @throws IllegalArgumentException if a value is out of range
     */
    protected abstract ParamGroup newGroup(List<Tensor> params, Map<String, Object> options);

    /**
     * The group a parameter belongs to.
     *
     * @param index the parameter's position in {@link #params}
     * @return its group
     */
    protected final ParamGroup groupOf(int index) {
        return groups.get(groupOfParam.get(allParams.get(index)));
    }

    /**
     * Applies one update to every parameter that has a gradient, each with its group's hyper-parameters, as
     * {@code optimizer.step()}; parameters whose {@code grad()} is null are skipped.
     *
     * @throws IllegalArgumentException if a gradient is on another device than its parameter
     */
    public abstract void step();

    /**
     * Zeroes the parameters' gradients in place, as {@code optimizer.zero_grad(set_to_none=False)}; parameters
     * without a gradient are left without one.
     */
    public void zeroGrad() {
        try (var g = GradMode.noGrad()) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.grad().zeroInPlace();
                }
            }
        }
    }

    /**
     * The optimizer's state as PyTorch's {@code optimizer.state_dict()}, flattened to names:
     * <ul>
     * <li>{@code state.<i>.<key>}: the per-parameter state (momentum buffers, Adam's moments, step counts);
     * {@code i} is the parameter's index over all groups in order, {@code key} PyTorch's name ({@code
     * momentum_buffer}, {@code exp_avg}, {@code step}, ...). Buffers share the optimizer's memory; a parameter that
     * has not been stepped yet has no entries.</li>
     * <li>{@code param_groups.<g>.<key>}: group {@code g}'s hyper-parameters by PyTorch key, on the CPU: numbers as
     * float64 scalars, flags as bool scalars, {@code betas} as a float64 pair, {@code initial_lr} once a scheduler
     * set it, and {@code params}, the int64 indices of its parameters.</li>
     * </ul>
     *
     * @return a new map, the per-parameter state first
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            for (var e : paramState(i).entrySet()) {
                out.put("state." + i + "." + e.getKey(), e.getValue());
            }
        }
        int first = 0;
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            for (var e : group.options().entrySet()) {
                out.put("param_groups." + g + "." + e.getKey(), valueTensor(e.getValue()));
            }
            long[] ids = new long[group.params().size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = first + i;
            }
            out.put("param_groups." + g + ".params", Tensor.of(ids, Shape.of(ids.length), Device.CPU));
            first += ids.length;
        }
        return out;
    }

    /**
     * Restores what {@link #stateDict()} gave (tensors copied onto each parameter's device). As in PyTorch, the
     * saved groups must match this optimizer's in number and sizes, their hyper-parameters replace the groups'
     * (so a learning rate a scheduler changed comes back); each group's {@code params} must be its parameters'
     * positions, as both write them. A state without {@code param_groups} entries (saved by Blitz before parameter
     * groups, or by code that keeps hyper-parameters elsewhere) keeps the current hyper-parameters.
     * <p>
     * Every key must be one this optimizer keeps, every tensor have its parameter's shape (a step count: one
     * element, a whole number); otherwise nothing is loaded. Parameters with no entries lose their state.
     *
     * @param state names {@code state.<i>.<key>} and {@code param_groups.<g>.<key>} to tensors
     * @throws IllegalArgumentException listing every unexpected key, missing key, shape mismatch and invalid
     *     value
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Map<String, Tensor>> savedGroups = new TreeMap<>();
        Map<String, Tensor> paramEntries = new LinkedHashMap<>();
        for (var e : state.entrySet()) {
            Matcher g = GROUP_KEY.matcher(e.getKey());
            if (g.matches()) {
                savedGroups.computeIfAbsent(Integer.parseInt(g.group(1)), k -> new LinkedHashMap<>())
                        .put(g.group(2), e.getValue());
            } else if (STATE_KEY.matcher(e.getKey()).matches()) {
                paramEntries.put(e.getKey(), e.getValue());
            } else {
                problems.add("unexpected key \"" + e.getKey() + "\" (expected state.<i>.<key> or "
                        + "param_groups.<g>.<key>)");
            }
        }
        // Without param_groups entries (a state from before parameter groups) the current hyper-parameters stay.
        List<ParamGroup> candidates = new ArrayList<>(groups);
        if (!savedGroups.isEmpty()) {
            if (!savedGroups.keySet().equals(rangeKeys(groups.size()))) {
                problems.add("loaded state dict has a different number of parameter groups: " + savedGroups.keySet()
                        + " in the state, " + groups.size() + " in this " + getClass().getSimpleName());
            } else {
                int first = 0;
                for (int g = 0; g < groups.size(); g++) {
                    ParamGroup candidate = loadGroup(g, savedGroups.get(g), first, problems);
                    candidates.set(g, candidate == null ? groups.get(g) : candidate);
                    first += groups.get(g).params().size();
                }
            }
        }
        Map<Integer, Map<String, Tensor>> byParam = new TreeMap<>();
        for (var e : paramEntries.entrySet()) {
            Matcher m = STATE_KEY.matcher(e.getKey());
            m.matches();
            int index = Integer.parseInt(m.group(1));
            if (index >= params.size()) {
                problems.add("unexpected key \"" + e.getKey() + "\" (expected state.<i>.<key> with i < "
                        + params.size() + ")");
                continue;
            }
            String key = m.group(2);
            Tensor t = e.getValue();
            List<String> keys = stateKeys(candidates.get(groupOfParam.get(params.get(index))));
            Tensor p = params.get(index);
            if (!keys.contains(key)) {
                problems.add("unexpected key \"" + e.getKey() + "\" (" + getClass().getSimpleName() + " keeps "
                        + keys + " here)");
            } else if (key.equals("step") ? t.numel() != 1 : !t.shape().equals(p.shape())) {
                problems.add("size mismatch for " + e.getKey() + ": " + t.shape() + " in the state, parameter "
                        + index + " has shape " + p.shape());
            } else {
                String invalid = invalidValue(index, key, t);
                if (invalid != null) {
                    problems.add(invalid);
                } else {
                    byParam.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(key, t);
                }
            }
        }
        byParam.forEach((index, entries) -> {
            for (String key : stateKeys(candidates.get(groupOfParam.get(params.get(index))))) {
                if (!entries.containsKey(key)) {
                    problems.add("missing key \"state." + index + "." + key + "\"");
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading the state of " + getClass().getSimpleName()
                    + ":\n\t" + String.join("\n\t", problems));
        }
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).replaceOptions(candidates.get(g).options());
        }
        for (int i = 0; i < params.size(); i++) {
            loadParamState(i, byParam.get(i));
        }
    }

    private static Set<Integer> rangeKeys(int n) {
        Set<Integer> s = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            s.add(i);
        }
        return s;
    }

    /**
     * Reads saved group {@code g}, whose parameters start at position {@code first}: a group built from its values;
     * null, with the problems noted, when something is wrong.
     */
    private ParamGroup loadGroup(int g, Map<String, Tensor> saved, int first, List<String> problems) {
        ParamGroup group = groups.get(g);
        String prefix = "param_groups." + g + ".";
        int size = problems.size();
        Tensor ids = saved.get("params");
        if (ids == null) {
            problems.add("missing key \"" + prefix + "params\"");
        } else if (ids.dim() != 1 || ids.numel() != group.params().size()) {
            problems.add("loaded state dict contains a parameter group that doesn't match the size of optimizer's "
                    + "group: " + prefix + "params has shape " + ids.shape() + ", group " + g + " has "
                    + group.params().size() + " parameters");
        } else {
            // Blitz and PyTorch both number the parameters in group order; other ids would make state.<i> ambiguous.
            long[] values = ids.toLongArray();
            long[] positions = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                positions[i] = first + i;
            }
            if (!Arrays.equals(values, positions)) {
                problems.add(prefix + "params is " + Arrays.toString(values) + " in the state, expected "
                        + Arrays.toString(positions) + " (the positions of group " + g + "'s parameters)");
            }
        }
        Map<String, Object> current = group.options();
        Map<String, Object> loaded = new LinkedHashMap<>();
        for (var e : current.entrySet()) {
            String key = e.getKey();
            Tensor t = saved.get(key);
            if (t == null) {
                if (!key.equals("initial_lr")) {
                    problems.add("missing key \"" + prefix + key + "\"");
                }
                continue;
            }
            Object value = fromTensor(t, e.getValue());
            if (value == null) {
                problems.add("size mismatch for " + prefix + key + ": " + t.shape() + " in the state, expected "
                        + (e.getValue() instanceof double[] a ? "[" + a.length + "]" : "one value"));
            } else {
                loaded.put(key, value);
            }
        }
        Tensor initial = saved.get("initial_lr");
        if (initial != null && !current.containsKey("initial_lr")) {
            Object value = fromTensor(initial, 0.0);
            if (value == null) {
                problems.add("size mismatch for " + prefix + "initial_lr: " + initial.shape() + " in the state, "
                        + "expected one value");
            } else {
                loaded.put("initial_lr", value);
            }
        }
        for (String key : saved.keySet()) {
            if (!key.equals("params") && !key.equals("initial_lr") && !current.containsKey(key)) {
                problems.add("unexpected key \"" + prefix + key + "\" (" + getClass().getSimpleName()
                        + "'s groups have " + current.keySet() + ")");
            }
        }
        if (problems.size() > size) {
            return null;
        }
        try {
            return newGroup(group.params(), loaded);
        } catch (IllegalArgumentException e) {
            problems.add("param_groups." + g + ": " + e.getMessage());
            return null;
        }
    }

    /** A hyper-parameter as a CPU tensor: float64 scalar, bool scalar, or float64 pair. */
    private static Tensor valueTensor(Object value) {
        if (value instanceof Boolean b) {
            return Tensor.of(new boolean[] {b}).to(Device.CPU);
        }
        if (value instanceof double[] a) {
            return Tensor.of(a, a.length).to(Device.CPU);
        }
        return Tensor.full(Shape.of(), (Double) value, DType.FLOAT64, Device.CPU);
    }

    /** A loaded tensor as a value of {@code like}'s kind, or null when its size does not fit. */
    private static Object fromTensor(Tensor t, Object like) {
        if (like instanceof double[] a) {
            return t.dim() == 1 && t.numel() == a.length ? t.toDoubleArray() : null;
        }
        if (t.numel() != 1) {
            return null;
        }
        return like instanceof Boolean ? (Object) t.toBooleanArray()[0] : (Object) t.toDoubleArray()[0];
    }

    /**
     * Checks the value of a state entry whose key and shape are right, for {@link #loadStateDict}, so that a bad
     * value (a step count of -3) is reported with the other problems before anything is loaded.
     *
     * @param index the parameter's position in {@link #params}
     * @param key one of {@link #stateKeys}
     * @param value the tensor to be loaded
     * @return what is wrong with it, naming {@code state.<index>.<key>}; null if it is fine
     */
    protected String invalidValue(int index, String key, Tensor value) {
        return null;
    }

    /**
     * The state of one parameter by PyTorch key, for {@link #stateDict()}.
     *
     * @param index the parameter's position in {@link #params}
     * @return its state, sharing memory; empty before its first step
     */
    protected abstract Map<String, Tensor> paramState(int index);

    /**
     * The keys a stepped parameter of a group with these hyper-parameters has, as {@link #paramState} names them.
     *
     * @param group the parameter's group (when loading, one built from the loaded hyper-parameters)
     * @return the keys, e.g. {@code [momentum_buffer]}
     */
    protected abstract List<String> stateKeys(ParamGroup group);

    /**
     * Replaces the state of one parameter with copies of {@code state}, for {@link #loadStateDict}, after the
     * groups' hyper-parameters were loaded.
     *
     * @param index the parameter's position in {@link #params}
     * @param state exactly the keys of {@link #stateKeys}, shapes and values checked; null to clear the state
     */
    protected abstract void loadParamState(int index, Map<String, Tensor> state);

    /**
     * Checks a step count from a loaded state, for {@link #invalidValue}.
     *
     * @param index the parameter's position
     * @param value the loaded {@code step}
     * @param min the smallest count allowed (1 once a parameter was stepped; 0 where state exists before)
     * @return the problem, or null
     */
    static String invalidStep(int index, Tensor value, int min) {
        // Bias corrections and decays divide by functions of the step: one that is not a count would silently skew
        // every update.
        float step = value.item();
        return step >= min && step == Math.rint(step) && step < 1 << 24 ? null : "state." + index + ".step = " + step
                + " is not a step count (expected a whole number >= " + min + ")";
    }

    /** A copy of {@code src} on {@code like}'s device, for loading state. */
    static Tensor copyTo(Tensor src, Tensor like) {
        return ownedBy(like).copyFrom(src);
    }

    /**
     * Zeroed per-parameter state that lives as long as {@code param}: optimizers make it lazily, often inside a
     * step's {@link MemoryScope}, which must not close it.
     */
    static Tensor ownedBy(Tensor param) {
        return MemoryScope.keepWith(param, Tensor.zerosLike(param));
    }
}
