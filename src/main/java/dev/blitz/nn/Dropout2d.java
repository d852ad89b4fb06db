package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/**
 * Channel dropout, as {@code nn.Dropout2d(p)}: in training each whole channel (an H × W plane) is zeroed with
 * probability {@code p} and the rest scaled by {@code 1 / (1 - p)}; in evaluation the input passes unchanged. See
 * {@link F#dropout2d(Tensor, double, boolean)}.
 */
public class Dropout2d extends Module {
    private final double p;

    /** Channel dropout with PyTorch's default {@code p = 0.5}, as {@code nn.Dropout2d()}. */
    public Dropout2d() {
        this(0.5);
    }

    /**
     * Channel dropout with probability {@code p}, as {@code nn.Dropout2d(p)}.
     *
     * @param p the probability of zeroing each channel, in [0, 1]
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public Dropout2d(double p) {
        DropoutFunction.checkP(p);
        this.p = p;
    }

    /**
     * Drops channels in training; returns {@code input} itself in evaluation.
     *
     * @param input (N, C, H, W) or (C, H, W)
     * @return a tensor of its shape
     * @throws IllegalArgumentException if the input is not 3-D or 4-D
     */
    @Override
    public Tensor forward(Tensor input) {
        return F.dropout2d(input, p, isTraining());
    }

    @Override
    protected String extraRepr() {
        return "p=" + PyFloat.repr(p) + ", inplace=False";
    }
}
