package dev.blitz.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main job runs the whole chapter and both updates lower the loss. */
class WalkthroughTest {
    @Test
    void runsTheChapterAndLearns() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Walkthrough.main(new String[] {"1"});
        } finally {
            System.setOut(saved);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("  (fc3): Linear(in_features=84, out_features=10, bias=True)\n)"), text);
        assertTrue(text.contains("grad_fn=<AddmmBackward0>"), text);
        assertTrue(text.contains("conv1.bias.grad before backward\ntensor([0., 0., 0., 0., 0., 0.])"), text);
        float before = number(text, "loss before the SGD step:");
        float after = number(text, "loss after the SGD step:");
        assertTrue(after < before, "SGD step should lower the loss: " + before + " -> " + after);
    }

    private static float number(String text, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*([-0-9.eE]+)").matcher(text);
        assertTrue(m.find(), "no '" + label + "' in output:\n" + text);
        return Float.parseFloat(m.group(1));
    }
}
