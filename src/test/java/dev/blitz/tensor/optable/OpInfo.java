package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One row of the op table, as PyTorch's OpInfo: how to call the op, the inputs to try it on, the dtypes it takes
 * and whether it is differentiable. {@link OpTableTest} turns every row into a float64 finite-difference
 * gradient check, a dtype check, a check that views give what contiguous inputs give, and (tagged gpu) a
 * CPU/CUDA parity check; adding an op means adding a row to one of the families in {@link OpTable}.
 */
public final class OpInfo {
    /** Where an op's inputs may lie: the sample values are mapped into it. */
    public enum Domain {
        /** Any value in about (-2, 2). */
        ANY,
        /** Values in about [0.5, 2.5]: log, sqrt, rsqrt, a divisor, a base of pow. */
        POSITIVE,
        /** Values at least 0.1 away from each other and from 0, so no finite-difference step crosses a kink or tie. */
        DISTINCT,
        /** Values in [0.1, 0.9]: probabilities away from 0 and 1, as a binary cross-entropy takes them. */
        PROBABILITY
    }

    final String name;
    final Function<Tensor[], Tensor> op;
    final List<int[][]> samples = new ArrayList<>();
    final Set<DType> dtypes = EnumSet.of(DType.FLOAT32, DType.FLOAT64);
    boolean differentiable = true;
    Domain[] domains = {};
    /** The result's dtype for inputs of a dtype; the input's own by default. */
    UnaryOperator<DType> resultType = d -> d;

    private OpInfo(String name, Function<Tensor[], Tensor> op) {
        this.name = name;
        this.op = op;
    }

    /**
     * A row for an op of any number of tensor inputs.
     *
     * @param name the op's name, as in error messages (e.g. {@code "add"})
     * @param op calls the op on its inputs
     * @return the row, to be given samples
     */
    public static OpInfo of(String name, Function<Tensor[], Tensor> op) {
        return new OpInfo(name, op);
    }

    /**
     * A row for an op of one tensor, sampled on a matrix, a 3-D tensor, a 0-d and an empty tensor.
     *
     * @param name the op's name
     * @param op the op
     * @return the row
     */
    public static OpInfo unary(String name, UnaryOperator<Tensor> op) {
        return of(name, t -> op.apply(t[0])).samples(new int[][] {{3, 4}}, new int[][] {{2, 3, 2}},
                new int[][] {{}}, new int[][] {{0, 3}});
    }

    /**
     * A row for an op of two tensors with broadcasting, sampled on equal shapes, broadcast rows, columns and
     * scalars, and an empty tensor.
     *
     * @param name the op's name
     * @param op the op
     * @return the row
     */
    public static OpInfo binary(String name, java.util.function.BinaryOperator<Tensor> op) {
        return of(name, t -> op.apply(t[0], t[1])).samples(new int[][] {{3, 4}, {3, 4}}, new int[][] {{3, 4}, {4}},
                new int[][] {{2, 1, 4}, {3, 1}}, new int[][] {{}, {3}}, new int[][] {{0, 4}, {4}});
    }

    /**
     * Adds input shapes to try, one array of sizes per input.
     *
     * @param shapes per sample, the shapes of the op's inputs
     * @return this row
     */
    public OpInfo samples(int[][]... shapes) {
        samples.addAll(Arrays.asList(shapes));
        return this;
    }

    /**
     * Replaces the samples.
     *
     * @param shapes per sample, the shapes of the op's inputs
     * @return this row
     */
    public OpInfo onlySamples(int[][]... shapes) {
        samples.clear();
        return samples(shapes);
    }

    /**
     * The dtypes the op takes (float32 and float64 by default); others must fail with a message that names the
     * op and the dtype.
     *
     * @param types the dtypes
     * @return this row
     */
    public OpInfo dtypes(DType... types) {
        dtypes.clear();
        dtypes.addAll(Arrays.asList(types));
        return this;
    }

    /**
     * The result's dtype as a function of the inputs' (the input's own by default).
     *
     * @param rule the rule
     * @return this row
     */
    public OpInfo resultType(UnaryOperator<DType> rule) {
        resultType = rule;
        return this;
    }

    /**
     * Marks the op as not differentiable (comparisons, argmax, ...): no gradient check.
     *
     * @return this row
     */
    public OpInfo notDifferentiable() {
        differentiable = false;
        return this;
    }

    /**
     * Where each input's values lie (all {@link Domain#ANY} by default).
     *
     * @param perInput one domain per input; the last one repeats
     * @return this row
     */
    public OpInfo domain(Domain... perInput) {
        domains = perInput;
        return this;
    }

    Domain domain(int input) {
        return domains.length == 0 ? Domain.ANY : domains[Math.min(input, domains.length - 1)];
    }

    @Override
    public String toString() {
        return name;
    }
}
