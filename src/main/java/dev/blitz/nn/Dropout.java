package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/**
 * Dropout, as {@code nn.Dropout(p)}: in training each element is zeroed with probability {@code p} and the rest
 * scaled by {@code 1 / (1 - p)}, from Blitz's generator (so {@code Blitz.manualSeed} makes it repeatable); in
 * evaluation the input passes unchanged. See {@link F#dropout(Tensor, double, boolean)}.
 */
public class Dropout extends Module {
    private final double p;

    /** Dropout with PyTorch's default {@code p = 0.5}, as {@code nn.Dropout()}. */
    public Dropout() {
        this(0.5);
    }

    /**
     * Dropout with probability {@code p}, as {@code nn.Dropout(p)}.
     *
     * @param p the probability of zeroing each element, in [0, 1]
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]: {@code "dropout probability has to be
     *     between 0 and 1, but got 1.5"}
     */
    public Dropout(double p) {
        DropoutFunction.checkP(p);
        this.p = p;
    }

    /**
     * Drops elements in training; returns {@code input} itself in evaluation.
     *
     * @param input any floating point tensor
     * @return a tensor of its shape
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.dropout(input, p, isTraining());
    }

    @Override
    protected String extraRepr() {
        return "p=" + PyFloat.repr(p) + ", inplace=False";
    }
}
