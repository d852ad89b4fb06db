package dev.blitz.nn;

import dev.blitz.models.LeNet;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    private static final List<String> NAMES = List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");
    private static final int[][] SHAPES = {{6, 1, 5, 5}, {6}, {16, 6, 5, 5}, {16}, {120, 400}, {120}, {84, 120},
        {84}, {10, 84}, {10}};

    @Test
    void printsTheNetAsPyTorch() {
        assertEquals("LeNet(\n"
                + "  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))\n"
                + "  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))\n"
                + "  (fc1): Linear(in_features=400, out_features=120, bias=True)\n"
                + "  (fc2): Linear(in_features=120, out_features=84, bias=True)\n"
                + "  (fc3): Linear(in_features=84, out_features=10, bias=True)\n"
                + ")", new LeNet().toString());
    }

    @Test
    void parametersComeInRegistrationOrderWithPyTorchShapes() {
        LeNet net = new LeNet();
        List<Tensor> params = net.parameters();
        assertEquals(10, params.size());
        for (int i = 0; i < SHAPES.length; i++) {
            assertArrayEquals(SHAPES[i], params.get(i).size(), NAMES.get(i));
            assertTrue(params.get(i).requiresGrad() && params.get(i).isLeaf(), NAMES.get(i));
        }
        assertSame(net.conv1.weight, params.get(0));
        assertSame(net.fc3.bias, params.get(9));
        assertEquals(NAMES, new ArrayList<>(net.namedParameters().keySet()));
        assertSame(net.fc2.weight, net.namedParameters().get("fc2.weight"));
    }

    @Test
    void stateDictSharesMemoryWithTheParameters() {
        LeNet net = new LeNet();
        Map<String, Tensor> state = net.stateDict();
        assertEquals(NAMES, new ArrayList<>(state.keySet()));
        Tensor bias = state.get("conv1.bias");
        assertFalse(bias.requiresGrad());
        try (var g = GradMode.noGrad()) {
            net.conv1.bias.fillInPlace(0.5f);
        }
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, bias.toFloatArray());
    }

    @Test
    void loadStateDictCopiesValuesIntoTheSameParameterObjects() {
        LeNet source = new LeNet();
        LeNet target = new LeNet();
        Tensor targetWeight = target.fc1.weight;
        target.loadStateDict(source.stateDict());
        assertSame(targetWeight, target.fc1.weight);
        for (String name : NAMES) {
            assertArrayEquals(source.namedParameters().get(name).toFloatArray(),
                    target.namedParameters().get(name).toFloatArray(), name);
        }
        try (var g = GradMode.noGrad()) {
            source.fc3.bias.fillInPlace(9f);
        }
        assertFalse(target.fc3.bias.toFloatArray()[0] == 9f, "loaded values are copies, not aliases");
    }

    @Test
    void loadStateDictNamesEveryProblemAndCopiesNothing() {
        LeNet net = new LeNet();
        float[] before = net.conv1.weight.toFloatArray();
        Map<String, Tensor> state = new LinkedHashMap<>(new LeNet().stateDict());
        state.remove("fc3.bias");
        state.put("fc4.weight", Tensor.zeros(10, 84));
        state.put("conv1.bias", Tensor.zeros(7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state));
        assertEquals("Error(s) in loading state_dict for LeNet:\n"
                + "\tMissing key(s) in state_dict: \"fc3.bias\".\n"
                + "\tUnexpected key(s) in state_dict: \"fc4.weight\".\n"
                + "\tsize mismatch for conv1.bias: copying a param with shape [7] from checkpoint, the shape in "
                + "current model is [6].", e.getMessage());
        assertArrayEquals(before, net.conv1.weight.toFloatArray());
    }

    @Test
    void zeroGradKeepsZeroTensorsAfterABackward() {
        LeNet net = new LeNet();
        for (Tensor p : net.parameters()) {
            assertNull(p.grad(), "no gradient before the first backward");
        }
        net.forward(Tensor.randn(1, 1, 32, 32)).sum().backward();
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : net.parameters()) {
            assertNotNull(p.grad());
            grads.add(p.grad());
        }
        net.zeroGrad();
        for (int i = 0; i < grads.size(); i++) {
            Tensor g = net.parameters().get(i).grad();
            assertSame(grads.get(i), g, "zeroed in place");
            assertArrayEquals(new float[g.numel()], g.toFloatArray(), NAMES.get(i));
        }
        assertEquals("tensor([0., 0., 0., 0., 0., 0.])", net.conv1.bias.grad().toString());
    }

    @Test
    void layersPrintAsPyTorch() {
        assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)",
                new Conv2d(3, 8, 3, 2, 1, false).toString());
        assertEquals("Linear(in_features=4, out_features=2, bias=False)", new Linear(4, 2, false).toString());
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)",
                new MaxPool2d(2).toString());
        assertEquals("MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=1, ceil_mode=False)",
                new MaxPool2d(3, 1, 1).toString());
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("MSELoss()", new MSELoss().toString());
        assertEquals("Sequential()", new Sequential().toString());
    }

    @Test
    void sequentialRunsItsModulesInOrderAndIndentsNestedOnes() {
        Sequential seq = new Sequential(new Conv2d(1, 6, 3), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Sequential(new Linear(54, 10)));
        assertEquals("Sequential(\n"
                + "  (0): Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))\n"
                + "  (1): ReLU()\n"
                + "  (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
                + "  (3): Flatten(start_dim=1, end_dim=-1)\n"
                + "  (4): Sequential(\n"
                + "    (0): Linear(in_features=54, out_features=10, bias=True)\n"
                + "  )\n"
                + ")", seq.toString());
        assertEquals(List.of("0.weight", "0.bias", "4.0.weight", "4.0.bias"),
                new ArrayList<>(seq.namedParameters().keySet()));
        assertArrayEquals(new int[] {2, 10}, seq.forward(Tensor.randn(2, 1, 8, 8)).size());
    }

    @Test
    void aModuleRegisteredTwiceContributesItsParametersOnce() {
        Linear shared = new Linear(3, 3);
        Sequential twice = new Sequential(shared, new ReLU(), shared);
        // As PyTorch: parameters()/named_parameters() skip repeats, state_dict() names every place.
        assertEquals(List.of(shared.weight, shared.bias), twice.parameters());
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(twice.namedParameters().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(twice.stateDict().keySet()));
        twice.loadStateDict(new Sequential(new Linear(3, 3), new ReLU(), new Linear(3, 3)).stateDict());
    }

    /** A net made inside a scope dies with it; its next forward names the parameter and what closed it. */
    @Test
    void aParameterClosedByAScopeIsNamedWhenUsed() {
        LeNet net;
        try (var scope = MemoryScope.open()) {
            net = new LeNet();
        }
        Tensor input = Tensor.zeros(1, 1, 32, 32);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.forward(input));
        assertEquals("conv1.weight (tensor of shape [6, 1, 5, 5]) was closed by the MemoryScope it was created in;"
                + " create the network outside the scope, or pass what must outlive it to scope.keep(...)",
                e.getMessage());
    }

    @Test
    void aClosedParameterIsNamedFromTheOutermostModule() {
        class Net extends Module {
            final Sequential features = register("features", new Sequential(new Linear(3, 4), new ReLU()));
            final Linear head = register("head", new Linear(4, 2));

            @Override
            public Tensor forward(Tensor x) {
                return head.forward(features.forward(x));
            }
        }
        Net net = new Net();
        net.head.bias.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.forward(Tensor.zeros(1, 3)));
        assertEquals("head.bias (tensor of shape [2]) was closed (close() was called on it) and can no longer be used",
                e.getMessage());
        ((Linear) net.features.namedChildren().get("0")).weight.close();
        e = assertThrows(IllegalStateException.class, () -> net.forward(Tensor.zeros(1, 3)));
        assertTrue(e.getMessage().startsWith("features.0.weight (tensor of shape [4, 3]) was closed"), e.getMessage());
    }
}
