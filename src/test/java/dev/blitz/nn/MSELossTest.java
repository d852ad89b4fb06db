package dev.blitz.nn;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MSELossTest {

    @Test
    void meanOfSquaredDifferencesByDefault() {
        Tensor output = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        Tensor target = Tensor.of(new float[] {1, 0, 0}, 1, 3);
        assertEquals(13f / 3, new MSELoss().forward(output, target).item(), 1e-6);
        assertEquals(13f, new MSELoss(Reduction.SUM).forward(output, target).item());
    }

    @Test
    void theTutorialsTransposedTargetIsRefusedWithTheFix() {
        // The blitz tutorial's target.view(-1, 1) against a 1x10 output: PyTorch broadcasts to 10x10 and warns.
        Tensor output = Tensor.zeros(1, 10);
        Tensor target = Tensor.zeros(10).view(-1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MSELoss().forward(output, target));
        assertEquals("mse_loss: input shape [1, 10] and target shape [10, 1] differ; they must be equal (no "
                + "broadcasting). Reshape the target with target.view(1, 10).", e.getMessage());
    }

    @Test
    void differentElementCountsPointAtTheModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MSELoss().forward(Tensor.zeros(4, 10), Tensor.zeros(4, 2)));
        assertEquals("mse_loss: input shape [4, 10] and target shape [4, 2] differ; they must be equal (no "
                + "broadcasting). Check that the target matches the model's output.", e.getMessage());
    }
}
