package dev.blitz.tensor;

import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scope rules on the CPU, where a closed tensor is just as unusable as on a GPU (CudaMemoryTest: the bytes). */
class MemoryScopeTest {
    private static Tensor cpu(float... values) {
        return Tensor.of(values, Shape.of(values.length), Device.CPU);
    }

    private static void assertClosed(Tensor t) {
        assertThrows(IllegalStateException.class, t::buffer);
    }

    @Test
    void closesWhatWasMadeInsideAndKeepsTheRest() {
        Tensor before = cpu(1, -2);
        Tensor inside;
        Tensor kept;
        try (var scope = MemoryScope.open()) {
            inside = before.add(before);
            kept = scope.keep(inside.mul(3f));
        }
        assertClosed(inside);
        assertArrayEquals(new float[] {6, -12}, kept.toFloatArray());
        assertArrayEquals(new float[] {1, -2}, before.toFloatArray());
    }

    /** A training step: activations go, the parameter's gradient (made inside the scope) stays. */
    @Test
    void gradientsOfOutsideLeavesSurviveTheStep() {
        Tensor w = cpu(1, -2, 3).requiresGrad(true);
        Tensor activation;
        for (int step = 0; step < 2; step++) {
            try (var scope = MemoryScope.open()) {
                activation = ReluOp.apply(w.mul(2f));
                activation.sum().backward();
            }
            assertClosed(activation);
        }
        assertArrayEquals(new float[] {4, 0, 4}, w.grad().toFloatArray());
    }

    /** An optimizer's lazily made momentum buffer belongs to its parameter, not to the step that made it. */
    @Test
    void stateKeptWithAParameterOutlivesTheStepThatMadeIt() {
        Tensor param = cpu(1, 2);
        Tensor buffer;
        Tensor temporary;
        try (var scope = MemoryScope.open()) {
            buffer = MemoryScope.keepWith(param, Tensor.zerosLike(param));
            temporary = Tensor.zerosLike(param);
        }
        assertClosed(temporary);
        assertArrayEquals(new float[] {0, 0}, buffer.toFloatArray());
        try (var outer = MemoryScope.open()) {
            Tensor local = cpu(3);
            try (var inner = MemoryScope.open()) {
                buffer = MemoryScope.keepWith(local, Tensor.zerosLike(local));
            }
            assertEquals(0f, buffer.item(), "lives with its owner, past the inner scope");
        }
        assertClosed(buffer);
    }

    @Test
    void gradientsOfLeavesMadeInsideGoWithThem() {
        Tensor x;
        try (var scope = MemoryScope.open()) {
            x = cpu(1, 2).requiresGrad(true);
            x.sum().backward();
        }
        assertClosed(x);
        assertClosed(x.grad());
    }

    @Test
    void keptTensorsJoinTheEnclosingScope() {
        Tensor t;
        try (var outer = MemoryScope.open()) {
            try (var inner = MemoryScope.open()) {
                t = inner.keep(cpu(5));
            }
            assertEquals(5f, t.item());
        }
        assertClosed(t);
    }

    @Test
    void viewsAreTemporariesToo() {
        Tensor base = cpu(1, 2, 3, 4);
        Tensor view;
        try (var scope = MemoryScope.open()) {
            view = base.view(2, 2);
        }
        assertClosed(view);
        assertArrayEquals(new float[] {1, 2, 3, 4}, base.toFloatArray(), "closing a view keeps its base");
    }

    @Test
    void closingOutOfOrderIsAnError() {
        var outer = MemoryScope.open();
        var inner = MemoryScope.open();
        try {
            var e = assertThrows(IllegalStateException.class, outer::close);
            assertEquals(true, e.getMessage().contains("out of order"), e.getMessage());
        } finally {
            inner.close();
            outer.close();
        }
    }

    /** A scope around a whole loop, not one per step: it says so once, long before memory runs out. */
    @Test
    void aScopeThatKeepsGrowingWarnsOnceWithWhatToDo() {
        List<String> lines = new ArrayList<>();
        Consumer<String> stderr = MemoryScope.warnings;
        MemoryScope.warnings = lines::add;
        Tensor x = cpu(1, 2);
        try {
            try (var wholeLoop = MemoryScope.open()) {
                for (int step = 0; step < MemoryScope.WARN_TENSORS; step++) {
                    x.mul(2f);
                }
                assertEquals(List.of(), lines, "up to the threshold, silence");
                for (int step = 0; step < 100; step++) {
                    x.mul(2f);
                }
            }
            assertEquals(1, lines.size(), "once per scope: " + lines);
            String line = lines.get(0);
            assertTrue(line.startsWith("blitz: warning: an open MemoryScope holds 10001 tensors (78.1 KiB)"), line);
            assertTrue(line.contains("open one per step: for (...) { try (var step = MemoryScope.open()) { ... } }"),
                    line);
            try (var another = MemoryScope.open()) {
                for (int step = 0; step <= MemoryScope.WARN_TENSORS; step++) {
                    x.mul(2f);
                }
            }
            assertEquals(2, lines.size(), "each scope warns for itself");
        } finally {
            MemoryScope.warnings = stderr;
        }
    }

    @Test
    void theWarningAlsoComesPastAGibibyteOfTensors() {
        assertFalse(MemoryScope.tooMany(MemoryScope.WARN_TENSORS, MemoryScope.WARN_BYTES));
        assertTrue(MemoryScope.tooMany(3, MemoryScope.WARN_BYTES + 1));
        assertTrue(MemoryScope.warning(3, 3L << 29).contains("holds 3 tensors (1.5 GiB)"));
    }
}
