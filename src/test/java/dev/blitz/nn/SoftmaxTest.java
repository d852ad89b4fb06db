package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SoftmaxTest {

    @Test
    void normalisesAlongItsDimension() {
        double[] x = {1, 2, 3, -1, 0, 4};
        Tensor out = new Softmax(1).forward(Tensor.of(x, 2, 3));
        double[] expected = new double[6];
        for (int r = 0; r < 2; r++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(x[3 * r + c]);
            }
            for (int c = 0; c < 3; c++) {
                expected[3 * r + c] = Math.exp(x[3 * r + c]) / sum;
            }
        }
        assertArrayEquals(expected, out.toDoubleArray(), 1e-12);
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        assertEquals("Softmax(dim=-1)", new Softmax(-1).toString());
    }
}
