package dev.blitz.cli;

import dev.blitz.Blitz;
import dev.blitz.backend.Backends;
import dev.blitz.backend.KernelProfile;
import dev.blitz.core.Device;
import dev.blitz.data.Batch;
import dev.blitz.data.DataLoader;
import dev.blitz.data.MnistDataset;
import dev.blitz.models.LeNet;
import dev.blitz.optim.SGD;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the first MNIST epoch's extra time goes on the CPU: the training command's steps (its warm-up thread
 * included), timed per backend kernel over steps 2-{@value #SPAN} and again over the next {@value #SPAN}, by
 * which time the JIT has compiled the kernels. A kernel's excess, the difference, is what its warm-up costs: the
 * time its code ran interpreted, or compiled by C1 with every Vector API vector boxed, before C2 got to it.
 * Printed as {@code WARMUP} lines, the largest excess first, after one for the first step and the totals.
 * Usage: {@code WarmUpProfile DATA_DIR}.
 */
public final class WarmUpProfile {
    private static final int BATCH = 64;
    private static final int SPAN = 299;
    private static final int LINES = 15;

    private WarmUpProfile() {
    }

    /**
     * Runs the profile and prints its lines.
     *
     * @param args {@code DATA_DIR}
     * @throws IOException if the MNIST files cannot be read
     */
    public static void main(String[] args) throws IOException {
        WarmUp.start(Device.CPU);
        MnistDataset train = MnistDataset.load(Path.of(args.length > 0 ? args[0] : "data/mnist"),
                MnistDataset.Split.TRAIN).forLeNet();
        KernelProfile kernels = Backends.profile(Device.CPU);
        Blitz.manualSeed(0);
        LeNet net = new LeNet();
        SGD optimizer = SGD.builder(net.parameters(), 0.01f).momentum(0.9f).build();
        DataLoader loader = DataLoader.builder(train).batchSize(BATCH).shuffle(0).build();
        if (loader.numBatches() < 1 + 2 * SPAN) {
            throw new IllegalArgumentException("WarmUpProfile needs " + (1 + 2 * SPAN) + " batches of " + BATCH
                    + "; the data has " + loader.numBatches());
        }
        double firstMs = 0;
        double[] spanMs = new double[2];
        List<Map<String, Double>> spans = new ArrayList<>();
        try (DataLoader.Epoch batches = loader.epoch(0)) {
            int step = 0;
            long start = System.nanoTime();
            for (Batch batch : batches) {
                try (batch) {
                    TrainMnist.trainStep(net, optimizer, batch);
                }
                step++;
                if (step == 1 || step == 1 + SPAN || step == 1 + 2 * SPAN) {
                    long now = System.nanoTime();
                    if (step == 1) {
                        firstMs = (now - start) / 1e6;
                    } else {
                        spanMs[spans.size()] = (now - start) / 1e6;
                        Map<String, Double> ms = new HashMap<>();
                        for (KernelProfile.Line line : kernels.lines()) {
                            ms.put(line.kernel(), line.nanos() / 1e6);
                        }
                        spans.add(ms);
                    }
                    kernels.reset();
                    start = System.nanoTime();
                }
                if (spans.size() == 2) {
                    break;
                }
            }
        }
        Map<String, Double> early = spans.get(0);
        Map<String, Double> late = spans.get(1);
        System.out.printf(Locale.ROOT, "WARMUP N=%d step1_ms=%.0f steps2_%d_ms=%.0f next_%d_steps_ms=%.0f "
                + "excess_ms=%.0f%n", BATCH, firstMs, 1 + SPAN, spanMs[0], SPAN, spanMs[1], spanMs[0] - spanMs[1]);
        List<String> names = new ArrayList<>(early.keySet());
        names.sort(Comparator.comparingDouble(k -> late.getOrDefault(k, 0.0) - early.get(k)));
        for (String name : names.subList(0, Math.min(LINES, names.size()))) {
            double e = early.get(name);
            double l = late.getOrDefault(name, 0.0);
            System.out.printf(Locale.ROOT, "WARMUP N=%d kernel=%s early_ms=%.1f late_ms=%.1f excess_ms=%.1f%n", BATCH,
                    name, e, l, e - l);
        }
    }
}
