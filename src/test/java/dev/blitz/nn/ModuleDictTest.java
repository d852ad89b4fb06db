package dev.blitz.nn;

import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleDictTest {

    @Test
    void holdsModulesByNameInInsertionOrderAndPrintsAsPyTorch() {
        Map<String, Module> layers = new LinkedHashMap<>();
        layers.put("conv", new Conv2d(1, 2, 3));
        layers.put("act", new ReLU());
        ModuleDict dict = new ModuleDict(layers).put("pool", new MaxPool2d(2));
        assertEquals(List.of("conv", "act", "pool"), new ArrayList<>(dict.keys()));
        assertEquals(List.of("conv.weight", "conv.bias"), new ArrayList<>(dict.namedParameters().keySet()));
        assertTrue(dict.containsKey("act"));
        assertFalse(dict.containsKey("fc"));
        assertEquals(3, dict.size());
        assertEquals("ModuleDict(\n"
                + "  (conv): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))\n"
                + "  (act): ReLU()\n"
                + "  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
                + ")", dict.toString());
    }

    @Test
    void puttingANameAgainReplacesTheModuleInItsPlace() {
        ModuleDict dict = new ModuleDict().put("a", new Linear(2, 2)).put("b", new ReLU());
        Identity id = new Identity();
        dict.put("a", id);
        assertEquals(List.of("a", "b"), new ArrayList<>(dict.keys()));
        assertEquals(id, dict.get("a"));
        assertTrue(dict.parameters().isEmpty());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> dict.get("c"));
        assertEquals("no module named \"c\" in ModuleDict (keys: [a, b])", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> dict.forward(Tensor.zeros(1)));
    }
}
