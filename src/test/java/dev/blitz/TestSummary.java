package dev.blitz;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints two lines after a test run, so that a CI log always says what did not run and why: what happened to the
 * tests tagged {@code gpu} (a CPU-only run shows how many were skipped, a GPU run that they really ran), e.g.
 * {@code GPU tests: 0 passed, 0 failed, 41 skipped (CUDA not usable here: ...)}, and every other skipped test
 * with its reason, e.g. {@code Other skipped tests: 1 (KernelsOnHostTest.hostCheck: g++ is not on PATH ...)}.
 * Scripts grep the first line: keep its format.
 */
public final class TestSummary implements TestExecutionListener {
    private static final TestTag GPU = TestTag.create("gpu");

    private TestPlan plan;
    private final Set<String> reported = new HashSet<>();
    private int passed;
    private int failed;
    private int skipped;
    private final Set<String> reasons = new LinkedHashSet<>();
    private int otherSkipped;
    private final Map<String, List<String>> otherReasons = new LinkedHashMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        notRun(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        reported.add(test.getUniqueId());
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (isGpuTest(test)) {
                    passed++;
                }
            }
            case FAILED -> {
                if (isGpuTest(test)) {
                    failed++;
                }
            }
            case ABORTED -> notRun(test, result.getThrowable().map(Throwable::getMessage).orElse(null));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (passed + failed + skipped > 0) {
            System.out.println("GPU tests: " + passed + " passed, " + failed + " failed, " + skipped + " skipped"
                    + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"));
        }
        List<String> why = new ArrayList<>();
        otherReasons.forEach((reason, names) -> why.add(String.join(", ", names) + ": " + reason));
        System.out.println("Other skipped tests: " + otherSkipped + (why.isEmpty() ? "" : " (" + String.join("; ", why)
                + ")"));
    }

    /**
     * A test skipped or aborted, or a container (a class) skipped or aborted: its tests that never ran report
     * nothing themselves, so they are counted from the plan (at least one, so the reason shows).
     */
    private void notRun(TestIdentifier node, String reason) {
        reported.add(node.getUniqueId());
        int tests = node.isTest() ? 1 : Math.max(1, (int) plan.getDescendants(node).stream()
                .filter(t -> t.isTest() && !reported.contains(t.getUniqueId())).count());
        if (node.getTags().contains(GPU)) {
            skipped += tests;
            if (reason != null) {
                reasons.add(reason);
            }
            return;
        }
        otherSkipped += tests;
        String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip().replaceAll("\\s+", " ");
        otherReasons.computeIfAbsent(why, r -> new ArrayList<>()).add(name(node) + (tests > 1 ? " (" + tests
                + " tests)" : ""));
    }

    private static boolean isGpuTest(TestIdentifier test) {
        return test.isTest() && test.getTags().contains(GPU);
    }

    /** Class.method, with the invocation's name for a parameterized test, e.g. NetFixtureTest.matchesPyTorch N=1. */
    private static String name(TestIdentifier node) {
        TestSource source = node.getSource().orElse(null);
        if (source instanceof MethodSource m) {
            String name = simple(m.getClassName()) + "." + m.getMethodName();
            return node.getDisplayName().startsWith(m.getMethodName() + "(") ? name
                    : name + " " + node.getDisplayName();
        }
        if (source instanceof ClassSource c) {
            return simple(c.getClassName());
        }
        return node.getDisplayName();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
