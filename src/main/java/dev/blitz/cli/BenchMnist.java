package dev.blitz.cli;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.data.Batch;
import dev.blitz.data.DataLoader;
import dev.blitz.data.MnistDataset;
import dev.blitz.models.LeNet;
import dev.blitz.optim.SGD;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Seconds per MNIST epoch of LeNet-5 training at batch 64, as {@code scripts/train-mnist} runs it (DataLoader,
 * cross-entropy, SGD with momentum), per device: the mean time of {@code steps} real steps after a warm-up,
 * times the steps in an epoch (938), so it is an estimate unless {@code steps} covers the whole epoch; with the
 * Java heap those steps allocated on all threads (the median step: warm; the mean: with what the JIT's warm-up
 * still costs) and the process's peak resident memory.
 * Usage: {@code BenchMnist DATA_DIR [steps, default 200] [devices, default cpu,cuda]}.
 */
public final class BenchMnist {
    private static final int BATCH = 64;
    private static final int WARMUP = 20;

    private BenchMnist() {
    }

    /**
     * Runs the benchmark and prints one line per device; a device that cannot be used is reported and skipped.
     *
     * @param args {@code DATA_DIR [steps] [devices]}, as in the class description
     * @throws IOException if the MNIST files cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "data/mnist");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<String> devices = Arrays.asList((args.length > 2 ? args[2] : "cpu,cuda").split(","));
        MnistDataset train = MnistDataset.load(data, MnistDataset.Split.TRAIN).forLeNet();
        for (String name : devices) {
            Device device = name.equals("cuda") ? Device.cuda() : Device.CPU;
            if (!Blitz.isAvailable(device)) {
                System.out.println("RESULT engine=blitz device=" + name + " unavailable: "
                        + Blitz.unavailableReason(device));
                continue;
            }
            bench(train, device, name, steps);
        }
    }

    private static void bench(MnistDataset train, Device device, String name, int steps) {
        Blitz.manualSeed(0);
        LeNet net = new LeNet();
        net.to(device);
        SGD optimizer = SGD.builder(net.parameters(), 0.01f).momentum(0.9f).build();
        DataLoader loader = DataLoader.builder(train).batchSize(BATCH).shuffle(0).device(device).build();
        int total = Math.min(WARMUP + steps, loader.numBatches());
        List<Double> times = new ArrayList<>();
        List<Long> allocations = new ArrayList<>();
        try (DataLoader.Epoch batches = loader.epoch(0)) {
            long allocated = ProcessMemory.allocatedBytes();
            long last = System.nanoTime();
            for (Batch batch : batches) {
                try (batch) {
                    TrainMnist.trainStep(net, optimizer, batch);
                }
                long now = System.nanoTime();
                times.add((now - last) / 1e6);
                long bytes = ProcessMemory.allocatedBytes();
                allocations.add(bytes - allocated);
                allocated = bytes;
                last = System.nanoTime();
                if (times.size() == total) {
                    break;
                }
            }
        }
        int first = Math.min(WARMUP, times.size() - 1);
        List<Double> timed = times.subList(first, times.size());
        long[] bytes = allocations.subList(first, allocations.size()).stream().mapToLong(Long::longValue).sorted()
                .toArray();
        double mean = timed.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double[] sorted = timed.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        System.out.printf(Locale.ROOT, "RESULT engine=blitz device=%s N=%d steps=%d mean_ms=%.3f median_ms=%.3f "
                        + "s_per_epoch=%.1f (estimate: %d steps x mean) alloc_kib_median=%.1f alloc_kib_mean=%.1f "
                        + "peak_rss=%s%n", name, BATCH, timed.size(), mean, median, loader.numBatches() * mean / 1000,
                loader.numBatches(), bytes[bytes.length / 2] / 1024.0,
                Arrays.stream(bytes).average().orElse(Double.NaN) / 1024, ProcessMemory.peakResident().replace(" ", ""));
    }
}
