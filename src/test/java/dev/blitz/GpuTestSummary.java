package dev.blitz;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Prints one line after a test run saying what happened to the tests tagged {@code gpu}, so a CPU-only CI log
 * shows how many were skipped and why, and a GPU run shows they really ran.
 */
public final class GpuTestSummary implements TestExecutionListener {
    private static final TestTag GPU = TestTag.create("gpu");

    private int passed;
    private int failed;
    private int skipped;
    private final Set<String> reasons = new LinkedHashSet<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest() && test.getTags().contains(GPU)) {
            skipped++;
            reasons.add(reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest() || !test.getTags().contains(GPU)) {
            return;
        }
        switch (result.getStatus()) {
            case SUCCESSFUL -> passed++;
            case FAILED -> failed++;
            case ABORTED -> {
                skipped++;
                result.getThrowable().map(Throwable::getMessage).ifPresent(reasons::add);
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (passed + failed + skipped > 0) {
            System.out.println("GPU tests: " + passed + " passed, " + failed + " failed, " + skipped + " skipped"
                    + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"));
        }
    }
}
