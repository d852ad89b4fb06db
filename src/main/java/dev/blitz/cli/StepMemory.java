package dev.blitz.cli;

import dev.blitz.core.Device;

import java.util.Locale;

/**
 * Checks a batch size against what one LeNet-5 training step on 32×32 images needs, before anything runs: a batch
 * whose largest tensor has more elements than an {@code int} indexes, or whose step cannot fit in the Java heap,
 * is refused with the largest batch that fits instead of failing minutes later inside an op.
 */
final class StepMemory {
    /** A tensor's largest element count ({@code Shape}'s limit). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** Floats per image of a step's largest tensor: conv1's output, [N, 6, 28, 28]. */
    static final long LARGEST_PER_IMAGE = 6 * 28 * 28;
    /**
     * Heap bytes per image of a step on the CPU: every layer's output and its gradient (about 30,000 floats, kept
     * until the step ends), the data loader's arrays (4 batches of 1,025 floats), and the allocator's rounding.
     * Measured: a step on 10,000 images needs a heap of 1.4-1.5 GiB, one on 5,000 images 0.7-0.8 GiB.
     */
    static final long CPU_BYTES_PER_IMAGE = 144_000;
    /** Heap bytes per image when the step runs on a GPU: only the data loader's host arrays. */
    static final long HOST_BYTES_PER_IMAGE = 4 * 4 * 1025;
    /** The rest of the heap: the data sets' bytes, the model, the JVM's own. */
    static final long FIXED_BYTES = 64L << 20;

    private StepMemory() {
    }

    /**
     * @param requested the {@code --batch-size} given
     * @param batch the images per step: {@code requested}, or all training images when there are fewer
     * @param trainImages the training images
     * @param device where the step runs
     * @param maxHeap the most heap Java may use ({@code Runtime.maxMemory()})
     * @throws IllegalArgumentException saying what the batch needs and the largest that fits
     */
    static void check(int requested, int batch, int trainImages, Device device, long maxHeap) {
        String asked = "--batch-size " + requested + (batch < requested ? " (one batch of all " + trainImages
                + " training images)" : "");
        if (batch * LARGEST_PER_IMAGE > MAX_ELEMENTS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is too large: conv1's output would be "
                            + "a [%d, 6, 28, 28] tensor of %d floats, more than the %d one tensor can hold; use "
                            + "--batch-size %d or less", asked, batch, batch * LARGEST_PER_IMAGE, MAX_ELEMENTS,
                    MAX_ELEMENTS / LARGEST_PER_IMAGE));
        }
        long perImage = device.type() == Device.Type.CPU ? CPU_BYTES_PER_IMAGE : HOST_BYTES_PER_IMAGE;
        long needed = FIXED_BYTES + batch * perImage;
        if (needed > maxHeap) {
            long fits = Math.max(0, (maxHeap - FIXED_BYTES) / perImage);
            long suggested = (needed + needed / 4 + (1L << 30) - 1) >> 30;
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s needs about %s of Java heap for one "
                            + "training step on %s, but Java may use at most %s; use --batch-size %d or less, or give "
                            + "Java more memory with -Xmx (e.g. JDK_JAVA_OPTIONS=-Xmx%dg scripts/train-mnist ...)",
                    asked, gib(needed), device, gib(maxHeap), round(fits), suggested));
        }
    }

    /** Two decimals, so that a need just over the limit does not read as equal to it ("1.4 GiB ... 1.4 GiB"). */
    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }

    /** A batch size people can type: two significant digits, rounded down. */
    private static long round(long n) {
        long unit = 1;
        while (n / unit >= 100) {
            unit *= 10;
        }
        return n / unit * unit;
    }
}
