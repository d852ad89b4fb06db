package dev.blitz.backend.cuda;

import dev.blitz.Close;
import dev.blitz.core.Shape;
import dev.blitz.examples.FixtureValues;
import dev.blitz.models.LeNet;
import dev.blitz.nn.F;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several threads on one GPU (CudaBackend's lock): two threads training their own nets at once get what each gets
 * alone, and a bad cross-entropy target is reported to the thread whose loss it is.
 */
@Tag("gpu")
class CudaThreadsTest {
    private static final int STEPS = 20;

    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    private static float[][] train(CyclicBarrier start) throws Exception {
        LeNet net = FixtureValues.lenet(Gpu.CUDA);
        SGD optimizer = SGD.builder(net.parameters(), 0.01f).momentum(0.9f).build();
        Tensor input = FixtureValues.input(64, Gpu.CUDA);
        Tensor target = FixtureValues.target(64, Gpu.CUDA);
        start.await();
        for (int step = 0; step < STEPS; step++) {
            optimizer.zeroGrad();
            try (var scope = MemoryScope.open()) {
                Tensor loss = F.mseLoss(net.forward(input), target);
                loss.backward();
                optimizer.step();
                assertTrue(Float.isFinite(loss.item()), "step " + step); // a read: where a deferred error shows
            }
        }
        return net.parameters().stream().map(Tensor::toFloatArray).toArray(float[][]::new);
    }

    @Test
    void twoThreadsTrainingTheirOwnNetsGetWhatEachGetsAlone() throws Exception {
        float[][] alone = train(new CyclicBarrier(1));
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<float[][]> job = () -> train(together);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Future<float[][]> run : pool.invokeAll(List.of(job, job))) {
                float[][] params = run.get();
                assertEquals(alone.length, params.length);
                for (int i = 0; i < alone.length; i++) {
                    // Same kernels, algorithms and order per thread: only atomics in cuDNN may differ, in the last bits.
                    Close.assertCloseScaled(alone[i], params[i], 1e-5, 1e-5, "parameter " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBadTargetIsReportedToTheThreadThatUsedIt() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<float[][]> good = () -> train(start);
        Callable<String> bad = () -> {
            Tensor logits = Tensor.of(new float[4 * 10], Shape.of(4, 10), Gpu.CUDA);
            Tensor labels = Tensor.of(new float[] {0, 1, 12, 3}, Shape.of(4), Gpu.CUDA);
            start.await();
            String message = null;
            for (int i = 0; i < STEPS; i++) {
                try (var scope = MemoryScope.open()) {
                    Tensor loss = F.crossEntropy(logits, labels);
                    message = assertThrows(IllegalArgumentException.class, loss::item).getMessage();
                }
            }
            return message;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<float[][]> trained = pool.submit(good);
            Future<String> failed = pool.submit(bad);
            assertTrue(failed.get().contains("was 12.0, which is not a class index"), failed.get());
            assertEquals(10, trained.get().length, "the other thread trained undisturbed");
        } finally {
            pool.shutdownNow();
        }
    }
}
