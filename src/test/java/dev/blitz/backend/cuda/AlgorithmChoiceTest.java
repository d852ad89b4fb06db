package dev.blitz.backend.cuda;

import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.cuda.AlgorithmChoice.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a convolution algorithm is chosen from cuDNN's searches: by median time, or deterministically by rule. */
class AlgorithmChoiceTest {
    private static final ConvGeometry CONV2 = new ConvGeometry(64, 6, 12, 12, 16, 5, 5, 1, 1, 0, 0);

    private static Candidate ran(int algo, double ms, boolean deterministic) {
        return new Candidate(algo, 0, (float) ms, 1024L * algo, deterministic);
    }

    private static Candidate failed(int algo) {
        return new Candidate(algo, 9, -1f, 0, true);
    }

    @Test
    void oneLuckyTimingDoesNotWin() {
        // Algorithm 3 is fastest in the first search only; a single search would choose it, the median does not.
        var trials = List.of(
                List.of(ran(3, 0.090, false), ran(1, 0.100, true)),
                List.of(ran(1, 0.101, true), ran(3, 0.130, false)),
                List.of(ran(1, 0.099, true), ran(3, 0.120, false)));
        ConvAlgorithm a = AlgorithmChoice.choose(trials, false, ConvDirection.FORWARD, CONV2);
        assertEquals(new ConvAlgorithm(1, 1024, true), a);
    }

    @Test
    void anAlgorithmThatFailedInOneSearchIsNotChosen() {
        var trials = List.of(
                List.of(ran(0, 0.05, true), ran(2, 0.2, true)),
                List.of(failed(0), ran(2, 0.2, true)),
                List.of(ran(0, 0.05, true), ran(2, 0.2, true)));
        assertEquals(2, AlgorithmChoice.choose(trials, false, ConvDirection.FORWARD, CONV2).algo());
    }

    @Test
    void equalMediansGoToTheLowerNumber() {
        var trials = List.of(List.of(ran(5, 0.1, false), ran(4, 0.1, false)));
        assertEquals(4, AlgorithmChoice.choose(trials, false, ConvDirection.BACKWARD_DATA, CONV2).algo());
    }

    @Test
    void deterministicModeIgnoresTimingAndTakesTheLowestDeterministicAlgorithm() {
        var fastFirst = List.of(List.of(ran(0, 0.01, false), ran(3, 0.02, true), ran(1, 0.5, true), failed(2)));
        ConvAlgorithm a = AlgorithmChoice.choose(fastFirst, true, ConvDirection.BACKWARD_FILTER, CONV2);
        assertEquals(new ConvAlgorithm(1, 1024, true), a);
        var otherOrder = List.of(List.of(ran(1, 0.9, true), ran(3, 0.02, true), ran(0, 0.01, false)));
        assertEquals(a, AlgorithmChoice.choose(otherOrder, true, ConvDirection.BACKWARD_FILTER, CONV2));
    }

    @Test
    void noDeterministicAlgorithmSaysSoAsPyTorchDoes() {
        var trials = List.of(List.of(ran(0, 0.01, false), failed(1)));
        var e = assertThrows(IllegalStateException.class,
                () -> AlgorithmChoice.choose(trials, true, ConvDirection.BACKWARD_FILTER, CONV2));
        assertTrue(e.getMessage().startsWith("conv2d backward-filter on CUDA for " + CONV2), e.getMessage());
        assertTrue(e.getMessage().contains("does not have a deterministic implementation, but you set "
                + "Blitz.useDeterministicAlgorithms(true)"), e.getMessage());
        assertTrue(e.getMessage().contains("algo 1 failed (status 9)"), e.getMessage());
    }

    @Test
    void noWorkingAlgorithmNamesTheConvolution() {
        var trials = List.of(List.of(failed(0), failed(1)));
        var e = assertThrows(IllegalStateException.class,
                () -> AlgorithmChoice.choose(trials, false, ConvDirection.BACKWARD_DATA, CONV2));
        assertTrue(e.getMessage().startsWith("cuDNN found no working backward-data convolution algorithm for "
                + CONV2), e.getMessage());
    }
}
