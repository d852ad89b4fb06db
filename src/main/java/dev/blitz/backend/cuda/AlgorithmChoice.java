package dev.blitz.backend.cuda;

import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.DeterministicAlgorithms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses a convolution algorithm from cuDNN's timings, so that separate processes choose alike. One
 * {@code cudnnFind*} call times each candidate once, and a single timing of a sub-millisecond kernel moves by more
 * than the gap between the two fastest: the choice flipped between processes and the step time moved up to 2×. So:
 * <ul>
 * <li>timed ({@link #TRIALS} searches): among the algorithms that ran in every search, the smallest median time,
 *     ties to the lower algorithm number;</li>
 * <li>deterministic ({@code Blitz.useDeterministicAlgorithms(true)}): no timing at all, the lowest-numbered
 *     algorithm that cuDNN reports as deterministic and that ran, so every process runs the same one and gets the
 *     same bits (forward IMPLICIT_GEMM, backward ALGO_1 on the GPUs we know).</li>
 * </ul>
 */
final class AlgorithmChoice {
    /** Searches per choice when timing decides: the median of three ignores one outlier. */
    static final int TRIALS = 3;

    /**
     * One candidate as a {@code cudnnFind*} call reports it.
     *
     * @param algo the algorithm's number
     * @param status 0 if it ran
     * @param timeMs how long it took
     * @param workspace the bytes of workspace it needs
     * @param deterministic whether cuDNN says it is deterministic
     */
    record Candidate(int algo, int status, float timeMs, long workspace, boolean deterministic) {
    }

    private AlgorithmChoice() {
    }

    /**
     * Chooses by the rule of the mode.
     *
     * @param trials the candidates of each search (one search is enough when {@code deterministicOnly})
     * @param deterministicOnly whether only deterministic algorithms may be chosen
     * @param direction which convolution, for the error
     * @param g its geometry, for the error
     * @return the choice
     * @throws IllegalStateException if no candidate qualifies, saying which convolution
     */
    static ConvAlgorithm choose(List<List<Candidate>> trials, boolean deterministicOnly, ConvDirection direction,
                                ConvGeometry g) {
        return deterministicOnly ? firstDeterministic(trials.get(0), direction, g) : fastestMedian(trials, direction, g);
    }

    private static ConvAlgorithm firstDeterministic(List<Candidate> candidates, ConvDirection direction,
                                                    ConvGeometry g) {
        Candidate best = null;
        for (Candidate c : candidates) {
            if (c.status == 0 && c.deterministic && (best == null || c.algo < best.algo)) {
                best = c;
            }
        }
        if (best == null) {
            throw DeterministicAlgorithms.unavailable("conv2d " + direction.label + " on CUDA for " + g
                    + " (cuDNN's candidates: " + describe(candidates) + ")");
        }
        return new ConvAlgorithm(best.algo, best.workspace, true);
    }

    private static ConvAlgorithm fastestMedian(List<List<Candidate>> trials, ConvDirection direction,
                                               ConvGeometry g) {
        Map<Integer, List<Candidate>> runs = new TreeMap<>();
        for (List<Candidate> trial : trials) {
            for (Candidate c : trial) {
                runs.computeIfAbsent(c.algo, k -> new ArrayList<>()).add(c);
            }
        }
        Candidate best = null;
        double bestMedian = Double.POSITIVE_INFINITY;
        for (List<Candidate> runsOfOne : runs.values()) {
            if (runsOfOne.size() != trials.size() || runsOfOne.stream().anyMatch(c -> c.status != 0)) {
                continue;
            }
            double median = median(runsOfOne);
            if (median < bestMedian) {
                bestMedian = median;
                best = runsOfOne.get(0);
            }
        }
        if (best == null) {
            throw new IllegalStateException("cuDNN found no working " + direction.label + " convolution algorithm for "
                    + g + " (" + describe(trials.get(0)) + ")");
        }
        return new ConvAlgorithm(best.algo, best.workspace, best.deterministic);
    }

    private static double median(List<Candidate> runs) {
        double[] t = runs.stream().mapToDouble(Candidate::timeMs).sorted().toArray();
        int n = t.length;
        return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    }

    private static String describe(List<Candidate> candidates) {
        return candidates.isEmpty() ? "no candidates" : Arrays.toString(candidates.stream()
                .map(c -> "algo " + c.algo + (c.status == 0 ? "" : " failed (status " + c.status + ")")
                        + (c.deterministic ? " deterministic" : ""))
                .toArray());
    }
}
