package dev.blitz.backend.cuda;

import dev.blitz.Blitz;
import dev.blitz.DeterministicTraining;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deterministic mode and the convolution algorithm cache on a GPU. */
@Tag("gpu")
class CudaDeterminismTest {
    @BeforeEach
    void needsCuda() {
        Gpu.assumeCuda();
    }

    @AfterEach
    void restore() {
        Blitz.useDeterministicAlgorithms(false);
    }

    @Test
    void twoRunsWithOneSeedGiveTheSameBits(@TempDir Path dir) throws IOException {
        Blitz.useDeterministicAlgorithms(true);
        Map<String, float[]> first = DeterministicTraining.run(Gpu.CUDA, 256, 5);
        Map<String, float[]> second = DeterministicTraining.run(Gpu.CUDA, 256, 5);
        first.forEach((name, values) -> assertArrayEquals(values, second.get(name), name));
        Path file = dir.resolve("algorithms.txt");
        Blitz.saveAlgorithmCache(Gpu.CUDA, file);
        List<String> entries = Files.readAllLines(file).stream()
                .filter(l -> l.matches("\\S+ 256 .*")).toList();
        assertTrue(!entries.isEmpty() && entries.stream().allMatch(l -> l.endsWith(" deterministic")),
                String.join("\n", entries));
    }

    @Test
    void aSavedCacheNamesThisGpuAndLoadsBack(@TempDir Path dir) throws IOException {
        DeterministicTraining.run(Gpu.CUDA, 32, 1);
        Path file = dir.resolve("algorithms.txt");
        int saved = Blitz.saveAlgorithmCache(Gpu.CUDA, file);
        // conv1 forward and filter gradient, conv2 all three directions (the input needs no gradient)
        assertTrue(saved >= 5, "saved " + saved);
        List<String> lines = Files.readAllLines(file);
        assertEquals(ConvAlgorithmCache.FORMAT, lines.get(0));
        assertTrue(Blitz.describe(Gpu.CUDA).contains(lines.get(1).substring("gpu ".length())),
                lines.get(1) + " vs " + Blitz.describe(Gpu.CUDA));
        assertEquals(saved, Blitz.loadAlgorithmCache(Gpu.CUDA, file));
    }
}
