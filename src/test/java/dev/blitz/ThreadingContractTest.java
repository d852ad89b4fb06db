package dev.blitz;

import dev.blitz.core.Device;
import dev.blitz.examples.FixtureValues;
import dev.blitz.models.LeNet;
import dev.blitz.nn.F;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The threading contract of Tensor's Javadoc on the CPU (CudaThreadsTest: on a GPU). */
class ThreadingContractTest {
    private static final int STEPS = 4;

    /** SGD with momentum on the fixtures' LeNet; every parameter afterwards, in stateDict order. */
    static float[][] train(Device device, CyclicBarrier start) throws Exception {
        LeNet net = FixtureValues.lenet(device);
        SGD optimizer = SGD.builder(net.parameters(), 0.01f).momentum(0.9f).build();
        Tensor input = FixtureValues.input(8, device);
        Tensor target = FixtureValues.target(8, device);
        start.await();
        for (int step = 0; step < STEPS; step++) {
            optimizer.zeroGrad();
            try (var scope = MemoryScope.open()) {
                F.mseLoss(net.forward(input), target).backward();
                optimizer.step();
            }
        }
        return net.parameters().stream().map(Tensor::toFloatArray).toArray(float[][]::new);
    }

    @Test
    void twoThreadsTrainingTheirOwnNetsGetWhatEachGetsAlone() throws Exception {
        float[][] alone = train(Device.CPU, new CyclicBarrier(1));
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<float[][]> job = () -> train(Device.CPU, together);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[][]>> runs = pool.invokeAll(List.of(job, job));
            for (Future<float[][]> run : runs) {
                float[][] params = run.get();
                assertEquals(alone.length, params.length);
                for (int i = 0; i < alone.length; i++) {
                    assertArrayEquals(alone[i], params[i], "parameter " + i + " after " + STEPS + " steps");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
