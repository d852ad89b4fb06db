package dev.blitz.optim;

import dev.blitz.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Some of an optimizer's parameters and the hyper-parameters they are updated with, as one entry of PyTorch's
 * {@code optimizer.param_groups}. Each optimizer has its own kind ({@link SGD.Group}, {@link Adam.Group}, ...) with
 * typed getters and setters; the learning rate, which every kind has and schedulers set, is here. Setters check
 * the value and take effect at the next {@code step()}; a rejected value leaves the group as it was.
 * <pre>{@code
 * SGD sgd = SGD.builder(net.features.parameters(), 0.01).momentum(0.9)
 *         .group(net.classifier.parameters(), g -> g.setLr(0.1))
 *         .build();
 * sgd.paramGroups().get(1).setLr(0.05);
 * }</pre>
 * The hyper-parameters are kept by PyTorch's keys ({@code lr}, {@code weight_decay}, {@code betas}, ...), the names
 * they have in {@link Optimizer#stateDict()}.
 */
public abstract class ParamGroup {
    private final String owner;
    private final List<Tensor> params;
    private Map<String, Object> options;

    /**
     * Makes a group from its parameters and hyper-parameters, checked with {@link #check}.
     *
     * @param owner the optimizer's name, for messages ("SGD")
     * @param params the group's parameters (copied)
     * @param options the hyper-parameters by PyTorch key, in PyTorch's order: {@code Double}, {@code Boolean}, or
     *     {@code double[]} for a pair such as {@code betas} (copied)
     * @throws IllegalArgumentException if {@link #check} rejects the options
     */
    protected ParamGroup(String owner, List<Tensor> params, Map<String, Object> options) {
        this.owner = owner;
        this.params = List.copyOf(params);
        Map<String, Object> copy = copy(options);
        checkAll(copy);
        this.options = copy;
    }

    /** {@return the group's parameters, in order} */
    public final List<Tensor> params() {
        return params;
    }

    /** {@return the learning rate, PyTorch's {@code group["lr"]}} */
    public final double lr() {
        return number("lr");
    }

    /**
     * Sets the learning rate, as {@code group["lr"] = lr}; what schedulers do at each of their steps. As in
     * PyTorch, which checks the sign only when a group is made, a learning rate set later may be negative: a
     * schedule can end just below zero ({@code OneCycleLR}'s linear annealing at its last step).
     *
     * @param lr finite (as a float32, the precision the update uses)
     * @return this group
     * @throws IllegalArgumentException if {@code lr} is NaN or infinite
     */
    public ParamGroup setLr(double lr) {
        return set("lr", lr);
    }

    /**
     * The learning rate a scheduler started from, PyTorch's {@code group["initial_lr"]}: the first scheduler built
     * on the optimizer sets it to the group's learning rate then ({@code OneCycleLR} to {@code max_lr / div_factor}),
     * and later schedulers take it as their base learning rate.
     *
     * @return the initial learning rate; empty until a scheduler (or {@link #setInitialLr}) set one
     */
    public final OptionalDouble initialLr() {
        Object v = options.get("initial_lr");
        return v == null ? OptionalDouble.empty() : OptionalDouble.of((Double) v);
    }

    /**
     * Sets PyTorch's {@code group["initial_lr"]} (see {@link #initialLr()}).
     *
     * @param initialLr finite and {@code >= 0}
     * @return this group
     * @throws IllegalArgumentException if the value is negative or not finite
     */
    public ParamGroup setInitialLr(double initialLr) {
        return set("initial_lr", initialLr);
    }

    /**
     * Whether the group has a momentum that a scheduler can cycle, by PyTorch's rule for {@code OneCycleLR}:
     * {@code beta1} of an optimizer with betas (Adam, AdamW), else {@code momentum} (SGD, RMSprop).
     *
     * @return false for optimizers with neither (Adagrad)
     */
    public final boolean hasMomentumOrBeta1() {
        return options.containsKey("betas") || options.containsKey("momentum");
    }

    /**
     * The momentum a scheduler cycles (see {@link #hasMomentumOrBeta1()}).
     *
     * @return {@code betas[0]} for Adam and AdamW, {@code momentum} for SGD and RMSprop
     * @throws UnsupportedOperationException if the optimizer has neither
     */
    public final double momentumOrBeta1() {
        if (options.containsKey("betas")) {
            return pair("betas")[0];
        }
        if (options.containsKey("momentum")) {
            return number("momentum");
        }
        throw new UnsupportedOperationException(owner + " has neither momentum nor betas");
    }

    /**
     * Sets the momentum a scheduler cycles: {@code betas = (value, betas[1])} for Adam and AdamW, else
     * {@code momentum = value}, as {@code OneCycleLR} does.
     *
     * @param value the new momentum or beta1
     * @return this group
     * @throws UnsupportedOperationException if the optimizer has neither
     * @throws IllegalArgumentException if the value is out of range
     */
    public final ParamGroup setMomentumOrBeta1(double value) {
        if (options.containsKey("betas")) {
            return set("betas", new double[] {value, pair("betas")[1]});
        }
        if (options.containsKey("momentum")) {
            return set("momentum", value);
        }
        throw new UnsupportedOperationException(owner + " has neither momentum nor betas");
    }

    /**
     * Checks a complete set of hyper-parameters (every key this kind of group has; {@code lr} and
     * {@code initial_lr} are checked here already), before it replaces the group's.
     *
     * @param options the would-be hyper-parameters by PyTorch key
     * @throws IllegalArgumentException naming the optimizer, the hyper-parameter and its value
     */
    protected abstract void check(Map<String, Object> options);

    /**
     * For {@link #check}: rejects a value that is negative or not finite as a float32, the precision updates use.
     *
     * @param options the would-be hyper-parameters
     * @param key the PyTorch key, e.g. {@code "weight_decay"}
     * @param what its name in the message, e.g. {@code "weight_decay value"}
     * @throws IllegalArgumentException "SGD: invalid weight_decay value: -1.0 (expected a finite value >= 0)"
     */
    protected final void checkNonNegative(Map<String, Object> options, String key, String what) {
        float v = (float) (double) (Double) options.get(key);
        if (Float.isNaN(v) || Float.isInfinite(v) || v < 0) {
            throw new IllegalArgumentException(owner + ": invalid " + what + ": " + v
                    + " (expected a finite value >= 0)");
        }
    }

    /** {@return the optimizer's name, for messages} */
    protected final String owner() {
        return owner;
    }

    /**
     * A number hyper-parameter.
     *
     * @param key its PyTorch key
     * @return its value
     */
    protected final double number(String key) {
        return (Double) options.get(key);
    }

    /**
     * A boolean hyper-parameter.
     *
     * @param key its PyTorch key
     * @return its value
     */
    protected final boolean flag(String key) {
        return (Boolean) options.get(key);
    }

    /**
     * A pair hyper-parameter such as {@code betas}.
     *
     * @param key its PyTorch key
     * @return a copy of its two values
     */
    protected final double[] pair(String key) {
        return ((double[]) options.get(key)).clone();
    }

    /**
     * Replaces one hyper-parameter after checking the whole set with it; nothing changes when it is rejected.
     *
     * @param key its PyTorch key
     * @param value a {@code Double}, {@code Boolean} or {@code double[]}, as the key already holds
     * @return this group
     * @throws IllegalArgumentException if {@link #check} rejects the new set
     */
    protected final ParamGroup set(String key, Object value) {
        Map<String, Object> next = copy(options);
        next.put(key, value instanceof double[] a ? a.clone() : value);
        checkAll(next);
        options = next;
        return this;
    }

    /** A copy of the hyper-parameters by PyTorch key, pairs copied too, for the state dict. */
    final Map<String, Object> options() {
        return copy(options);
    }

    /** Replaces every hyper-parameter with {@code next}, already checked (by a group built from it). */
    final void replaceOptions(Map<String, Object> next) {
        options = copy(next);
    }

    private void checkAll(Map<String, Object> candidate) {
        float lr = (float) (double) (Double) candidate.get("lr");
        if (Float.isNaN(lr) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException(owner + ": invalid learning rate: " + lr
                    + " (expected a finite value >= 0)");
        }
        Object initial = candidate.get("initial_lr");
        if (initial != null) {
            checkNonNegative(candidate, "initial_lr", "initial_lr");
        }
        check(candidate);
    }

    /** Rejects a negative learning rate, when the group is made (defaults, builder, {@code addParamGroup}). */
    final void checkNewGroup() {
        checkNonNegative(options, "lr", "learning rate");
    }

    private static Map<String, Object> copy(Map<String, Object> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, v instanceof double[] a ? a.clone() : v));
        return out;
    }

    /** {@return the hyper-parameters by PyTorch key and the number of parameters, e.g. {@code {lr=0.01, ..., params=4}}} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        options.forEach((k, v) -> s.append(k).append('=').append(v instanceof double[] a
                ? "(" + a[0] + ", " + a[1] + ")" : v).append(", "));
        return s.append("params=").append(params.size()).append('}').toString();
    }
}
