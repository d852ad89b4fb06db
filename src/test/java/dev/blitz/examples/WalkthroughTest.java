package dev.blitz.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main job runs the whole chapter, both updates lower the loss, and it prints PyTorch's numbers. */
class WalkthroughTest {
    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Walkthrough.main(args);
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsTheChapterAndLearns() {
        String text = run("1");
        assertTrue(text.contains("  (fc3): Linear(in_features=84, out_features=10, bias=True)\n)"), text);
        assertTrue(text.contains("grad_fn=<AddmmBackward0>"), text);
        assertTrue(text.contains("conv1.bias.grad before backward\ntensor([0., 0., 0., 0., 0., 0.])"), text);
        float before = number(text, "loss before the SGD step:");
        float after = number(text, "loss after the SGD step:");
        assertTrue(after < before, "SGD step should lower the loss: " + before + " -> " + after);
    }

    @Test
    void printsWhatPyTorchPrintsAfterTheSameSeed() {
        // The same chapter in libtorch 2.7.1 after torch.manual_seed(0) (fixtures/torch-rng/peer_draws.json,
        // walkthrough_*): the same init, input and target, so the same output, loss and gradients.
        String text = run();
        assertTrue(text.contains("tensor([[-0.1007, -0.0902,  0.0364,  0.0591, -0.0421,  0.0203,  0.0314,  0.0724,\n"
                + "         -0.0276,  0.1233]], grad_fn=<AddmmBackward0>)"), text);
        assertTrue(text.contains("tensor(1.2249, grad_fn=<MseLossBackward0>)"), text);
        assertTrue(text.contains("conv1.bias.grad after backward\n"
                + "tensor([-0.0129, -0.0038,  0.0006, -0.0094, -0.0046,  0.0233])"), text);
        // PyTorch: 1.2040875, 1.2040875, 1.1865402; other summation orders (cuDNN, cuBLAS) move the last digits
        assertEquals(1.2040875f, number(text, "loss after the manual update:"), 2e-6f);
        assertEquals(1.2040875f, number(text, "loss before the SGD step:"), 2e-6f);
        assertEquals(1.1865402f, number(text, "loss after the SGD step:"), 2e-6f);
    }

    private static float number(String text, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*([-0-9.eE]+)").matcher(text);
        assertTrue(m.find(), "no '" + label + "' in output:\n" + text);
        return Float.parseFloat(m.group(1));
    }
}
