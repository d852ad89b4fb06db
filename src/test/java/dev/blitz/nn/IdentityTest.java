package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityTest {

    @Test
    void returnsItsInputAndHasNothingToLearn() {
        Identity id = new Identity();
        Tensor x = Tensor.randn(2, 3);
        assertSame(x, id.forward(x));
        assertTrue(id.parameters().isEmpty());
        assertEquals("Identity()", id.toString());
    }

    @Test
    void replacesAHeadInASequential() {
        Sequential net = new Sequential(new Linear(4, 3), new Identity());
        assertEquals("Sequential(\n"
                + "  (0): Linear(in_features=4, out_features=3, bias=True)\n"
                + "  (1): Identity()\n"
                + ")", net.toString());
        assertEquals(3, net.forward(Tensor.zeros(2, 4)).size(1));
    }
}
