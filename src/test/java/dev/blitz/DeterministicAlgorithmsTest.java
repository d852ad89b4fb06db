package dev.blitz;

import dev.blitz.core.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Blitz.useDeterministicAlgorithms} and the algorithm cache, as a CPU user meets them. */
class DeterministicAlgorithmsTest {
    @AfterEach
    void restore() {
        Blitz.useDeterministicAlgorithms(false);
    }

    @Test
    void theSwitchIsPyTorchs() {
        assertFalse(Blitz.areDeterministicAlgorithmsEnabled());
        Blitz.useDeterministicAlgorithms(true);
        assertTrue(Blitz.areDeterministicAlgorithmsEnabled());
        Blitz.useDeterministicAlgorithms(false);
        assertFalse(Blitz.areDeterministicAlgorithmsEnabled());
    }

    @Test
    void twoCpuRunsGiveTheSameBits() {
        Blitz.useDeterministicAlgorithms(true);
        Map<String, float[]> first = DeterministicTraining.run(Device.CPU, 64, 3);
        Map<String, float[]> second = DeterministicTraining.run(Device.CPU, 64, 3);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((name, values) -> assertArrayEquals(values, second.get(name), name));
    }

    @Test
    void theCpuHasNoAlgorithmsToCache(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("algorithms.txt");
        assertEquals(0, Blitz.saveAlgorithmCache(Device.CPU, file));
        assertFalse(Files.exists(file));
        assertEquals(0, Blitz.loadAlgorithmCache(Device.CPU, file));
    }
}
