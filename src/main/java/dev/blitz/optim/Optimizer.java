package dev.blitz.optim;

import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Updates a fixed list of parameters from their gradients, as {@code torch.optim.Optimizer}. */
public abstract class Optimizer {
    /** The parameters this optimizer updates, in the order it was given them (the indices of {@link #stateDict()}). */
    protected final List<Tensor> params;

    /**
     * Checks and keeps the parameter list.
     *
     * @param params leaf tensors that require grad, each once, e.g. {@code net.parameters()} (copied)
     * @throws IllegalArgumentException if the list is empty, holds a tensor twice, or holds one that is not a leaf
     *     requiring grad
     */
    protected Optimizer(List<Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " got an empty parameter list");
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            for (int j = 0; j < i; j++) {
                if (params.get(j) == p) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + " got the same parameter (shape "
                            + p.shape() + ") twice, at positions " + j + " and " + i
                            + "; it would be updated twice per step");
                }
            }
            if (!p.isLeaf() || !p.requiresGrad()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + " can only optimize leaf tensors that "
                        + "require grad; got one of shape " + p.shape() + (p.isLeaf() ? " without requiresGrad" : " with "
                        + "grad_fn=" + p.gradFn()));
            }
        }
        this.params = List.copyOf(params);
    }

    /**
     * Applies one update to every parameter that has a gradient, as {@code optimizer.step()}; parameters whose
     * {@code grad()} is null are skipped.
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
     * Checks a hyper-parameter, for subclass constructors.
     *
     * @param what the hyper-parameter's name, for the message
     * @param value its value
     * @param positive true to reject 0 as well
     * @return {@code value}
     * @throws IllegalArgumentException naming this optimizer, {@code what} and {@code value} unless the value is
     *     finite and {@code >= 0} ({@code > 0} when {@code positive})
     */
    protected final float check(String what, float value, boolean positive) {
        if (Float.isNaN(value) || Float.isInfinite(value) || value < 0 || (positive && value == 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid " + what + ": " + value
                    + " (expected a finite value " + (positive ? "> 0" : ">= 0") + ")");
        }
        return value;
    }

    private static final Pattern STATE_KEY = Pattern.compile("state\\.(\\d+)\\.(.+)");

    /**
     * The per-parameter state (momentum buffers, Adam's moments and step counts) as PyTorch's
     * {@code optimizer.state_dict()["state"]}, flattened to names {@code state.<i>.<key>}: {@code i} is the
     * parameter's index in the list the optimizer was built with, {@code key} PyTorch's name ({@code
     * momentum_buffer}, {@code exp_avg}, {@code step}, ...). Buffers share the optimizer's memory; a
     * parameter that has not been stepped yet has no entries. Hyper-parameters are not included.
     *
     * @return a new map, by parameter index
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            for (var e : paramState(i).entrySet()) {
                out.put("state." + i + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Restores what {@link #stateDict()} gave (copied, onto each parameter's device). Every key must name a
     * parameter index and a key this optimizer keeps, every tensor must have its parameter's shape (a step count:
     * one element, a whole number {@code >= 1}); otherwise nothing is loaded. Parameters with no entries lose
     * their state.
     *
     * @param state names {@code state.<i>.<key>} to tensors
     * @throws IllegalArgumentException listing every unexpected key, missing key, shape mismatch and invalid
     *     value
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<Integer, Map<String, Tensor>> byParam = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<String> keys = stateKeys();
        for (var e : state.entrySet()) {
            Matcher m = STATE_KEY.matcher(e.getKey());
            if (!m.matches() || m.group(1).length() > 9 || Integer.parseInt(m.group(1)) >= params.size()) {
                problems.add("unexpected key \"" + e.getKey() + "\" (expected state.<i>.<key> with i < "
                        + params.size() + ")");
                continue;
            }
            int index = Integer.parseInt(m.group(1));
            String key = m.group(2);
            Tensor t = e.getValue();
            if (!keys.contains(key)) {
                problems.add("unexpected key \"" + e.getKey() + "\" (" + getClass().getSimpleName() + " keeps "
                        + keys + ")");
            } else if (key.equals("step") ? t.numel() != 1 : !t.shape().equals(params.get(index).shape())) {
                problems.add("size mismatch for " + e.getKey() + ": " + t.shape() + " in the state, parameter " + index
                        + " has shape " + params.get(index).shape());
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
            for (String key : keys) {
                if (!entries.containsKey(key)) {
                    problems.add("missing key \"state." + index + "." + key + "\"");
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading the state of " + getClass().getSimpleName() + ":\n\t"
                    + String.join("\n\t", problems));
        }
        for (int i = 0; i < params.size(); i++) {
            loadParamState(i, byParam.get(i));
        }
    }

    /**
     * Checks the value of a state entry whose key and shape are right, for {@link #loadStateDict}, so that a bad
     * value (a step count of -3) is reported with the other problems before anything is loaded.
     *
     * @param index the parameter's position in {@link #params}
     * @param key one of {@link #stateKeys()}
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
     * The keys a stepped parameter has, as {@link #paramState} names them.
     *
     * @return the keys, e.g. {@code [momentum_buffer]}
     */
    protected abstract List<String> stateKeys();

    /**
     * Replaces the state of one parameter with copies of {@code state}, for {@link #loadStateDict}.
     *
     * @param index the parameter's position in {@link #params}
     * @param state exactly the keys of {@link #stateKeys()}, shapes and values checked; null to clear the state
     */
    protected abstract void loadParamState(int index, Map<String, Tensor> state);

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
