package dev.blitz.optim.lr;

import dev.blitz.optim.Adagrad;
import dev.blitz.optim.AdamW;
import dev.blitz.optim.Optimizer;
import dev.blitz.optim.RMSprop;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Optimizers driven by schedulers for 40 steps, saved after step 20 and resumed into new objects, against float64
 * references of PyTorch's documented update rules fed the documented schedules (closed forms: the recursive forms
 * differ from them in the last bits of a double, far below float32). The loop is PyTorch's: optimizer.step() with
 * the current learning rate, then scheduler.step().
 */
class SchedulerTrainingTest {
    private static final float[] START = {0.5f, -1.25f, 2f, 0f, -0.03f, 1e-3f};
    private static final int STEPS = 40;
    private static final int SAVE_AFTER = 20;

    private static float grad(int t, int i) {
        return (float) (Math.sin(1.3 * t + 0.7 * i) * Math.pow(10, (i % 3) - 1)) * (i == 3 && t % 2 == 0 ? 0 : 1);
    }

    /** A float64 reference: step t (1-based) with the schedule's values for epoch t - 1. */
    private interface Reference {
        void step(int t, double[] theta, double g, int i);
    }

    private static double[] runReference(Reference reference) {
        double[] theta = new double[START.length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = START[i];
        }
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < theta.length; i++) {
                reference.step(t, theta, grad(t, i), i);
            }
        }
        return theta;
    }

    /**
     * Trains for {@link #STEPS}, saving both state dicts after {@link #SAVE_AFTER} steps and continuing with a new
     * parameter, optimizer and scheduler built as the first ones were, then loaded.
     */
    private static float[] trainWithResume(Function<Tensor, Optimizer> optimizer,
                                           Function<Optimizer, LRScheduler> scheduler) {
        Tensor p = Tensor.of(START.clone(), START.length).requiresGrad(true);
        Optimizer opt = optimizer.apply(p);
        LRScheduler sched = scheduler.apply(opt);
        for (int t = 1; t <= STEPS; t++) {
            if (t == SAVE_AFTER + 1) {
                Map<String, Tensor> optimizerState = opt.stateDict();
                Map<String, Tensor> schedulerState = sched.stateDict();
                p = Tensor.of(p.toFloatArray(), START.length).requiresGrad(true);
                opt = optimizer.apply(p);
                sched = scheduler.apply(opt);
                opt.loadStateDict(optimizerState);
                sched.loadStateDict(schedulerState);
            }
            float[] g = new float[START.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = grad(t, i);
            }
            p.setGrad(Tensor.of(g, START.length));
            opt.step();
            sched.step();
        }
        return p.toFloatArray();
    }

    private static void assertClose(double[] expected, float[] got, double tolerance) {
        double moved = 0;
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], tolerance * Math.max(1, Math.abs(expected[i])), "element " + i);
            moved = Math.max(moved, Math.abs(expected[i] - START[i]));
        }
        assertEquals(true, moved > 1e-2, "the parameters moved " + moved + ": a wrong rule would show");
    }

    @Test
    void sgdWithOneCycleCyclingItsMomentum() {
        OneCycleReference schedule = OneCycleReference.defaults(STEPS, 0.05);
        double[] buf = new double[START.length];
        // g = grad + λθ; b = g at the first step, else μ_t b + g; θ -= γ_t b.
        double[] expected = runReference((t, theta, grad, i) -> {
            double[] lrMomentum = schedule.at(t - 1);
            double g = grad + 0.01 * theta[i];
            buf[i] = t == 1 ? g : lrMomentum[1] * buf[i] + g;
            theta[i] -= lrMomentum[0] * buf[i];
        });
        float[] got = trainWithResume(p -> SGD.builder(List.of(p), 0.05).momentum(0.9).weightDecay(0.01).build(),
                o -> new OneCycleLR(o, 0.05, STEPS));
        assertClose(expected, got, 1e-5);
    }

    @Test
    void adamWWithOneCycleCyclingBeta1() {
        OneCycleReference schedule = OneCycleReference.defaults(STEPS, 0.01);
        double[] m = new double[START.length];
        double[] v = new double[START.length];
        // θ -= γλθ; m = β1 m + (1 - β1) g; v = β2 v + (1 - β2) g²; θ -= γ m̂ / (√v̂ + ε), β1 and γ from the schedule.
        double[] expected = runReference((t, theta, g, i) -> {
            double[] lrBeta1 = schedule.at(t - 1);
            double lr = lrBeta1[0];
            double b1 = lrBeta1[1];
            theta[i] -= lr * 0.05 * theta[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = 0.999 * v[i] + (1 - 0.999) * g * g;
            double mHat = m[i] / (1 - Math.pow(b1, t));
            double vHat = v[i] / (1 - Math.pow(0.999, t));
            theta[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
        });
        float[] got = trainWithResume(p -> AdamW.builder(List.of(p), 0.01).weightDecay(0.05).build(),
                o -> new OneCycleLR(o, 0.01, STEPS));
        assertClose(expected, got, 1e-5);
    }

    @Test
    void centeredRmspropWithCosineAnnealing() {
        double[] v = new double[START.length];
        double[] gAvg = new double[START.length];
        double[] b = new double[START.length];
        double[] expected = runReference((t, theta, g, i) -> {
            double lr = 1e-4 + (0.01 - 1e-4) * (1 + Math.cos(Math.PI * (t - 1) / 15)) / 2;
            v[i] = 0.9 * v[i] + (1 - 0.9) * g * g;
            gAvg[i] = 0.9 * gAvg[i] + (1 - 0.9) * g;
            b[i] = 0.5 * b[i] + g / (Math.sqrt(v[i] - gAvg[i] * gAvg[i]) + 1e-8);
            theta[i] -= lr * b[i];
        });
        float[] got = trainWithResume(
                p -> RMSprop.builder(List.of(p), 0.01).alpha(0.9).momentum(0.5).centered(true).build(),
                o -> new CosineAnnealingLR(o, 15, 1e-4));
        assertClose(expected, got, 2e-5);
    }

    @Test
    void adagradWithStepLR() {
        double[] sum = new double[START.length];
        double[] expected = runReference((t, theta, g, i) -> {
            double lr = 0.2 * Math.pow(0.5, (t - 1) / 10);
            double clr = lr / (1 + (t - 1) * 0.01);
            sum[i] += g * g;
            theta[i] -= clr * g / (Math.sqrt(sum[i]) + 1e-10);
        });
        float[] got = trainWithResume(p -> Adagrad.builder(List.of(p), 0.2).lrDecay(0.01).build(),
                o -> new StepLR(o, 10, 0.5));
        assertClose(expected, got, 1e-5);
    }
}
