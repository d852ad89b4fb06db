package dev.blitz;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The closeness rule every numeric test uses, on cases small enough to check by hand. */
class CloseTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    @Test
    void withinAtolPlusRtolTimesExpectedPasses() {
        Close.assertClose(new float[] {1f, 100f}, new float[] {1.1f, 109f}, 0.2, 0.1, "values");
    }

    @Test
    void aNanEqualsOnlyANanAndAnInfinityOnlyTheSameInfinity() {
        Close.assertClose(new float[] {NAN, INF, -INF}, new float[] {NAN, INF, -INF}, 0, 0, "specials");
        assertThrows(AssertionFailedError.class,
                () -> Close.assertClose(new float[] {1f}, new float[] {NAN}, 1, 1, "nan"));
        assertThrows(AssertionFailedError.class,
                () -> Close.assertClose(new float[] {INF}, new float[] {3e38f}, 1, 1, "finite for infinite"));
        assertThrows(AssertionFailedError.class,
                () -> Close.assertClose(new float[] {INF}, new float[] {-INF}, 1, 1, "opposite infinities"));
    }

    @Test
    void aFailureNamesTheWorstElementAndHowManyAreOff() {
        var e = assertThrows(AssertionFailedError.class, () -> Close.assertClose(new float[] {0f, 0f, 0f, 0f},
                new float[] {0f, 0.5f, 2f, 1f}, 0.25, 0, "x"));
        assertEquals("x: element 2 is 2.0, expected 0.0 (error 2.0, allowed 0.25 = 0.25 + 0.0·|expected|;"
                + " 3 of 4 elements off)", e.getMessage());
    }

    @Test
    void theScaledToleranceIsRelativeToTheLargestExpectedMagnitude() {
        float[] expected = {1000f, 0f};
        Close.assertCloseScaled(expected, new float[] {1000f, 0.9f}, 1e-3, 0, "near zero, on the tensor's scale");
        assertThrows(AssertionFailedError.class,
                () -> Close.assertCloseScaled(expected, new float[] {1000f, 1.1f}, 1e-3, 0, "past it"));
    }

    @Test
    void eachElementCanHaveItsOwnAbsoluteTolerance() {
        double[] expected = {0, 5};
        double[] atol = {0, 1};
        Close.assertClose(expected, new float[] {-0f, 5.9f}, atol, 0, "exact zero kept");
        assertThrows(AssertionFailedError.class,
                () -> Close.assertClose(expected, new float[] {1e-30f, 5f}, atol, 0, "zero must stay exact"));
    }

    @Test
    void differentLengthsFail() {
        var e = assertThrows(AssertionFailedError.class,
                () -> Close.assertClose(new float[2], new float[3], 1, 1, "v"));
        assertEquals("v: 3 values, expected 2", e.getMessage());
    }
}
