package dev.blitz;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Prerequisites the project itself provides (the MNIST download script, the PTX built into the resources): a test
 * skips without one on a developer's machine, but under CI (CI=true, as GitHub Actions sets it) that would hide a
 * broken build, so there it fails. Tools that depend on the machine (g++, nvcc) are plain skips, not these.
 */
public final class Prerequisites {
    static final String CI_NOTE = "(CI=true: the project provides this, so it must be there)";

    private Prerequisites() {
    }

    /**
     * Aborts the calling test, or fails it under CI, when the prerequisite is missing.
     *
     * @param present whether it is there
     * @param what what is missing and why it matters, the skip's or the failure's message
     */
    public static void require(boolean present, String what) {
        require(present, what, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    static void require(boolean present, String what, boolean underCi) {
        if (present) {
            return;
        }
        if (underCi) {
            fail(what + " " + CI_NOTE);
        }
        Assumptions.abort(what);
    }
}
