package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NLLLoss against PyTorch's formula written out here in float64: {@code l_n = -w[t_n] * x[n, t_n]}, 0 where
 * {@code t_n} is the ignored index; the mean is {@code sum l_n / sum w[t_n]} over the kept targets.
 */
class NLLLossTest {
    private static final double[] X = {
        -0.5, -1.2, -2.0,
        -0.1, -3.0, -0.7,
        -1.5, -0.4, -0.9,
        -2.2, -0.3, -1.1};
    private static final long[] T = {2, 0, -100, 1};
    private static final double[] W = {0.2, 1.0, 3.0};

    private static double[] perSample(double[] w) {
        double[] l = new double[T.length];
        for (int n = 0; n < T.length; n++) {
            l[n] = T[n] == -100 ? 0 : -w[(int) T[n]] * X[n * 3 + (int) T[n]];
        }
        return l;
    }

    private static double keptWeight(double[] w) {
        double s = 0;
        for (long t : T) {
            s += t == -100 ? 0 : w[(int) t];
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void weightedWithAnIgnoredTarget(Reduction reduction) {
        NLLLoss loss = NLLLoss.builder().weight(Tensor.of(W, 3)).reduction(reduction).build();
        Tensor out = loss.forward(Tensor.of(X, 4, 3), Tensor.of(T, 4));
        double[] l = perSample(W);
        double sum = 0;
        for (double v : l) {
            sum += v;
        }
        switch (reduction) {
            case NONE -> assertArrayEquals(l, out.toDoubleArray(), 1e-12);
            case SUM -> assertEquals(sum, out.itemDouble(), 1e-12);
            case MEAN -> assertEquals(sum / keptWeight(W), out.itemDouble(), 1e-12);
        }
    }

    @Test
    void withoutWeightsTheMeanIsOverTheKeptTargets() {
        double[] l = perSample(new double[] {1, 1, 1});
        double expected = (l[0] + l[1] + l[3]) / 3;
        assertEquals(expected, new NLLLoss().forward(Tensor.of(X, 4, 3), Tensor.of(T, 4)).itemDouble(), 1e-12);
        Tensor allIgnored = F.nllLoss(Tensor.of(X, 4, 3), Tensor.of(new long[] {1, 1, 1, 1}, 4), null, 1,
                Reduction.MEAN);
        assertTrue(Double.isNaN(allIgnored.itemDouble()), "0 / 0, as in PyTorch");
    }

    @Test
    void takesAnUnbatchedRowAndSpatialTargets() {
        assertEquals(2.0, F.nllLoss(Tensor.of(new double[] {-0.5, -2.0, -1.0}, 3), Tensor.of(new long[] {1}, 1)
                .squeeze(0)).itemDouble(), 1e-12);
        // [N=2, C=3, L=2] against [2, 2]: x[n, t[n, l], l].
        double[] x = new double[12];
        for (int i = 0; i < 12; i++) {
            x[i] = -0.1 * (i + 1);
        }
        long[] t = {0, 2, 1, 1};
        Tensor out = F.nllLoss(Tensor.of(x, 2, 3, 2), Tensor.of(t, 2, 2), null, -100, Reduction.NONE);
        double[] expected = new double[4];
        for (int n = 0; n < 2; n++) {
            for (int j = 0; j < 2; j++) {
                expected[n * 2 + j] = -x[(n * 3 + (int) t[n * 2 + j]) * 2 + j];
            }
        }
        assertArrayEquals(new int[] {2, 2}, out.size());
        assertArrayEquals(expected, out.toDoubleArray(), 1e-12);
    }

    @Test
    void theWeightIsABufferAndTheModulePrintsAsPyTorch() {
        NLLLoss loss = NLLLoss.builder().weight(Tensor.ones(3)).build();
        assertEquals(List.of("weight"), List.copyOf(loss.stateDict().keySet()));
        assertTrue(loss.parameters().isEmpty());
        assertEquals("NLLLoss()", loss.toString());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> loss.forward(Tensor.zeros(2, 3)));
        assertEquals("NLLLoss.forward() missing 1 required argument: 'target'; call forward(input, target)",
                e.getMessage());
    }

    @Test
    void refusesWithPyTorchsMessages() {
        Tensor x = Tensor.of(X, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.nllLoss(x, Tensor.of(new long[] {0, 5, 1, 1}, 4)));
        assertEquals("nll_loss: Target 5 is out of bounds.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.nllLoss(x, Tensor.of(new long[] {0, 1, 1}, 3)));
        assertEquals("nll_loss: Expected input batch_size (4) to match target batch_size (3).", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> F.nllLoss(x, Tensor.of(T, 4), Tensor.ones(2), -100, Reduction.MEAN));
        assertEquals("nll_loss: weight tensor should be defined either for all 3 classes or no classes but got weight"
                + " tensor of shape: [2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.nllLoss(x, Tensor.of(new float[] {0, 1, 1, 2}, 4)));
        assertEquals("nll_loss: expected scalar type Long but found Float (a target of torch.float32; class indices"
                + " are int64)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.nllLoss(x, Tensor.of(new long[] {0, 1, 1, 2,
            0, 1, 1, 2}, 4, 2)));
        assertEquals("nll_loss: 0D or 1D target tensor expected, multi-target not supported (input [4, 3])",
                e.getMessage());
    }
}
