package dev.blitz.data;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixTest {
    private static final List<String> CLASSES = List.of("cat", "dog", "bird");

    @Test
    void countsTheArgmaxOfEachRowAgainstItsLabel() {
        ConfusionMatrix m = new ConfusionMatrix(CLASSES);
        try (Tensor logits = Tensor.of(new float[] {
                    2, 1, 0,    // cat
                    0, 3, 1,    // dog
                    0, 1, 5,    // bird
                    1, 0, 0},   // cat
                Shape.of(4, 3), Device.CPU);
             Tensor labels = Tensor.of(new long[] {0, 0, 2, 1}, Shape.of(4), Device.CPU)) {
            m.add(logits, labels);
        }
        m.add(1, 1);
        assertEquals(1, m.count(0, 0));
        assertEquals(1, m.count(0, 1));
        assertEquals(1, m.count(2, 2));
        assertEquals(1, m.count(1, 0));
        assertEquals(1, m.count(1, 1));
        assertEquals(2, m.support(0));
        assertEquals(5, m.total());
        assertEquals(3, m.correct());
        assertEquals(3 / 5.0, m.accuracy());
        assertEquals(0.5, m.classAccuracy(0));
        assertEquals(1.0, m.classAccuracy(2));
        assertEquals("""
                true\\pred   0   1   2
                cat         1   1   0
                dog         1   1   0
                bird        0   0   1""", m.toString());
    }

    @Test
    void emptyClassesHaveNoAccuracy() {
        ConfusionMatrix m = new ConfusionMatrix(CLASSES);
        assertTrue(Double.isNaN(m.accuracy()));
        assertTrue(Double.isNaN(m.classAccuracy(1)));
    }

    @Test
    void errorsNameWhatWasReceived() {
        ConfusionMatrix m = new ConfusionMatrix(CLASSES);
        assertEquals("ConfusionMatrix: label 3 is not a class; expected 0 to 2",
                assertThrows(IllegalArgumentException.class, () -> m.add(3, 0)).getMessage());
        try (Tensor logits = Tensor.of(new float[4], Shape.of(2, 2), Device.CPU);
             Tensor labels = Tensor.of(new long[2], Shape.of(2), Device.CPU)) {
            assertEquals("ConfusionMatrix.add: expected logits [N, 3] and labels [N], got [2, 2] and [2]",
                    assertThrows(IllegalArgumentException.class, () -> m.add(logits, labels)).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of()));
    }
}
