package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModuleListTest {
    /** A stack of layers held in a ModuleList, its forward written by hand, as in PyTorch. */
    static class Mlp extends Module {
        final ModuleList layers = register("layers", new ModuleList(new Linear(4, 4), new Linear(4, 4)));

        Mlp() {
            layers.append(new Linear(4, 2));
        }

        @Override
        public Tensor forward(Tensor x) {
            for (Module layer : layers) {
                x = F.relu(layer.forward(x));
            }
            return x;
        }
    }

    @Test
    void itsModulesParametersBelongToTheOwner() {
        Mlp mlp = new Mlp();
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                "layers.2.weight", "layers.2.bias"), new ArrayList<>(mlp.namedParameters().keySet()));
        assertEquals(2, mlp.forward(Tensor.zeros(3, 4)).size(1));
        assertEquals(3, mlp.layers.size());
        assertSame(mlp.layers.get(2), mlp.layers.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> mlp.layers.get(3));
    }

    @Test
    void printsRunsOfEqualModulesOnOneLineAsPyTorch2() {
        ModuleList list = new ModuleList(List.of(new Linear(10, 10), new Linear(10, 10), new Linear(10, 10)))
                .append(new ReLU())
                .extend(List.of(new Linear(10, 2)));
        assertEquals("ModuleList(\n"
                + "  (0-2): 3 x Linear(in_features=10, out_features=10, bias=True)\n"
                + "  (3): ReLU()\n"
                + "  (4): Linear(in_features=10, out_features=2, bias=True)\n"
                + ")", list.toString());
        assertEquals("ModuleList()", new ModuleList().toString());
        assertEquals("Mlp(\n"
                + "  (layers): ModuleList(\n"
                + "    (0-1): 2 x Linear(in_features=4, out_features=4, bias=True)\n"
                + "    (2): Linear(in_features=4, out_features=2, bias=True)\n"
                + "  )\n"
                + ")", new Mlp().toString());
    }

    @Test
    void hasNoForwardOfItsOwn() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new ModuleList(new ReLU()).forward(Tensor.zeros(1)));
        assertEquals("Module [ModuleList] is missing the required \"forward\" function; call its modules from the"
                + " owning module's forward", e.getMessage());
    }
}
