package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BatchNorm1d over (N, C) and (N, C, L), against the formula computed by hand in float64. */
class BatchNorm1dTest {

    @Test
    void normalisesEachFeatureOverTheBatch() {
        BatchNorm1d bn = new BatchNorm1d(2);
        // Feature 0: 1, 3, 5 (mean 3, biased variance 8/3); feature 1: 2, 2, 8 (mean 4, biased variance 8).
        Tensor y = bn.forward(Tensor.of(new float[] {1, 2, 3, 2, 5, 8}, 3, 2));
        double s0 = Math.sqrt(8.0 / 3 + 1e-5);
        double s1 = Math.sqrt(8.0 + 1e-5);
        assertArrayEquals(new float[] {(float) (-2 / s0), (float) (-2 / s1), 0, (float) (-2 / s1),
            (float) (2 / s0), (float) (4 / s1)}, y.toFloatArray(), 1e-6f);
        // Unbiased variances 4 and 12.
        assertArrayEquals(new float[] {0.3f, 0.4f}, bn.runningMean.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.4f, 0.9f + 1.2f}, bn.runningVar.toFloatArray(), 1e-6f);
        assertEquals("BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.toString());
    }

    @Test
    void takesASequenceDimensionToo() {
        BatchNorm1d bn = new BatchNorm1d(1);
        // One channel, N = 2, L = 2: values 0, 2, 4, 6 (mean 3, biased variance 5).
        Tensor y = bn.forward(Tensor.of(new float[] {0, 2, 4, 6}, 2, 1, 2));
        double s = Math.sqrt(5 + 1e-5);
        assertArrayEquals(new float[] {(float) (-3 / s), (float) (-1 / s), (float) (1 / s), (float) (3 / s)},
                y.toFloatArray(), 1e-6f);
        assertArrayEquals(new int[] {2, 1, 2}, y.size());
    }

    @Test
    void aBatchOfOneIsRefusedInTrainingOnly() {
        BatchNorm1d bn = new BatchNorm1d(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(Tensor.zeros(1, 3)));
        assertEquals("batch_norm: Expected more than 1 value per channel when training, got input size"
                + " torch.Size([1, 3])", e.getMessage());
        assertEquals(0, bn.numBatchesTracked.itemLong());
        bn.eval();
        // Running statistics 0 and 1: y = x / sqrt(1 + eps).
        float[] y = bn.forward(Tensor.of(new float[] {1, 2, 3}, 1, 3)).toFloatArray();
        double s = Math.sqrt(1 + 1e-5);
        assertArrayEquals(new float[] {(float) (1 / s), (float) (2 / s), (float) (3 / s)}, y, 1e-6f);
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 3, 2, 2)));
        assertEquals("expected 2D or 3D input (got 4D input)", e.getMessage());
    }
}
