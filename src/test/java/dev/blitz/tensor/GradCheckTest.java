package dev.blitz.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker itself must catch a wrong backward, or every gradient test built on it proves nothing. */
class GradCheckTest {

    /** y = 2x whose backward forgets the factor 2 (or, with {@code scale}, gets it slightly wrong). */
    private static Tensor doubled(Tensor x, float backwardScale) {
        Tensor y;
        try (var g = GradMode.noGrad()) {
            y = x.mul(2f);
        }
        return new Function(x) {
            @Override
            public String name() {
                return "DoubledBackward0";
            }

            @Override
            protected Tensor[] backward(Tensor gradOutput) {
                return new Tensor[] {gradOutput.mul(backwardScale)};
            }
        }.record(y);
    }

    @Test
    void acceptsACorrectBackward() {
        GradCheck.check(t -> doubled(t[0], 2f), GradCheck.randn(1, 3, 4));
    }

    @Test
    void rejectsAWrongBackward() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.check(t -> doubled(t[0], 2.02f), GradCheck.randn(1, 3, 4)));
        assertTrue(e.getMessage().contains("input 0 of shape [3, 4]"), e.getMessage());
    }

    @Test
    void rejectsAMissingGradient() {
        Tensor unused = GradCheck.randn(2, 2);
        assertThrows(AssertionError.class, () -> GradCheck.check(t -> t[0].mul(2f), GradCheck.randn(1, 2), unused));
    }
}
