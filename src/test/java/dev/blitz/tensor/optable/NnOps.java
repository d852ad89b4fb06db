package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.core.Reduction;
import dev.blitz.nn.F;
import dev.blitz.tensor.Tensor;

import java.util.List;

import static dev.blitz.tensor.optable.OpInfo.Domain.ANY;
import static dev.blitz.tensor.optable.OpInfo.Domain.POSITIVE;
import static dev.blitz.tensor.optable.OpInfo.Domain.PROBABILITY;

/**
 * The functional forms of the {@code nn} layers and losses that are composed of tensor ops: pooling, dropout out
 * of training, batch norm (its gradient through the batch statistics included) and the losses. Class-index
 * targets and running statistics are fixed values made inside each row (they take no gradient); everything
 * differentiable is a sample input.
 */
final class NnOps {
    private static final DType[] ALL = DType.values();
    private static final long IGNORE = -100;
    /**
     * The cross-entropy rows ignore -1, not the default -100: on CUDA the default takes the fused kernel, which
     * does not read the targets back and so rejects -100 rather than ignore it.
     */
    private static final long CE_IGNORE = -1;

    private NnOps() {
    }

    static List<OpInfo> rows() {
        return List.of(
                OpInfo.of("avg_pool2d", t -> F.avgPool2d(t[0], 2)).samples(new int[][] {{2, 3, 4, 4}},
                        new int[][] {{3, 5, 5}}),
                OpInfo.of("avg_pool2d", t -> F.avgPool2d(t[0], 3, 2, 1)).samples(new int[][] {{1, 2, 5, 6}}),
                OpInfo.of("avg_pool2d", t -> F.avgPool2d(t[0], new int[] {3, 2}, new int[] {2, 1},
                        new int[] {1, 1}, true, false)).samples(new int[][] {{1, 2, 6, 5}}),
                OpInfo.of("adaptive_avg_pool2d", t -> F.adaptiveAvgPool2d(t[0], 2)).samples(new int[][] {{2, 3, 4, 6}}),
                OpInfo.of("adaptive_avg_pool2d", t -> F.adaptiveAvgPool2d(t[0], 3, 4))
                        .samples(new int[][] {{1, 2, 5, 7}}, new int[][] {{2, 4, 3}}),

                OpInfo.unary("dropout", t -> F.dropout(t, 0.5, false)).dtypes(ALL),
                OpInfo.unary("dropout", t -> F.dropout(t, 0)).dtypes(ALL),

                OpInfo.of("batch_norm", t -> F.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5))
                        .samples(new int[][] {{4, 3}, {3}, {3}}, new int[][] {{2, 3, 2, 2}, {3}, {3}},
                                new int[][] {{3, 2, 4}, {2}, {2}}),
                OpInfo.of("batch_norm", t -> F.batchNorm(t[0], running(t[0], 0.3, 0), running(t[0], 0.5, 1),
                        null, null, true, 0.1, 1e-5)).samples(new int[][] {{2, 3, 2, 2}}),
                OpInfo.of("batch_norm", t -> F.batchNorm(t[0], running(t[0], 0.3, 0), running(t[0], 0.5, 1), t[1],
                        t[2], false, 0.1, 1e-5)).samples(new int[][] {{4, 3}, {3}, {3}},
                        new int[][] {{2, 3, 2, 2}, {3}, {3}}),

                OpInfo.of("nll_loss", t -> F.nllLoss(t[0], classes(t[0], null)))
                        .samples(new int[][] {{4, 5}}, new int[][] {{5}}, new int[][] {{2, 3, 2, 2}}),
                OpInfo.of("nll_loss", t -> F.nllLoss(t[0], classes(t[0], IGNORE), t[1], IGNORE, Reduction.MEAN))
                        .samples(new int[][] {{4, 5}, {5}}, new int[][] {{2, 3, 2, 2}, {3}}).domain(ANY, POSITIVE),
                OpInfo.of("nll_loss", t -> F.nllLoss(t[0], classes(t[0], IGNORE), t[1], IGNORE, Reduction.NONE))
                        .samples(new int[][] {{4, 5}, {5}}).domain(ANY, POSITIVE),
                OpInfo.of("nll_loss", t -> F.nllLoss(t[0], classes(t[0], null), null, 1, Reduction.SUM))
                        .samples(new int[][] {{6, 4}}),

                OpInfo.of("cross_entropy", t -> F.crossEntropy(t[0], classes(t[0], null)))
                        .samples(new int[][] {{4, 5}}),
                OpInfo.of("cross_entropy", t -> F.crossEntropy(t[0], classes(t[0], CE_IGNORE), t[1], CE_IGNORE,
                        Reduction.MEAN, 0.1)).samples(new int[][] {{4, 5}, {5}}, new int[][] {{2, 3, 2, 2}, {3}})
                        .domain(ANY, POSITIVE),
                OpInfo.of("cross_entropy", t -> F.crossEntropy(t[0], classes(t[0], CE_IGNORE), null, CE_IGNORE,
                        Reduction.NONE, 0.2)).samples(new int[][] {{4, 5}}, new int[][] {{5}}),
                OpInfo.of("cross_entropy", t -> F.crossEntropy(t[0], classes(t[0], null), t[1], 2,
                        Reduction.SUM, 0)).samples(new int[][] {{4, 5}, {5}}).domain(ANY, POSITIVE),

                OpInfo.of("binary_cross_entropy", t -> F.binaryCrossEntropy(t[0], t[1]))
                        .samples(new int[][] {{3, 4}, {3, 4}}, new int[][] {{}, {}}).domain(PROBABILITY),
                OpInfo.of("binary_cross_entropy", t -> F.binaryCrossEntropy(t[0], t[1], t[2], Reduction.NONE))
                        .samples(new int[][] {{3, 4}, {3, 4}, {4}}).domain(PROBABILITY, PROBABILITY, POSITIVE),
                OpInfo.of("binary_cross_entropy_with_logits", t -> F.binaryCrossEntropyWithLogits(t[0], t[1]))
                        .samples(new int[][] {{3, 4}, {3, 4}}).domain(ANY, PROBABILITY),
                OpInfo.of("binary_cross_entropy_with_logits", t -> F.binaryCrossEntropyWithLogits(t[0], t[1], t[2],
                        t[3], Reduction.SUM)).samples(new int[][] {{3, 4}, {3, 4}, {3, 1}, {4}})
                        .domain(ANY, PROBABILITY, POSITIVE),

                OpInfo.of("l1_loss", t -> F.l1Loss(t[0], t[1])).samples(new int[][] {{3, 4}, {3, 4}},
                        new int[][] {{}, {}}),
                OpInfo.of("l1_loss", t -> F.l1Loss(t[0], t[1], Reduction.NONE)).samples(new int[][] {{2, 3, 2},
                        {2, 3, 2}}),
                OpInfo.of("smooth_l1_loss", t -> F.smoothL1Loss(t[0], t[1])).samples(new int[][] {{3, 4}, {3, 4}}),
                OpInfo.of("smooth_l1_loss", t -> F.smoothL1Loss(t[0], t[1], Reduction.NONE, 0.5))
                        .samples(new int[][] {{3, 4}, {3, 4}}),
                OpInfo.of("smooth_l1_loss", t -> F.smoothL1Loss(t[0], t[1], Reduction.SUM, 0))
                        .samples(new int[][] {{3, 4}, {3, 4}}),
                OpInfo.of("huber_loss", t -> F.huberLoss(t[0], t[1])).samples(new int[][] {{3, 4}, {3, 4}}),
                OpInfo.of("huber_loss", t -> F.huberLoss(t[0], t[1], Reduction.SUM, 0.7))
                        .samples(new int[][] {{2, 3, 2}, {2, 3, 2}}));
    }

    /**
     * Class indices for {@code input} of shape [N, C, d...] (or [C]): of shape [N, d...] (or []), the i-th
     * {@code (3 * i + 1) % C}; the first is {@code ignored} unless that is null.
     */
    private static Tensor classes(Tensor input, Long ignored) {
        int classDim = input.dim() == 1 ? 0 : 1;
        int c = input.size(classDim);
        int[] dims = new int[input.dim() - 1];
        for (int d = 0, j = 0; d < input.dim(); d++) {
            if (d != classDim) {
                dims[j++] = input.size(d);
            }
        }
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = (3L * i + 1) % c;
        }
        if (ignored != null && n > 1) {
            t[0] = ignored;
        }
        return Tensor.of(t, dims).to(input.device());
    }

    /** A fixed running statistic [C] for {@code input}'s channels, in its dtype: {@code base + step * c}. */
    private static Tensor running(Tensor input, double step, double base) {
        int c = input.size(1);
        double[] v = new double[c];
        for (int i = 0; i < c; i++) {
            v[i] = base + step * i;
        }
        return Tensor.of(v, c).to(input.dtype()).to(input.device());
    }
}
