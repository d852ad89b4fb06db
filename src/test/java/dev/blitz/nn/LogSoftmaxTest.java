package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LogSoftmaxTest {

    @Test
    void isTheLogOfTheSoftmaxAndFeedsNllLoss() {
        double[] x = {1, 2, 3, -1, 0, 4};
        Tensor logp = new LogSoftmax(0).forward(Tensor.of(x, 2, 3));
        double[] expected = new double[6];
        for (int c = 0; c < 3; c++) {
            double lse = Math.log(Math.exp(x[c]) + Math.exp(x[3 + c]));
            expected[c] = x[c] - lse;
            expected[3 + c] = x[3 + c] - lse;
        }
        assertArrayEquals(expected, logp.toDoubleArray(), 1e-12);
        assertEquals("LogSoftmax(dim=0)", new LogSoftmax(0).toString());

        Tensor logits = Tensor.of(x, 2, 3);
        Tensor target = Tensor.of(new long[] {2, 0}, 2);
        Tensor viaModules = new NLLLoss().forward(new LogSoftmax(1).forward(logits), target);
        double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        double row1 = Math.log(Math.exp(-1) + Math.exp(0) + Math.exp(4)) - (-1);
        assertEquals((row0 + row1) / 2, viaModules.itemDouble(), 1e-12);
    }
}
