package dev.blitz.backend.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrayStashTest {
    @Test
    void takenArraysHaveTheLengthAskedForAndAreZero() {
        int length = ArrayStash.MIN_LENGTH + 7;
        for (int i = 0; i < 20; i++) {
            float[] a = ArrayStash.take(length);
            assertEquals(length, a.length);
            for (float v : a) {
                assertEquals(0f, v);
            }
            java.util.Arrays.fill(a, 1f);
            while (ArrayStash.refillOne()) {
                // make what was ordered, as an idle worker would
            }
        }
    }

    @Test
    void aTakenArrayIsNeverHandedOutTwice() {
        int length = ArrayStash.MIN_LENGTH + 11;
        float[] first = ArrayStash.take(length);
        while (ArrayStash.refillOne()) {
            // fill the order
        }
        float[] second = ArrayStash.take(length);
        assertNotSame(first, second);
        assertTrue(ArrayStash.take(3).length == 3, "small arrays are plain allocations");
    }
}
