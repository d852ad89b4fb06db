package dev.blitz.cli;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.data.Batch;
import dev.blitz.data.DataLoader;
import dev.blitz.data.Dataset;
import dev.blitz.models.LeNet;
import dev.blitz.optim.SGD;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A warm CPU training step of {@code scripts/train-mnist} (LeNet-5, data loader, cross-entropy, SGD with
 * momentum) allocates under 100 KiB of Java heap on all threads together: graph nodes and small objects, no
 * per-step arrays, which the CPU backend's pool and per-thread work arrays take instead. Steps allocate
 * megabytes until the JIT has compiled the Vector API kernels, so this measures windows of steps after a warm-up
 * and passes at the first window under the limit; it fails when none is, after many more steps than warming up
 * takes. A memory test, not a timing test: nothing here depends on how fast the steps run.
 */
class StepAllocationTest {
    private static final long LIMIT_BYTES = 100 * 1024;
    private static final int WARMUP = 100;
    private static final int WINDOW = 20;
    private static final int WINDOWS = 30;

    @ParameterizedTest
    @ValueSource(ints = {64, 256})
    void aWarmTrainingStepAllocatesUnder100KiB(int batch) {
        assertTrue(ProcessMemory.allocatedBytes() >= 0, "this JVM does not count allocated bytes per thread");
        Blitz.manualSeed(0);
        LeNet net = new LeNet();
        net.to(Device.CPU);
        SGD optimizer = SGD.builder(net.parameters(), 0.01).momentum(0.9).build();
        DataLoader loader = DataLoader.builder(images(batch * (WARMUP + WINDOW * WINDOWS))).batchSize(batch)
                .shuffle(0).device(Device.CPU).build();
        List<String> windows = new ArrayList<>();
        try (DataLoader.Epoch batches = loader.epoch(0)) {
            int steps = 0;
            long start = 0;
            for (Batch b : batches) {
                try (b) {
                    TrainMnist.trainStep(net, optimizer, b);
                }
                steps++;
                if (steps == WARMUP) {
                    start = ProcessMemory.allocatedBytes();
                } else if (steps > WARMUP && (steps - WARMUP) % WINDOW == 0) {
                    long perStep = (ProcessMemory.allocatedBytes() - start) / WINDOW;
                    windows.add(String.format(Locale.ROOT, "%.1f", perStep / 1024.0));
                    if (perStep < LIMIT_BYTES) {
                        return;
                    }
                    start = ProcessMemory.allocatedBytes();
                }
            }
        }
        fail("a training step at batch " + batch + " allocates more than " + LIMIT_BYTES / 1024 + " KiB; KiB per "
                + "step in windows of " + WINDOW + " steps after " + WARMUP + " steps of warm-up: " + windows);
    }

    /** Computed images (nothing stored, nothing allocated per sample), labelled 0 to 9 in turn. */
    private static Dataset images(int size) {
        return new Dataset() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Shape sampleShape() {
                return Shape.of(1, 32, 32);
            }

            @Override
            public void copySample(int index, float[] dst, int offset) {
                for (int k = 0; k < 1024; k++) {
                    dst[offset + k] = ((index * 131 + k * 17) % 251) / 125f - 1;
                }
            }

            @Override
            public int label(int index) {
                return index % 10;
            }
        };
    }
}
