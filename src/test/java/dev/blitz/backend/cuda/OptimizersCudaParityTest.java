package dev.blitz.backend.cuda;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.nn.utils.ClipGrad;
import dev.blitz.optim.Adagrad;
import dev.blitz.optim.Optimizer;
import dev.blitz.optim.RMSprop;
import dev.blitz.optim.SGD;
import dev.blitz.optim.lr.LRScheduler;
import dev.blitz.optim.lr.OneCycleLR;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.blitz.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The optimizers composed of tensor ops (RMSprop, Adagrad), gradient clipping and a scheduler-driven SGD on the
 * GPU against the same steps on the CPU: the ops are elementwise, so the results agree to float32 rounding.
 */
@Tag("gpu")
class OptimizersCudaParityTest {
    private static final int N = 1000;
    private static final int STEPS = 20;

    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    private static float[] values(int seed, float scale) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = (float) (Math.sin(0.37 * i + seed) * scale * (1 + i % 7));
        }
        return v;
    }

    /** Twenty steps on {@code device}, clipping each step's gradient to norm 5 first; the final parameter. */
    private static float[] train(Device device, Function<Tensor, Optimizer> build,
                                 Function<Optimizer, LRScheduler> scheduler) {
        try (var scope = MemoryScope.open()) {
            Tensor p = Tensor.of(values(0, 1), Shape.of(N), device).requiresGrad(true);
            Optimizer opt = build.apply(p);
            LRScheduler sched = scheduler == null ? null : scheduler.apply(opt);
            for (int t = 1; t <= STEPS; t++) {
                p.setGrad(Tensor.of(values(t, 0.1f), Shape.of(N), device));
                Tensor norm = ClipGrad.clipGradNorm(List.of(p), 5);
                assertEquals(device, norm.device());
                opt.step();
                if (sched != null) {
                    sched.step();
                }
            }
            return p.toFloatArray();
        }
    }

    private static void assertSameOnBoth(String what, Function<Tensor, Optimizer> build,
                                         Function<Optimizer, LRScheduler> scheduler) {
        float[] cpu = train(Device.CPU, build, scheduler);
        float[] gpu = train(Gpu.CUDA, build, scheduler);
        assertClose(cpu, gpu, 1e-5, 1e-5, what);
    }

    @Test
    void centeredRmspropWithMomentum() {
        assertSameOnBoth("RMSprop", p -> RMSprop.builder(List.of(p), 1e-3).momentum(0.9).centered(true)
                .weightDecay(1e-4).build(), null);
    }

    @Test
    void adagradWithDecay() {
        assertSameOnBoth("Adagrad", p -> Adagrad.builder(List.of(p), 0.05).lrDecay(0.01)
                .initialAccumulatorValue(0.1).build(), null);
    }

    @Test
    void sgdDrivenByOneCycle() {
        assertSameOnBoth("SGD with OneCycleLR", p -> SGD.builder(List.of(p), 0.01).momentum(0.9).build(),
                o -> new OneCycleLR(o, 0.1, STEPS));
    }
}
