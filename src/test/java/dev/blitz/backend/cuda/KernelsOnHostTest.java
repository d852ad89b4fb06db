package dev.blitz.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the kernels of kernels/blitz.cu on the CPU through a small emulation of CUDA's built-ins
 * (kernels/host-check) and compares each with a plain loop, so their index logic is checked without a GPU.
 */
class KernelsOnHostTest {
    @Test
    void everyKernelMatchesAPlainLoop(@TempDir Path tmp) throws Exception {
        boolean gpp = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "g++")));
        assumeTrue(gpp, "g++ is not on PATH: kernels/host-check not run");
        Path binary = tmp.resolve("kernels_test");
        String compiled = run(tmp, List.of("g++", "-std=c++20", "-O1", "-pthread", "-Wno-unknown-pragmas",
                "-Ikernels", "-Ikernels/host-check", "kernels/host-check/kernels_test.cpp", "-o", binary.toString()));
        assertTrue(Files.isExecutable(binary), "g++ failed:\n" + compiled);
        String output = run(tmp, List.of(binary.toString()));
        assertTrue(output.contains("all passed: 0 failures"), output);
    }

    private static String run(Path tmp, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "log", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after 300 s: " + String.join(" ", command));
        }
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
