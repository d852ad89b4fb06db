package dev.blitz.nn;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buffers ({@code register_buffer}) in the state dict, loading and moving, and train/eval through the tree. */
class ModuleBuffersTest {
    /** A parameter and a buffer of its own, and a batch norm with both. */
    static class Net extends Module {
        final Tensor scale = registerParameter("scale", Tensor.ones(2));
        final Tensor steps = registerBuffer("steps", Tensor.zeros(Shape.of(), DType.INT64, Device.CPU));
        final BatchNorm1d bn = register("bn", new BatchNorm1d(2));

        @Override
        public Tensor forward(Tensor x) {
            return bn.forward(x.mul(scale));
        }
    }

    @Test
    void buffersFollowEachModulesParametersInTheStateDictButAreNotParameters() {
        Net net = new Net();
        assertEquals(List.of("scale", "steps", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
                "bn.num_batches_tracked"), new ArrayList<>(net.stateDict().keySet()));
        assertEquals(List.of(net.scale, net.bn.weight, net.bn.bias), net.parameters());
        assertEquals(List.of("steps", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"),
                new ArrayList<>(net.namedBuffers().keySet()));
        assertSame(net.bn.runningMean, net.buffers().get(1));
        assertFalse(net.bn.runningMean.requiresGrad());
        assertEquals(DType.INT64, net.stateDict().get("bn.num_batches_tracked").dtype());
    }

    @Test
    void loadStateDictCopiesBuffersIntoTheSameObjects() {
        Net trained = new Net();
        trained.forward(Tensor.of(new float[] {1, 2, 3, 5, 4, 0}, 3, 2));
        try (var g = GradMode.noGrad()) {
            trained.steps.fillInPlace(7);
        }
        Net fresh = new Net();
        Tensor mean = fresh.bn.runningMean;
        fresh.loadStateDict(trained.stateDict());
        assertSame(mean, fresh.bn.runningMean);
        // Batch means 8/3 and 7/3, one step of momentum 0.1 from 0.
        assertArrayEquals(new float[] {0.1f * 8 / 3, 0.1f * 7 / 3}, fresh.bn.runningMean.toFloatArray(), 1e-6f);
        assertEquals(1, fresh.bn.numBatchesTracked.itemLong());
        assertEquals(DType.INT64, fresh.bn.numBatchesTracked.dtype());
        assertEquals(7, fresh.steps.itemLong());
    }

    @Test
    void aMissingBufferIsNamedLikeAMissingParameter() {
        Net net = new Net();
        Map<String, Tensor> state = new LinkedHashMap<>(new Net().stateDict());
        state.remove("bn.running_var");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state));
        assertEquals("Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: \"bn.running_var\".",
                e.getMessage());
    }

    @Test
    void toMovesBuffersAndKeepsTheObjects() {
        Net net = new Net();
        Tensor var = net.bn.runningVar;
        assertSame(net, net.to(Device.CPU));
        assertSame(var, net.bn.runningVar);
        assertEquals(Device.CPU, net.bn.numBatchesTracked.device());
    }

    @Test
    void aBufferNameMustBeFree() {
        class Clash extends Module {
            final Tensor w = registerParameter("w", Tensor.ones(1));

            Clash() {
                registerBuffer("w", Tensor.zeros(1));
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Clash::new);
        assertEquals("\"w\" is already registered in Clash", e.getMessage());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential net = new Sequential(new Linear(2, 2), new Sequential(new Dropout(), new BatchNorm1d(2)));
        Module inner = net.namedModules().get("1.1");
        assertTrue(net.isTraining() && inner.isTraining(), "modules start in training mode");
        assertSame(net, net.eval());
        assertFalse(net.isTraining() || net.namedModules().get("1").isTraining() || inner.isTraining());
        net.train();
        assertTrue(inner.isTraining());
        net.train(false);
        assertFalse(inner.isTraining());
        inner.train(true);
        assertTrue(inner.isTraining() && !net.isTraining(), "a child may be switched alone, as in PyTorch");
        assertEquals(List.of("", "0", "1", "1.0", "1.1"), new ArrayList<>(net.namedModules().keySet()));
    }
}
