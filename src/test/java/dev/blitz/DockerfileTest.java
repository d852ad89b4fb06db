package dev.blitz;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GPU test image cannot be built here (no Docker engine), so its recipe is checked instead: the basics
 * parsed from the Dockerfile, every step a script that CI runs too, and a real linter where npm is present.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");

    private static List<String> instructions() throws IOException {
        return Files.readAllLines(DOCKERFILE).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void baseIsACuda12RuntimeWithCudnn9PinnedByTag() throws IOException {
        List<String> from = instructions().stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(1, from.size(), "one stage expected: " + from);
        Matcher m = Pattern.compile("FROM nvidia/cuda:(12\\.\\d+\\.\\d+)-cudnn-runtime-ubuntu\\d+\\.\\d+")
                .matcher(from.get(0));
        assertTrue(m.matches(), "base must be NVIDIA's CUDA 12.x cuDNN runtime image pinned by a full tag: "
                + from.get(0));
    }

    @Test
    void testsRunAsANonRootUser() throws IOException {
        List<String> lines = instructions();
        String lastUser = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertFalse(lastUser.matches("USER (root|0)(:.*)?"), "the tests must not run as root: " + lastUser);
        assertTrue(lines.indexOf(lastUser) < lines.indexOf(lines.stream().filter(l -> l.startsWith("CMD"))
                .findFirst().orElseThrow()), "USER must come before CMD");
    }

    @Test
    void noSecretsInTheImage() throws IOException {
        for (String l : instructions()) {
            assertFalse(l.matches("(?i)(ENV|ARG)\\s+\\S*(PASSWORD|SECRET|TOKEN|API_?KEY|CREDENTIAL)\\S*.*"),
                    "secret-looking setting in the Dockerfile: " + l);
        }
    }

    @Test
    void everyStepIsAnExecutableScriptThatCiRunsToo() throws IOException {
        String ci = Files.readString(Path.of(".ci/run"));
        for (String l : instructions()) {
            if (l.startsWith("RUN ") || l.startsWith("CMD ")) {
                Matcher m = Pattern.compile("(?:/opt/blitz/)?(docker/[\\w-]+)").matcher(l);
                assertTrue(m.find(), "every step must call a script in docker/: " + l);
                Path script = Path.of(m.group(1));
                assertTrue(Files.isExecutable(script), script + " must exist and be executable");
                if (!script.endsWith("install-toolchain")) {
                    assertTrue(ci.contains(m.group(1)), ".ci/run must run " + m.group(1) + " as the image does");
                }
            }
        }
        assertTrue(instructions().contains("ENV BLITZ_REQUIRE_GPU=1"), "the image must require the GPU tests");
    }

    @Test
    void readmeDocumentsBuildAndGpuRun() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("docker build -t blitz-test -f docker/Dockerfile ."), "README: docker build");
        assertTrue(readme.contains("docker run --gpus all blitz-test"), "README: docker run --gpus all");
    }

    @Test
    void linterFindsNothing() throws Exception {
        Assumptions.assumeTrue(onPath("npm"), "npm not installed: dockerfile-utils lint skipped");
        Process p = new ProcessBuilder("scripts/lint-dockerfile").redirectErrorStream(true).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "lint-dockerfile timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "dockerfile-utils findings:\n" + out);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
