package dev.blitz.data;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.data.transforms.ByteImage;
import dev.blitz.data.transforms.Compose;
import dev.blitz.data.transforms.Normalize;
import dev.blitz.data.transforms.ToTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CIFAR-10's binary format, on small files in that format that the test writes. */
class Cifar10DatasetTest {
    private static final String NAMES = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";

    @TempDir
    Path dir;

    /** The value the test writes at channel c, row y, column x of record n (numbered over all files). */
    private static int pixel(int n, int c, int y, int x) {
        return (n * 7 + c * 50 + y * 3 + x) & 0xff;
    }

    /** Records first .. first+count-1: label (n * 3) % 10, then the red, green and blue 32×32 planes. */
    private static byte[] records(int first, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = first; n < first + count; n++) {
            out.write((n * 3) % 10);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        out.write(pixel(n, c, y, x));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** The binary version's folder: five training files of 2, 1, 3, 1 and 2 records, a test file of 4. */
    private Path writeCifar(Path folder) throws IOException {
        Files.createDirectories(folder);
        int[] counts = {2, 1, 3, 1, 2};
        int n = 0;
        for (int f = 0; f < 5; f++) {
            Files.write(folder.resolve("data_batch_" + (f + 1) + ".bin"), records(n, counts[f]));
            n += counts[f];
        }
        Files.write(folder.resolve("test_batch.bin"), records(100, 4));
        Files.writeString(folder.resolve("batches.meta.txt"), NAMES);
        return folder;
    }

    @Test
    void readsRecordsInFileOrderAsChannelPlanes() throws IOException {
        Cifar10Dataset train = Cifar10Dataset.load(writeCifar(dir), Cifar10Dataset.Split.TRAIN);
        assertEquals(9, train.size());
        assertEquals(Shape.of(3, 32, 32), train.sampleShape());
        assertEquals(Cifar10Dataset.CLASSES, train.classes());
        float[] x = new float[2 * 3072];
        for (int n = 0; n < 9; n++) {
            assertEquals((n * 3) % 10, train.label(n));
            train.copySample(n, x, 3072);
            ByteImage raw = train.get(n);
            assertEquals(ByteImage.Layout.CHW, raw.layout());
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y += 5) {
                    for (int xx = 0; xx < 32; xx += 3) {
                        // ToTensor's value: pixel / 255 at [c, y, x].
                        assertEquals(pixel(n, c, y, xx) / 255f, x[3072 + (c * 32 + y) * 32 + xx], "record " + n);
                        assertEquals(pixel(n, c, y, xx), raw.get(c, y, xx));
                    }
                }
            }
        }
        Cifar10Dataset test = Cifar10Dataset.load(dir, Cifar10Dataset.Split.TEST);
        assertEquals(4, test.size());
        assertEquals((101 * 3) % 10, test.label(1));
        assertEquals(pixel(103, 2, 31, 31), test.get(3).get(2, 31, 31));
        Cifar10Dataset tail = train.subset(7, 9);
        assertEquals(2, tail.size());
        assertEquals(train.get(8), tail.get(1));
        assertEquals("CIFAR-10 sample 2 out of range for 2 samples",
                assertThrows(IndexOutOfBoundsException.class, () -> tail.label(2)).getMessage());
    }

    @Test
    void findsTheArchivesFolderAndItsClassNames() throws IOException {
        Path folder = writeCifar(dir.resolve("cifar-10-batches-bin"));
        Files.writeString(folder.resolve("batches.meta.txt"), "plane\ncar\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\n"
                + "truck\n");
        Cifar10Dataset test = Cifar10Dataset.load(dir, Cifar10Dataset.Split.TEST);
        assertEquals(4, test.size());
        assertEquals(List.of("plane", "car"), test.classes().subList(0, 2));
    }

    @Test
    void feedsTransformsAndTheLoader() throws IOException {
        Cifar10Dataset train = Cifar10Dataset.load(writeCifar(dir), Cifar10Dataset.Split.TRAIN);
        Dataset normalized = train.transform(Compose.of(new ToTensor(),
                new Normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5})));
        DataLoader loader = DataLoader.builder(normalized).batchSize(4).workers(2).device(Device.CPU).build();
        int n = 0;
        for (Batch b : loader.epoch(0)) {
            try (b) {
                assertEquals(Shape.of(b.size(), 3, 32, 32), b.images().shape());
                float[] v = b.images().toFloatArray();
                long[] labels = b.labels().toLongArray();
                for (int i = 0; i < b.size(); i++, n++) {
                    assertEquals((n * 3) % 10, labels[i]);
                    // The chapter's transform: (p / 255 - 0.5) / 0.5, at [1, 2, 3].
                    assertEquals((pixel(n, 1, 2, 3) / 255f - 0.5f) / 0.5f, v[i * 3072 + (32 + 2) * 32 + 3]);
                }
            }
        }
        assertEquals(9, n);
    }

    private String rejection(Cifar10Dataset.Split split) {
        return assertThrows(IOException.class, () -> Cifar10Dataset.load(dir, split)).getMessage();
    }

    @Test
    void aFileOfTheWrongSizeIsNamedWithItsSizeAndWhatWasExpected() throws IOException {
        writeCifar(dir);
        Path file = dir.resolve("data_batch_3.bin");
        byte[] three = records(0, 3);
        Files.write(file, java.util.Arrays.copyOf(three, 2 * 3073 + 5));
        assertEquals(file + ": 6151 bytes is not a whole number of 3073-byte records (1 label byte + 3072 pixel "
                + "bytes, 3x32x32); expected a positive multiple of 3073 (the official files hold 10000 records, "
                + "30730000 bytes)", rejection(Cifar10Dataset.Split.TRAIN));

        Files.write(file, new byte[0]);
        assertTrue(rejection(Cifar10Dataset.Split.TRAIN).startsWith(file + ": 0 bytes is not a whole number"));

        Files.write(file, new byte[2 * 3074]);
        assertTrue(rejection(Cifar10Dataset.Split.TRAIN).endsWith("Its size fits 3074-byte records: is it CIFAR-100, "
                + "which has two label bytes?"));
    }

    @Test
    void labelsAboveNineAreRefused() throws IOException {
        writeCifar(dir);
        byte[] bytes = records(100, 4);
        bytes[2 * 3073] = 10;
        Files.write(dir.resolve("test_batch.bin"), bytes);
        assertEquals(dir.resolve("test_batch.bin") + ": record 2 (byte 6146) has label 10, expected 0 to 9",
                rejection(Cifar10Dataset.Split.TEST));
    }

    @Test
    void missingFilesAndBadClassNamesAreNamed() throws IOException {
        writeCifar(dir);
        Files.delete(dir.resolve("data_batch_4.bin"));
        assertEquals("CIFAR-10 file missing: " + dir.resolve("data_batch_4.bin").toAbsolutePath()
                + " (scripts/fetch-cifar10 downloads and unpacks the official archive into data/cifar10)",
                rejection(Cifar10Dataset.Split.TRAIN));
        Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\n");
        assertEquals(dir.resolve("batches.meta.txt") + ": expected 10 class names, one a line, got 2: [airplane, "
                + "automobile]", rejection(Cifar10Dataset.Split.TEST));
        Files.delete(dir.resolve("batches.meta.txt"));
        assertTrue(rejection(Cifar10Dataset.Split.TEST).startsWith("CIFAR-10 file missing: "
                + dir.resolve("batches.meta.txt").toAbsolutePath()));
    }

    private record Run(int status, String output) {
    }

    private static Run fetch(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/fetch-cifar10"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "scripts/fetch-cifar10 did not finish");
        return new Run(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void fetchScriptRefusesAnArchiveThatIsNotTheOfficialOne() throws IOException, InterruptedException {
        Path archive = Files.write(dir.resolve("cifar-10-binary.tar.gz"), records(0, 2));
        Path dest = dir.resolve("out");
        Run run = fetch("--archive", archive.toString(), dest.toString());
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains(archive + " has 6146 bytes, expected 170052171"), run.output());
        assertTrue(run.output().contains("nothing was written"), run.output());
        assertFalse(Files.exists(dest));
    }

    @Test
    void fetchScriptAcceptsFilesAlreadyThereWithoutTheNetwork() throws IOException, InterruptedException {
        Path dest = Files.createDirectories(dir.resolve("cifar10"));
        for (String name : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin")) {
            try (RandomAccessFile f = new RandomAccessFile(dest.resolve(name).toFile(), "rw")) {
                f.setLength(30_730_000); // sparse: the official size, no disk used
            }
        }
        Files.writeString(dest.resolve("batches.meta.txt"), NAMES);
        Run run = fetch(dest.toString());
        assertEquals(0, run.status(), run.output());
        assertEquals("CIFAR-10 is ready in " + dest + "\n", run.output());
    }
}
