package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.core.MemoryStats;
import dev.blitz.core.Shape;
import dev.blitz.data.Batch;
import dev.blitz.data.DataLoader;
import dev.blitz.data.Dataset;
import dev.blitz.models.LeNet;
import dev.blitz.nn.F;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Memory;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A soak test through the public API, for {@code scripts/soak}: LeNet-5 trained for many steps (SGD with momentum,
 * cross-entropy, a {@link MemoryScope} per step) on fixed data ({@link FixtureValues}' rule) fed by a shuffling
 * {@link DataLoader}, so every few steps a new epoch and its thread start. Every {@code --every} steps it samples,
 * after a full GC: the process's resident memory (VmRSS), the heap in use, the device memory in use and the live
 * threads. The first tenth of the steps is warm-up. Each figure's smallest value over the last three samples is
 * compared with its smallest over the first three after warm-up (a leak raises all three, a passing spike one),
 * and the soak fails (exit 1) when it grew by more than: heap 32 MiB + 10%, RSS 64 MiB + 10%, device memory 1 MiB,
 * threads 2; or when a loss is not finite.
 * Usage: {@code Soak [steps=20000] [--device auto|cpu|cuda|cuda:N] [--every steps/20] [--batch-size 64]}.
 */
public final class Soak {
    private static final int HEAP_SLACK_MIB = 32;
    private static final int RSS_SLACK_MIB = 64;
    private static final int DEVICE_SLACK_MIB = 1;
    private static final int THREAD_SLACK = 2;
    private static final int SAMPLES_PER_EPOCH = 640;

    private Soak() {
    }

    /** One measurement, taken after a full GC. */
    record Sample(long step, double seconds, float loss, long rss, long heap, long device, int threads) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "step %7d  %7.1f s  loss %.4f  rss %s  heap %s  device %s  threads %d",
                    step, seconds, loss, mib(rss), mib(heap), mib(device), threads);
        }
    }

    /**
     * Runs the soak and exits with 0 (flat), 1 (growth or a non-finite loss) or 2 (bad arguments).
     *
     * @param args {@code [steps] [--device D] [--every N] [--batch-size N]}
     */
    public static void main(String[] args) {
        long steps = 20_000;
        long every = -1;
        int batchSize = 64;
        Device device;
        try {
            String deviceName = "auto";
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--")) {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--device" -> deviceName = v;
                        case "--every" -> every = positive(a, v);
                        case "--batch-size" -> batchSize = (int) positive(a, v);
                        default -> throw new IllegalArgumentException("unknown option " + a
                                + "; expected --device, --every or --batch-size");
                    }
                } else {
                    steps = positive("steps", a);
                }
            }
            device = device(deviceName);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.err.println("usage: Soak [steps=20000] [--device auto|cpu|cuda|cuda:N] [--every steps/20]"
                    + " [--batch-size 64]");
            System.exit(2);
            return;
        }
        if (every < 0) {
            every = Math.max(1, steps / 20);
        }
        System.exit(run(steps, every, batchSize, device) ? 0 : 1);
    }

    private static long positive(String what, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a positive integer, got '" + value + "'");
    }

    private static Device device(String name) {
        if (name.equals("auto")) {
            return Blitz.defaultDevice();
        }
        if (name.equals("cpu")) {
            return Device.CPU;
        }
        if (name.equals("cuda")) {
            return Device.cuda();
        }
        if (name.matches("cuda:\\d+")) {
            return Device.cuda(Integer.parseInt(name.substring(5)));
        }
        throw new IllegalArgumentException("--device must be auto, cpu, cuda or cuda:N, got '" + name + "'");
    }

    /** Trains and samples; prints each sample and the verdict; true when nothing grew. */
    static boolean run(long steps, long every, int batchSize, Device device) {
        if (!Blitz.isAvailable(device)) {
            System.err.println("soak: " + device + " is not usable here: " + Blitz.unavailableReason(device));
            return false;
        }
        System.out.println("soak: " + steps + " LeNet-5 steps, batch " + batchSize + ", on " + Blitz.describe(device)
                + ", a sample every " + every + " steps");
        LeNet net = FixtureValues.lenet(device);
        SGD optimizer = SGD.builder(net.parameters(), 0.01f).momentum(0.9f).build();
        DataLoader loader = DataLoader.builder(fixedData()).batchSize(batchSize).shuffle(0).device(device).build();
        long warmUp = Math.max(every, steps / 10);
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long step = 0;
        float loss = Float.NaN;
        while (step < steps) {
            for (Batch batch : loader) { // each pass over the loader is its next epoch
                optimizer.zeroGrad();
                try (batch; var scope = MemoryScope.open()) {
                    Tensor l = F.crossEntropy(net.forward(batch.images()), batch.labels());
                    l.backward();
                    optimizer.step();
                    loss = l.item();
                }
                step++;
                if (!Float.isFinite(loss)) {
                    System.out.println("soak: FAIL: the loss of step " + step + " is " + loss);
                    return false;
                }
                if (step % every == 0 || step == steps) {
                    Sample s = sample(step, (System.nanoTime() - start) / 1e9, loss, device);
                    samples.add(s);
                    System.out.println("soak: " + s + (step < warmUp ? "  (warm-up)" : ""));
                }
                if (step == steps) {
                    break; // leaves this epoch early: its loader thread stops once the GC finds the epoch
                }
            }
        }
        return verdict(samples, warmUp);
    }

    private static Sample sample(long step, double seconds, float loss, Device device) {
        System.gc();
        try {
            Thread.sleep(50); // lets the Cleaners of what the GC found (epochs left early) run, then collect again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        MemoryStats stats = Memory.stats(device);
        return new Sample(step, seconds, loss, rss(), heap, stats.bytesInUse(),
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    /** VmRSS from /proc/self/status, in bytes; -1 where there is none (not Linux). */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc here
        }
        return -1;
    }

    /** Compares the last samples with the first ones after warm-up; prints the figures and PASS or FAIL. */
    static boolean verdict(List<Sample> samples, long warmUp) {
        List<Sample> settled = samples.stream().filter(s -> s.step() >= warmUp).toList();
        int k = Math.min(3, settled.size() / 2);
        if (k == 0) {
            System.out.println("soak: FAIL: too few samples after warm-up to compare (use more steps or a smaller"
                    + " --every)");
            return false;
        }
        List<Sample> early = settled.subList(0, k);
        List<Sample> late = settled.subList(settled.size() - k, settled.size());
        Sample first = samples.get(0);
        Sample end = samples.get(samples.size() - 1);
        Sample from = least(early);
        Sample to = least(late);
        List<String> grown = new ArrayList<>();
        long mib = 1L << 20;
        check(grown, "heap after GC", from.heap(), to.heap(), HEAP_SLACK_MIB * mib + from.heap() / 10);
        if (from.rss() >= 0) {
            check(grown, "RSS", from.rss(), to.rss(), RSS_SLACK_MIB * mib + from.rss() / 10);
        }
        check(grown, "device memory in use", from.device(), to.device(), DEVICE_SLACK_MIB * mib);
        if (to.threads() > from.threads() + THREAD_SLACK) {
            grown.add("threads " + from.threads() + " -> " + to.threads() + " (tolerance +" + THREAD_SLACK + ")");
        }
        System.out.printf(Locale.ROOT, "soak: %d steps in %.0f s (%.1f steps/s). First sample (step %d): RSS %s,"
                        + " heap after GC %s. Least of steps %d-%d -> least of steps %d-%d: RSS %s -> %s, heap after"
                        + " GC %s -> %s, device in use %s -> %s, threads %d -> %d%n", end.step(), end.seconds(),
                end.step() / end.seconds(), first.step(), mib(first.rss()), mib(first.heap()), early.get(0).step(),
                early.get(k - 1).step(), late.get(0).step(), late.get(k - 1).step(), mib(from.rss()), mib(to.rss()),
                mib(from.heap()), mib(to.heap()), mib(from.device()), mib(to.device()), from.threads(), to.threads());
        if (grown.isEmpty()) {
            System.out.println("soak: PASS (nothing grew beyond its tolerance)");
            return true;
        }
        System.out.println("soak: FAIL: grew over the run: " + String.join("; ", grown));
        return false;
    }

    /** Each figure's smallest value over {@code samples}: a leak raises them all, a passing spike one. */
    private static Sample least(List<Sample> samples) {
        return new Sample(samples.get(0).step(), samples.get(0).seconds(), samples.get(0).loss(),
                samples.stream().mapToLong(Sample::rss).min().orElseThrow(),
                samples.stream().mapToLong(Sample::heap).min().orElseThrow(),
                samples.stream().mapToLong(Sample::device).min().orElseThrow(),
                samples.stream().mapToInt(Sample::threads).min().orElseThrow());
    }

    private static void check(List<String> grown, String what, long base, long now, long tolerance) {
        if (now - base > tolerance) {
            grown.add(what + " " + mib(base) + " -> " + mib(now) + " (tolerance +" + mib(tolerance) + ")");
        }
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** 640 LeNet inputs by the fixtures' rule, labelled 0 to 9 in turn. */
    private static Dataset fixedData() {
        float[] images = FixtureValues.values(SAMPLES_PER_EPOCH * 32 * 32, 11, 1.0);
        return new Dataset() {
            @Override
            public int size() {
                return SAMPLES_PER_EPOCH;
            }

            @Override
            public Shape sampleShape() {
                return Shape.of(1, 32, 32);
            }

            @Override
            public void copySample(int index, float[] dst, int offset) {
                System.arraycopy(images, index * 1024, dst, offset, 1024);
            }

            @Override
            public int label(int index) {
                return index % 10;
            }
        };
    }
}
