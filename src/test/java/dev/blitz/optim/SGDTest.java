package dev.blitz.optim;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SGDTest {

    /**
     * torch.optim.SGD's algorithm as its documentation writes it, in float64, one parameter tensor:
     * g = grad + λθ; b = g on the first step, else μb + (1 - τ)g; g = g + μb (Nesterov) or b; θ = θ - γg.
     * maximize negates the gradient first, as PyTorch's code (_single_tensor_sgd) does; the documentation's
     * "θ + γg at the end" says the same except with weight decay, where the code is what PyTorch runs.
     */
    record Hyper(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
                         boolean maximize) {
        SGD build(List<Tensor> params) {
            return SGD.builder(params, (float) lr).momentum((float) momentum).dampening((float) dampening)
                    .weightDecay((float) weightDecay).nesterov(nesterov).maximize(maximize).build();
        }
    }

    private static final class ReferenceParam {
        final double[] theta;
        double[] buffer;

        ReferenceParam(float[] values) {
            theta = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                theta[i] = values[i];
            }
        }

        void step(Hyper h, float[] grad) {
            boolean first = buffer == null;
            if (h.momentum != 0 && first) {
                buffer = new double[theta.length];
            }
            for (int i = 0; i < theta.length; i++) {
                double g = h.maximize ? -grad[i] : grad[i];
                if (h.weightDecay != 0) {
                    g += h.weightDecay * theta[i];
                }
                if (h.momentum != 0) {
                    buffer[i] = first ? g : h.momentum * buffer[i] + (1 - h.dampening) * g;
                    g = h.nesterov ? g + h.momentum * buffer[i] : buffer[i];
                }
                theta[i] -= h.lr * g;
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** Runs five steps with fresh gradients on two parameters (and one that never gets a gradient). */
    private static void assertMatchesReference(Hyper h) {
        Random r = new Random(42);
        int[][] shapes = {{3, 4}, {5}};
        List<Tensor> params = new ArrayList<>();
        List<ReferenceParam> reference = new ArrayList<>();
        for (int[] shape : shapes) {
            float[] v = random(r, Tensor.zeros(shape).numel());
            params.add(Tensor.of(v, shape).requiresGrad(true));
            reference.add(new ReferenceParam(v));
        }
        Tensor idle = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        List<Tensor> all = new ArrayList<>(params);
        all.add(idle);
        SGD sgd = h.build(all);
        for (int step = 1; step <= 5; step++) {
            for (int k = 0; k < params.size(); k++) {
                float[] grad = random(r, params.get(k).numel());
                params.get(k).setGrad(Tensor.of(grad, params.get(k).size()));
                reference.get(k).step(h, grad);
            }
            sgd.step();
            for (int k = 0; k < params.size(); k++) {
                float[] actual = params.get(k).toFloatArray();
                for (int i = 0; i < actual.length; i++) {
                    double expected = reference.get(k).theta[i];
                    assertEquals(expected, actual[i], 1e-5 * Math.max(1, Math.abs(expected)),
                            h + ", step " + step + ", parameter " + k + ", element " + i);
                }
            }
        }
        assertArrayEquals(new float[] {1, 2}, idle.toFloatArray(), "a parameter without grad is skipped");
        assertNull(sgd.momentumBuffer(idle));
    }

    static Stream<Hyper> settings() {
        return Stream.of(
                new Hyper(0.1, 0, 0, 0, false, false),
                new Hyper(0.05, 0.9, 0, 0, false, false),
                new Hyper(0.05, 0.9, 0.3, 0, false, false),
                new Hyper(0.05, 0.8, 0, 0, true, false),
                new Hyper(0.1, 0, 0, 0.01, false, false),
                new Hyper(0.1, 0.9, 0, 0.05, true, false),
                new Hyper(0.1, 0, 0, 0, false, true),
                new Hyper(0.1, 0.7, 0.1, 0.02, false, true));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void fiveStepsMatchTheReference(Hyper h) {
        assertMatchesReference(h);
    }

    @Test
    void maximizeNegatesTheGradientBeforeWeightDecay() {
        Tensor p = Tensor.of(new float[] {1}, 1).requiresGrad(true);
        p.setGrad(Tensor.of(new float[] {0.5f}, 1));
        SGD.builder(List.of(p), 0.1f).weightDecay(0.1f).maximize(true).build().step();
        // d = -0.5 + 0.1 * 1 = -0.4; θ = 1 - 0.1 * -0.4.
        assertEquals(1.04f, p.toFloatArray()[0], 1e-6);
    }

    @Test
    void aParameterFirstSeenLaterStartsItsOwnMomentumBuffer() {
        Tensor a = Tensor.of(new float[] {0}, 1).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {0}, 1).requiresGrad(true);
        SGD sgd = SGD.builder(List.of(a, b), 1f).momentum(0.5f).build();
        a.setGrad(Tensor.of(new float[] {1}, 1));
        sgd.step();
        sgd.step();
        assertNull(sgd.momentumBuffer(b));
        b.setGrad(Tensor.of(new float[] {1}, 1));
        sgd.step();
        // a: buffers 1, 1.5, 1.75 -> -4.25; b: first step copies the gradient -> -1.
        assertArrayEquals(new float[] {-4.25f}, a.toFloatArray());
        assertArrayEquals(new float[] {-1f}, b.toFloatArray());
        assertNotNull(sgd.momentumBuffer(b));
    }

    @Test
    void trainingLoopMinimizesAQuadratic() {
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        Tensor target = Tensor.of(new float[] {3, -1}, 2);
        SGD sgd = SGD.builder(List.of(w), 0.1f).momentum(0.5f).build();
        for (int i = 0; i < 100; i++) {
            sgd.zeroGrad();
            w.sub(target).mul(w.sub(target)).sum().backward();
            sgd.step();
        }
        assertArrayEquals(new float[] {3, -1}, w.toFloatArray(), 1e-4f);
    }

    @Test
    void zeroGradKeepsZeroTensors() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        SGD sgd = new SGD(List.of(w), 0.1f);
        w.mul(w).sum().backward();
        Tensor grad = w.grad();
        sgd.zeroGrad();
        assertSame(grad, w.grad());
        assertArrayEquals(new float[3], w.grad().toFloatArray());
    }

    private static String rejection(Runnable build) {
        return assertThrows(IllegalArgumentException.class, build::run).getMessage();
    }

    @Test
    void invalidHyperParametersAreRefused() {
        List<Tensor> params = List.of(Tensor.ones(2).requiresGrad(true));
        assertEquals("SGD: invalid learning rate: NaN (expected a finite value >= 0)",
                rejection(() -> new SGD(params, Float.NaN)));
        assertEquals("SGD: invalid learning rate: -0.1 (expected a finite value >= 0)",
                rejection(() -> new SGD(params, -0.1f)));
        assertEquals("SGD: invalid momentum value: -0.5 (expected a finite value >= 0)",
                rejection(() -> SGD.builder(params, 0.1f).momentum(-0.5f).build()));
        assertEquals("SGD: invalid weight_decay value: Infinity (expected a finite value >= 0)",
                rejection(() -> SGD.builder(params, 0.1f).weightDecay(Float.POSITIVE_INFINITY).build()));
        assertEquals("SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum=0.0, "
                + "dampening=0.0", rejection(() -> SGD.builder(params, 0.1f).nesterov(true).build()));
    }

    @Test
    void parametersMustBeLeaves() {
        assertEquals("SGD got an empty parameter list", rejection(() -> new SGD(List.of(), 0.1f)));
        Tensor nonLeaf = Tensor.ones(2).requiresGrad(true).mul(2f);
        assertEquals("SGD can't optimize a non-leaf Tensor: got one of shape [2] with grad_fn=<MulBackward0>",
                rejection(() -> new SGD(List.of(nonLeaf), 0.1f)));
        // A frozen parameter is accepted and left alone by step(), as PyTorch does.
        Tensor frozen = Tensor.ones(2);
        new SGD(List.of(frozen), 0.1f).step();
        assertArrayEquals(new float[] {1, 1}, frozen.toFloatArray());
        Tensor w = Tensor.ones(2, 3).requiresGrad(true);
        assertEquals("SGD got the same parameter (shape [2, 3]) twice, at positions 0 and 2; it would be updated "
                + "twice per step", rejection(() -> new SGD(List.of(w, Tensor.ones(1).requiresGrad(true), w), 0.1f)));
    }

    /** Numbers as users type them: {@code 0.01} is the float {@code 0.01f}, as PyTorch casts a Python float. */
    @Test
    void hyperParametersTypedAsDoubleLiteralsStepLikeTheirFloats() {
        float[] typed = stepOnce(SGD.builder(List.of(param()), 0.01).momentum(0.9).weightDecay(1e-4).build());
        float[] floats = stepOnce(SGD.builder(List.of(param()), 0.01f).momentum(0.9f).weightDecay(1e-4f).build());
        assertArrayEquals(floats, typed);
    }

    private static Tensor param() {
        return Tensor.of(new float[] {0.5f, -1.25f, 2f}, 3).requiresGrad(true);
    }

    private static float[] stepOnce(SGD optimizer) {
        Tensor p = optimizer.params.get(0);
        p.mul(p).sum().mul(2.5).backward();
        optimizer.step();
        return p.toFloatArray();
    }
}
