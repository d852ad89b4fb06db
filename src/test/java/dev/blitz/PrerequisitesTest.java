package dev.blitz;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A missing prerequisite the project provides skips a test on a developer's machine and fails it under CI. */
class PrerequisitesTest {
    @Test
    void presentIsNothingToSay() {
        Prerequisites.require(true, "there", true);
        Prerequisites.require(true, "there", false);
    }

    @Test
    void missingSkipsOutsideCi() {
        var e = assertThrows(TestAbortedException.class, () -> Prerequisites.require(false, "no data", false));
        assertEquals("no data", e.getMessage());
    }

    @Test
    void missingFailsUnderCi() {
        var e = assertThrows(AssertionFailedError.class, () -> Prerequisites.require(false, "no data", true));
        assertEquals("no data (CI=true: the project provides this, so it must be there)", e.getMessage());
    }
}
