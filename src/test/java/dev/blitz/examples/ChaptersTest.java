package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.models.LeNet;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The blitz's "Tensors" and "Autograd" chapters print, byte for byte, what PyTorch prints: the expected text is
 * the tutorial's, with libtorch's numbers (fixtures/blitz-chapters, made by scripts/torch-fixtures).
 */
class ChaptersTest {
    private static String run(Runnable chapter) {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Device device = Blitz.defaultDevice();
        try {
            Blitz.setDefaultDevice(Device.CPU);
            chapter.run();
        } finally {
            System.setOut(saved);
            Blitz.setDefaultDevice(device);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = ChaptersTest.class.getResourceAsStream("/fixtures/blitz-chapters/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTensorsChapterPrintsWhatPyTorchPrints() throws IOException {
        assertEquals(expected("tensors.txt"), run(() -> TensorsChapter.main(new String[0])));
    }

    @Test
    void theAutogradChapterPrintsWhatPyTorchPrints() throws IOException {
        assertEquals(expected("autograd.txt"), run(() -> AutogradChapter.main(new String[0])));
    }

    @Test
    void freezingLeavesEveryLayerButTheLastUnchanged() {
        Blitz.manualSeed(3);
        List<float[]> before = new LeNet().parameters().stream().map(Tensor::toFloatArray).toList();
        Blitz.manualSeed(3);
        LeNet model = AutogradChapter.finetuneTheLastLayer();
        List<Tensor> after = model.parameters();
        List<Tensor> trained = model.fc3.parameters();
        for (int i = 0; i < after.size(); i++) {
            Tensor p = after.get(i);
            if (trained.contains(p)) {
                assertFalse(java.util.Arrays.equals(before.get(i), p.toFloatArray()), "fc3 should have learned");
            } else {
                assertNull(p.grad(), "a frozen parameter gets no gradient");
                assertArrayEquals(before.get(i), p.toFloatArray(), "a frozen parameter stays as it was");
            }
        }
    }
}
