package dev.blitz.backend.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadSettingTest {
    @Test
    void unsetMeansEveryCore() {
        assertEquals(8, ThreadSetting.parse("BLITZ_THREADS", null, 8));
        assertEquals(8, ThreadSetting.parse("BLITZ_THREADS", " ", 8));
        assertEquals(3, ThreadSetting.parse("BLITZ_THREADS", " 3 ", 8));
    }

    @Test
    void zeroOrANonNumberSaysWhatIsExpected() {
        assertEquals("BLITZ_THREADS must be a whole number >= 1 (the threads CPU kernels use), got \"0\"; leave it "
                + "unset to use every core (8)", assertThrows(IllegalArgumentException.class,
                () -> ThreadSetting.parse("BLITZ_THREADS", "0", 8)).getMessage());
        assertEquals("-Dblitz.threads must be a whole number >= 1 (the threads CPU kernels use), got \"four\"; leave "
                + "it unset to use every core (2)", assertThrows(IllegalArgumentException.class,
                () -> ThreadSetting.parse("-Dblitz.threads", "four", 2)).getMessage());
    }
}
