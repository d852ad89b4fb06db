package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.models.ResNet18;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void freezingLeavesEveryLayerButTheNewClassifierUnchanged() {
        Blitz.manualSeed(3);
        Map<String, float[]> before = new LinkedHashMap<>();
        new ResNet18().namedParameters().forEach((name, p) -> before.put(name, p.toFloatArray()));
        Blitz.manualSeed(3);
        ResNet18 model = AutogradChapter.finetuneTheLastLayer();
        model.namedParameters().forEach((name, p) -> {
            if (name.startsWith("fc.")) {
                assertArrayEquals(new int[] {10, 512}, model.fc().parameters().get(0).shape().dims());
                assertNotNull(p.grad(), name + " should have a gradient");
            } else {
                assertNull(p.grad(), "a frozen parameter gets no gradient: " + name);
                assertArrayEquals(before.get(name), p.toFloatArray(), "a frozen parameter stays as it was: " + name);
            }
        });
    }
}
