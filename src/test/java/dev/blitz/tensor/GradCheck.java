package dev.blitz.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks an op's backward against central finite differences. The output is projected onto fixed random weights
 * w, so L = sum(w * op(inputs)) is a scalar whose gradient is backward(w); L is evaluated in float64 from the
 * float32 outputs. Every input that requires grad is checked, element by element.
 */
public final class GradCheck {
    /** Step: large enough that float32 rounding stays far below the differences, small for smooth ops. */
    public static final double EPS = 1e-2;
    // Bugs show as errors of order one; float32 rounding of the outputs stays below ~3e-4 here.
    private static final double ATOL = 2e-3;
    private static final double RTOL = 2e-3;

    private GradCheck() {
    }

    /** Fails (AssertionError) naming the input and element whose analytic gradient disagrees. */
    public static void check(Function<Tensor[], Tensor> op, Tensor... inputs) {
        for (Tensor in : inputs) {
            in.setGrad(null);
        }
        Tensor out = op.apply(inputs);
        float[] w = normal(out.numel(), 7);
        out.backward(Tensor.of(w, out.shape(), out.device()));
        boolean any = false;
        for (int k = 0; k < inputs.length; k++) {
            if (!inputs[k].requiresGrad()) {
                continue;
            }
            any = true;
            Tensor grad = inputs[k].grad();
            if (grad == null || !grad.shape().equals(inputs[k].shape())) {
                throw new AssertionError("input " + k + " of shape " + inputs[k].shape() + " got gradient "
                        + (grad == null ? "null" : "of shape " + grad.shape()));
            }
            float[] analytic = grad.toFloatArray();
            for (int j = 0; j < analytic.length; j++) {
                double numeric = numericGradient(op, inputs, k, j, w);
                if (Math.abs(numeric - analytic[j]) > ATOL + RTOL * Math.abs(numeric)) {
                    throw new AssertionError("input " + k + " of shape " + inputs[k].shape() + ", element " + j
                            + ": backward gives " + analytic[j] + ", finite differences " + numeric);
                }
            }
        }
        if (!any) {
            throw new AssertionError("no input requires grad: nothing was checked");
        }
    }

    private static double numericGradient(Function<Tensor[], Tensor> op, Tensor[] inputs, int k, int j, float[] w) {
        float[] x = inputs[k].toFloatArray();
        float center = x[j];
        float plus = (float) (center + EPS);
        float minus = (float) (center - EPS);
        x[j] = plus;
        double lPlus = projected(op, inputs, k, x, w);
        x[j] = minus;
        double lMinus = projected(op, inputs, k, x, w);
        return (lPlus - lMinus) / ((double) plus - (double) minus);
    }

    private static double projected(Function<Tensor[], Tensor> op, Tensor[] inputs, int k, float[] xk, float[] w) {
        Tensor[] args = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            args[i] = i == k ? Tensor.of(xk, inputs[k].shape(), inputs[k].device()) : inputs[i].detach();
        }
        float[] out;
        try (var g = GradMode.noGrad()) {
            out = op.apply(args).toFloatArray();
        }
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += (double) w[i] * out[i];
        }
        return sum;
    }

    /** A leaf of the given shape with standard normal values, requiring grad. */
    public static Tensor randn(long seed, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Tensor.of(normal(n, seed), shape).requiresGrad(true);
    }

    /**
     * A leaf requiring grad whose values are shuffled ±0.05, ±0.15, ...: at least 0.05 from zero and 0.1 apart,
     * so no finite-difference step crosses a ReLU kink or changes which element wins a max-pool window.
     */
    public static Tensor distinct(long seed, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add((float) ((i - n / 2) * 0.1 + 0.05));
        }
        Collections.shuffle(values, new Random(seed));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = values.get(i);
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }

    private static float[] normal(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
