package dev.blitz.backend.cuda;

import dev.blitz.backend.ConvGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The convolution algorithm cache file: what it holds, for which device, and what it refuses. */
class ConvAlgorithmCacheTest {
    private static final ConvAlgorithmCache.Identity H200 = new ConvAlgorithmCache.Identity("NVIDIA H200", 13000, 91400);
    private static final ConvGeometry CONV1 = new ConvGeometry(64, 1, 28, 28, 6, 5, 5, 1, 1, 0, 0);
    private static final ConvGeometry GROUPED = new ConvGeometry(8, 4, 9, 9, 6, 3, 3, 2, 1, 1, 0, 2, 1, 2);

    @TempDir
    Path dir;

    private static ConvAlgorithmCache filled() {
        var cache = new ConvAlgorithmCache(H200);
        cache.put(ConvDirection.FORWARD, CONV1, new ConvAlgorithm(1, 0, true));
        cache.put(ConvDirection.BACKWARD_FILTER, CONV1, new ConvAlgorithm(3, 4096, false));
        cache.put(ConvDirection.BACKWARD_DATA, GROUPED, new ConvAlgorithm(1, 128, true));
        return cache;
    }

    @Test
    void aSavedCacheLoadsIntoALaterProcessOnTheSameDevice() throws IOException {
        Path file = dir.resolve("algorithms.txt");
        assertEquals(3, filled().save(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("blitz-conv-algorithms 1", "gpu NVIDIA H200", "driver 13000", "cudnn 91400",
                "forward 64 1 28 28 6 5 5 1 1 0 0 1 1 1 algo 1 workspace 0 deterministic"), lines.subList(0, 5));

        var later = new ConvAlgorithmCache(H200);
        assertEquals(3, later.load(file));
        assertEquals(new ConvAlgorithm(1, 0, true), later.get(ConvDirection.FORWARD, CONV1));
        assertEquals(new ConvAlgorithm(3, 4096, false), later.get(ConvDirection.BACKWARD_FILTER, CONV1));
        assertEquals(new ConvAlgorithm(1, 128, true), later.get(ConvDirection.BACKWARD_DATA, GROUPED));
        assertNull(later.get(ConvDirection.FORWARD, GROUPED));
    }

    @Test
    void anotherGpuDriverOrCudnnLoadsNothing() throws IOException {
        Path file = dir.resolve("algorithms.txt");
        filled().save(file);
        for (var other : List.of(new ConvAlgorithmCache.Identity("NVIDIA H100 80GB HBM3", 13000, 91400),
                new ConvAlgorithmCache.Identity("NVIDIA H200", 12080, 91400),
                new ConvAlgorithmCache.Identity("NVIDIA H200", 13000, 90800))) {
            var cache = new ConvAlgorithmCache(other);
            assertEquals(0, cache.load(file), other.toString());
            assertEquals(0, cache.size());
        }
    }

    @Test
    void aBrokenLineIsNamedWithWhatWasExpected() throws IOException {
        Path file = dir.resolve("algorithms.txt");
        filled().save(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(5, lines.get(5).replace("algo", "algorithm"));
        Files.write(file, lines);
        var e = assertThrows(IllegalArgumentException.class, () -> new ConvAlgorithmCache(H200).load(file));
        assertTrue(e.getMessage().startsWith(file + " line 6: misplaced field names in \""), e.getMessage());
        assertTrue(e.getMessage().contains("expected DIRECTION (forward, backward-data, backward-filter)"),
                e.getMessage());
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello\n");
        var e = assertThrows(IllegalArgumentException.class, () -> new ConvAlgorithmCache(H200).load(file));
        assertEquals(file + " is not a convolution algorithm cache: its first line is \"hello\", expected "
                + "\"blitz-conv-algorithms 1\" and then gpu, driver and cudnn lines", e.getMessage());
        Files.writeString(file, "blitz-conv-algorithms 1\ngpu X\ndriver twelve\ncudnn 1\n");
        e = assertThrows(IllegalArgumentException.class, () -> new ConvAlgorithmCache(H200).load(file));
        assertTrue(e.getMessage().startsWith(file + ": the driver and cudnn lines must hold whole numbers"),
                e.getMessage());
    }

    @Test
    void aFailedSaveLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "keep");
        assertThrows(IOException.class, () -> filled().save(target));
        assertEquals("keep", Files.readString(target.resolve("inside")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
